// The package's entry points as an app imports them: no init() needed (the classes start the
// module on first use), the token client from its own entry, the widget entry typed, and the
// load error typed.
import init, { VideoUploader, WasmLoadError, type VideoUploaderOptions } from "../../pkg/index.js";
import initTokens, { UploadTokens, WasmLoadError as TokensWasmLoadError } from "../../pkg/tokens.js";
import { describeError, VideoUploadWidget } from "../../pkg/widget.js";

const options: VideoUploaderOptions = { file: new Blob(["x"]), uploadToken: "to1tcmSFHeYY5KzyhOqVKMKb" };
const video = await new VideoUploader(options).upload();
console.log(video.videoId, new UploadTokens({ apiKey: "key" }));

// init() is optional, takes another location of the wasm, and rejects with a WasmLoadError.
await init({ module_or_path: "/assets/video_uploader_wasm_bg.wasm" });
await init().catch((error: unknown) => {
  if (error instanceof WasmLoadError) {
    const reason: "WASM_BLOCKED_BY_CSP" | "WASM_NOT_FOUND" | "WASM_UNREACHABLE" | "WASM_INVALID" = error.reason;
    console.log(reason, error.message);
  }
});
// @ts-expect-error the wasm's location is an option object's field
await init("/video_uploader_wasm_bg.wasm");
// The token entry starts its own module the same way, and fails with the same WasmLoadError.
await initTokens({ module_or_path: "/assets/video_uploader_wasm_tokens_bg.wasm" });
const sameClass: typeof WasmLoadError = TokensWasmLoadError;
console.log(sameClass);

// The widget: its element, its events and their details.
const widget = document.createElement("video-upload-widget");
const typed: VideoUploadWidget = widget;
typed.addFiles([new File(["x"], "clip.mp4")]);
widget.addEventListener("upload-complete", (event) => console.log(event.detail.video.videoId, event.detail.fileName));
widget.addEventListener("upload-progress", (event) => console.log(event.detail.progress.uploadedBytes));
widget.addEventListener("upload-error", (event) => console.log(event.detail.message, describeError(event.detail.error)));
// Every error the widget reports has a reason and a title, read without narrowing.
widget.addEventListener("upload-error", (event) => {
  const reason: string = event.detail.error.reason;
  const title: string = event.detail.error.title;
  if (event.detail.error.reason === "FILE_TOO_LARGE") console.log("too large", title);
  console.log(reason);
});
// @ts-expect-error the complete event's detail has no `progress`
widget.addEventListener("upload-complete", (event) => event.detail.progress);
{
  using disposable = new VideoUploader(options);
  disposable.pause();
}
