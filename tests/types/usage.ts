// Compiled with `tsc --noEmit` against the built package (pkg/index.d.ts, pkg/tokens.d.ts): proves the declarations type every
// option, event, answer and error. Each `@ts-expect-error` line must fail to type-check, or
// tsc reports the directive as unused.
import init, {
  forgetUpload,
  initProgressive,
  ProgressiveUploader,
  rememberedUpload,
  resumeKey,
  VideoUploader,
  type OptionError,
  type ProgressiveUploadProgressEvent,
  type RetryEvent,
  type UploadErrorReason,
  type UploadProgressEvent,
  type VideoUploadError,
  type VideoUploadResponse,
} from "../../pkg/index.js";
import { UploadTokens, type UploadToken } from "../../pkg/tokens.js";

await init();
const file = new File([new Uint8Array(10)], "clip.mp4", { type: "video/mp4" });

const uploader = new VideoUploader({
  file,
  uploadToken: "to1tcmSFHeYY5KzyhOqVKMKb",
  apiHost: "http://127.0.0.1:8080",
  chunkSize: 5 * 1024 * 1024,
  parallelChunks: 4,
  resume: true,
  retries: 3,
  retryStrategy: (retryCount: number, error: VideoUploadError) => (error.status === 503 ? 1000 * retryCount : null),
  videoName: "My clip",
  maxVideoDuration: 60,
  origin: { application: { name: "my-app", version: "1.2.3" } },
});
uploader.onProgress((event: UploadProgressEvent) => {
  const share: number = event.uploadedBytes / event.totalBytes;
  const chunk: number = event.currentChunk + event.chunksCount + event.chunksBytes + event.currentChunkUploadedBytes;
  console.log(share, chunk);
});
uploader.onPlayable((video: VideoUploadResponse) => console.log(video.assets?.player));
uploader.onPlayableError((error: VideoUploadError) => console.log(error.reason === "PLAYABLE_TIMEOUT"));
uploader.pause();
uploader.resume();
uploader.onRetry((event: RetryEvent) => {
  const wait: string = event.delayMs === null ? "when back online" : `${event.delayMs / 1000} s`;
  console.log(event.attempt, wait, event.error.title);
});
const video: VideoUploadResponse = await uploader.upload().catch((error: VideoUploadError | OptionError) => {
  // Every error has a reason and words; a page can switch on the reason.
  const reason: UploadErrorReason = error.reason;
  const title: string = error.title;
  const again: boolean = error.retryable;
  if (reason === "FILE_UNREADABLE") console.log("pick the file again");
  throw new Error(`${title} ${again}`);
});
const id: string = video.videoId;
const createdAt: Date | undefined = video.createdAt;
console.log(id, createdAt, video._public);

new VideoUploader({ file, accessToken: "eyJ…", refreshToken: "def…", videoId: id });
new VideoUploader({ file, apiKey: "key", videoId: id });

// @ts-expect-error an access token needs the videoId to upload into
new VideoUploader({ file, accessToken: "eyJ…" });
// @ts-expect-error only one credential
new VideoUploader({ file, uploadToken: "to…", apiKey: "key", videoId: id });
// @ts-expect-error chunkSize is a number of bytes
new VideoUploader({ file, uploadToken: "to…", chunkSize: "5MB" });
// @ts-expect-error a misspelled option is caught
new VideoUploader({ file, uploadToken: "to…", parallelChunk: 2 });
// @ts-expect-error the file is required
new VideoUploader({ uploadToken: "to…" });
// @ts-expect-error progress events have no `percent`
uploader.onProgress((event) => event.percent);

await initProgressive({ module_or_path: "/assets/video_uploader_wasm_progressive_bg.wasm" });
const progressive = new ProgressiveUploader({ uploadToken: "to…", preventEmptyParts: true, mergeSmallPartsBeforeUpload: false });
progressive.onProgress((event: ProgressiveUploadProgressEvent) => console.log(event.part, event.uploadedBytes, event.totalBytes));
progressive.onRetry((event: RetryEvent) => console.log(event.attempt, event.delayMs));
const held: VideoUploadResponse | undefined = await progressive.uploadPart(new Blob(["x"]));
const last: VideoUploadResponse = await progressive.uploadLastPart(new Blob(["y"]));
console.log(held, last.videoId);
progressive.cancel();

// The key a resumable upload is remembered under, for a File or what a record keeps of one.
const key: string | undefined = await resumeKey({ file, uploadToken: "to1tcmSFHeYY5KzyhOqVKMKb" });
await resumeKey({ file: { name: "clip.mp4", size: 10, lastModified: 0 }, accessToken: "eyJ…", videoId: "vi1" });
if (key) {
  const remembered = await rememberedUpload(key);
  const until: number | undefined = remembered?.expiresAt;
  console.log(remembered?.startedAt, until);
  await forgetUpload(key);
}
// @ts-expect-error a credential names the upload
await resumeKey({ file });
// @ts-expect-error one credential, not two
await resumeKey({ file, uploadToken: "to…", apiKey: "key" });

const tokens = new UploadTokens({ apiKey: "key", apiHost: "http://127.0.0.1:8080" });
const created: UploadToken = await tokens.createToken({ ttl: 3600 });
const page = await tokens.list({ sortBy: "ttl", sortOrder: "desc", currentPage: 1, pageSize: 10 });
const first: UploadToken | undefined = page.data[0];
const pages: number = page.pagination.pagesTotal;
const one: UploadToken = await tokens.getToken(created.token);
await tokens.deleteToken(one.token);
console.log(first, pages);
// @ts-expect-error tokens sort by createdAt or ttl only
await tokens.list({ sortBy: "title" });
// @ts-expect-error ttl is a number of seconds
await tokens.createToken({ ttl: "1h" });
