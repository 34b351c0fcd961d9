// readme:start next-widget
"use client";
import { useState } from "react";
import "video-uploader-wasm/widget"; // defines <video-upload-widget> in the browser; nothing on the server

export function UploadWidget({ uploadToken, apiHost }: { uploadToken: string; apiHost?: string }) {
  const [videoId, setVideoId] = useState("");
  return (
    <>
      <video-upload-widget
        upload-token={uploadToken}
        api-host={apiHost}
        // A listener added by a ref: React 19 does not attach an onupload-complete prop when it
        // hydrates server-rendered HTML (it does in client-only renders).
        ref={(widget) => {
          const listening = new AbortController();
          widget?.addEventListener("upload-complete", (e) => setVideoId(e.detail.video.videoId), { signal: listening.signal });
          return () => listening.abort();
        }}
      />
      {videoId && <p id="widget-status">Uploaded: {videoId}</p>}
    </>
  );
}
// readme:end next-widget
