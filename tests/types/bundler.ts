// The `--target bundler` build: no init() to call, the same classes and types.
import { UploadTokens, VideoUploader, type VideoUploaderOptions } from "../../target/pkg-bundler/video_uploader_wasm.js";

const options: VideoUploaderOptions = { file: new Blob(["x"]), uploadToken: "to1tcmSFHeYY5KzyhOqVKMKb" };
const video = await new VideoUploader(options).upload();
console.log(video.videoId, new UploadTokens({ apiKey: "key" }));
