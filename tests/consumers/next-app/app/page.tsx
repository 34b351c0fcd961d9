// readme:start next-page
import { connection } from "next/server";
import { UploadTokens } from "video-uploader-wasm/tokens";
import { FileUpload } from "./file-upload";
import { UploadWidget } from "./upload-widget";

// A server component: the API key never leaves the server; the page gets a token that can only upload.
export default async function Page() {
  await connection(); // rendered for each request, so that no token is baked into the build
  const tokens = new UploadTokens({ apiKey: process.env.API_VIDEO_KEY!, apiHost: process.env.API_VIDEO_HOST });
  const { token } = await tokens.createToken({ ttl: 3600 }); // valid for an hour
  const apiHost = process.env.API_VIDEO_HOST; // here the local upload-server; unset for api.video
  return (
    <main>
      <UploadWidget uploadToken={token} apiHost={apiHost} />
      <FileUpload uploadToken={token} apiHost={apiHost} />
    </main>
  );
}
// readme:end next-page
