// The page, rendered on the server for each request: it mints the upload token there, with the
// API key that never leaves the server, and hands it to the client components as a prop.
import { connection } from "next/server";
import { UploadTokens } from "video-uploader-wasm/tokens";
import { FileUpload } from "./file-upload";
import { UploadWidget } from "./upload-widget";
import { HydrationProbe } from "./hydration-probe";

export default async function Page() {
  await connection(); // rendered per request: a token is never baked into the build
  // readme:start next-token
  const tokens = new UploadTokens({ apiKey: process.env.API_VIDEO_KEY!, apiHost: process.env.API_VIDEO_HOST });
  const { token } = await tokens.createToken({ ttl: 3600 }); // for this visit: valid for an hour
  // readme:end next-token
  const apiHost = process.env.API_VIDEO_HOST; // here the local upload-server; unset for api.video
  return (
    <main>
      <h1>Upload a video</h1>
      <UploadWidget uploadToken={token} apiHost={apiHost} />
      <FileUpload uploadToken={token} apiHost={apiHost} />
      <HydrationProbe />
    </main>
  );
}
