// The README's backend snippet (between the readme markers), run as it is by the consumer test.
// Around it, what an app has anyway and the snippet leaves to it: who is signed in (here a
// `session` cookie naming the user) and its pages (here one page, with the package's files
// served from node_modules as a static site would copy them).
import { readFile } from "node:fs/promises";

// readme:start backend
import { createServer } from "node:http";
import { UploadTokens } from "video-uploader-wasm/tokens";

// The API key stays on the server. apiHost: omit it for api.video.
const tokens = new UploadTokens({ apiKey: process.env.API_VIDEO_KEY, apiHost: process.env.API_VIDEO_HOST });

createServer(async (request, response) => {
  if (request.url !== "/upload-token") return servePage(request, response); // the rest of your app
  const user = await signedInUser(request); // your own sessions
  if (!user) return response.writeHead(401).end();
  try {
    // A token for this user's visit: it can upload videos, nothing else, for an hour.
    const { token } = await tokens.createToken({ ttl: 3600 });
    response.writeHead(200, { "content-type": "application/json", "cache-control": "no-store" });
    response.end(JSON.stringify({ token }));
  } catch (error) {
    console.error("upload token:", error);
    response.writeHead(502).end();
  }
}).listen(process.env.PORT ?? 3000);
// readme:end backend

async function signedInUser(request) {
  return /(?:^|;\s*)session=([^;]+)/.exec(request.headers.cookie ?? "")?.[1] ?? null;
}

const TYPES = { html: "text/html", js: "text/javascript", wasm: "application/wasm" };

async function servePage(request, response) {
  const path = new URL(request.url, "http://localhost").pathname;
  const file = path === "/" ? new URL("./page/index.html", import.meta.url)
    : path.startsWith("/vendor/video-uploader-wasm/") && !path.includes("..")
      ? new URL(`./node_modules/video-uploader-wasm/${path.slice("/vendor/video-uploader-wasm/".length)}`, import.meta.url)
      : null;
  try {
    if (!file) throw new Error("not found");
    const body = await readFile(file);
    response.writeHead(200, { "content-type": TYPES[file.pathname.split(".").pop()] ?? "application/octet-stream" });
    response.end(body);
  } catch {
    response.writeHead(404).end();
  }
}
