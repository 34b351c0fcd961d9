// readme:start sveltekit-load
import { env } from "$env/dynamic/private";
import { UploadTokens } from "video-uploader-wasm/tokens";
import type { PageServerLoad } from "./$types";

// Runs on the server, for each request: the API key never leaves it; the page gets a token that can only upload.
export const load: PageServerLoad = async () => {
  const tokens = new UploadTokens({ apiKey: env.API_VIDEO_KEY!, apiHost: env.API_VIDEO_HOST });
  const { token } = await tokens.createToken({ ttl: 3600 }); // valid for an hour
  return { uploadToken: token, apiHost: env.API_VIDEO_HOST }; // apiHost: here the local upload-server; unset for api.video
};
// readme:end sveltekit-load
