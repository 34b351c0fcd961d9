// readme:start next-uploader
"use client";
import { useState } from "react";
import { VideoUploader, type VideoUploadError } from "video-uploader-wasm";

export function FileUpload({ uploadToken, apiHost }: { uploadToken: string; apiHost?: string }) {
  const [progress, setProgress] = useState(0);
  const [status, setStatus] = useState("");

  async function upload(file: File) {
    const uploader = new VideoUploader({ file, uploadToken, apiHost });
    uploader.onProgress((e) => setProgress(e.uploadedBytes / e.totalBytes));
    try {
      const video = await uploader.upload();
      setStatus(`Uploaded: ${video.videoId}`);
    } catch (error) {
      setStatus(`Failed: ${(error as VideoUploadError).title}`);
    }
  }

  return (
    <>
      <input type="file" id="video" accept="video/*" onChange={(e) => e.target.files?.[0] && upload(e.target.files[0])} />
      <progress id="bar" max={1} value={progress} />
      <output id="status">{status}</output>
    </>
  );
}
// readme:end next-uploader
