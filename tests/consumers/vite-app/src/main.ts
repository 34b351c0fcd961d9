// readme:start vite
import { VideoUploader, type VideoUploadError } from "video-uploader-wasm";

const input = document.querySelector<HTMLInputElement>("#video")!;
const bar = document.querySelector<HTMLProgressElement>("#bar")!;
const status = document.querySelector<HTMLOutputElement>("#status")!;

input.addEventListener("change", async () => {
  const file = input.files?.[0];
  if (!file) return;
  const uploader = new VideoUploader({
    file,
    uploadToken: new URLSearchParams(location.search).get("token") ?? "", // a delegated upload token
    apiHost: location.origin, // here the local upload-server that serves this app; omit it for api.video
  });
  uploader.onProgress((e) => (bar.value = e.uploadedBytes / e.totalBytes));
  try {
    const video = await uploader.upload();
    status.textContent = `Uploaded: ${video.videoId}`;
  } catch (error) {
    const { title, reason } = error as VideoUploadError;
    status.textContent = `Failed: ${title ?? reason}`;
  }
});
// readme:end vite
