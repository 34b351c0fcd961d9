// ProgressiveUploader, whose WebAssembly module the package imports on first use: the file is
// sent as parts of 5 MiB, as a recording would be, the last with uploadLastPart().
import { ProgressiveUploader, type VideoUploadError } from "video-uploader-wasm";

const input = document.querySelector<HTMLInputElement>("#video")!;
const status = document.querySelector<HTMLOutputElement>("#status")!;
const PART = 5 * 1024 * 1024;

input.addEventListener("change", async () => {
  const file = input.files?.[0];
  if (!file) return;
  const uploader = new ProgressiveUploader({
    uploadToken: new URLSearchParams(location.search).get("token") ?? "",
    apiHost: location.origin,
  });
  try {
    let start = 0;
    for (; start + PART < file.size; start += PART) await uploader.uploadPart(file.slice(start, start + PART));
    const video = await uploader.uploadLastPart(file.slice(start));
    status.textContent = `Uploaded: ${video.videoId}`;
  } catch (error) {
    const { title, reason } = error as VideoUploadError;
    status.textContent = `Failed: ${title ?? reason}`;
  }
});
