// Types of video-uploader-wasm's widget entry point (widget.js): importing it registers the
// <video-upload-widget> custom element.
import type { UploadProgressEvent, VideoUploadError, VideoUploadResponse } from "./index.js";
import type { WasmLoadError } from "./index.js";

interface UploadEventDetail {
  /** The file's name. */
  fileName: string;
  file: File;
}

export interface UploadProgressDetail extends UploadEventDetail {
  /** The library's progress event. */
  progress: UploadProgressEvent;
}

export interface UploadCompleteDetail extends UploadEventDetail {
  /** The uploaded video (`videoId`, `assets.player`, …). */
  video: VideoUploadResponse;
}

export interface UploadErrorDetail extends UploadEventDetail {
  /** The library's error: a refusal or failure of the upload, the module that could not start, or an option the library refused. */
  error: VideoUploadError | WasmLoadError | Error;
  /** The words the widget shows for it. */
  message: string;
}

/**
 * `<video-upload-widget upload-token="to…" api-host="…">`: a drop zone and file picker that
 * uploads each file with the library, with progress, pause, resume, cancel and retry.
 *
 * Attributes: `upload-token` (required), `api-host`, `chunk-size` (bytes, or with a unit such
 * as `10MB`), `parallel-chunks`, `resume`, `concurrency`, `accept`, and `module` (an override:
 * the URL of another build of the library; by default the package's own index.js beside the widget).
 */
export class VideoUploadWidget extends HTMLElement {
  /** Queues files as if they had been picked, and starts what the concurrency allows. */
  addFiles(files: FileList | Iterable<File> | ArrayLike<File>): void;
}

/** `"10MB"` → 10485760, `"5242880"` → 5242880; `undefined` for an empty value; throws on text that is not a size. */
export function parseSize(text: string | null | undefined): number | undefined;
/** `1536` → `"1.5 KB"` (binary units). */
export function formatBytes(bytes: number): string;
/** The library's error in words a person can act on: what the widget shows. */
export function describeError(error: unknown): string;

declare global {
  interface HTMLElementTagNameMap {
    "video-upload-widget": VideoUploadWidget;
  }
  interface HTMLElementEventMap {
    "upload-progress": CustomEvent<UploadProgressDetail>;
    "upload-complete": CustomEvent<UploadCompleteDetail>;
    "upload-error": CustomEvent<UploadErrorDetail>;
  }
}
