// readme:start webpack
import "video-uploader-wasm/widget"; // registers <video-upload-widget>

const widget = document.querySelector("video-upload-widget");
widget.setAttribute("upload-token", new URLSearchParams(location.search).get("token") ?? "");
widget.setAttribute("api-host", location.origin); // here the local upload-server that serves this app
widget.addEventListener("upload-complete", (e) => console.log("uploaded", e.detail.video.videoId));
// readme:end webpack
