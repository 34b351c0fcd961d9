// Types of video-uploader-wasm's main entry point (index.js). The classes are declared by the
// wasm-bindgen module they wrap: index.js gives them the same members, and starts the
// WebAssembly module on first use. They are disposable (`using uploader = new VideoUploader(…)`
// frees it), hence the lib reference: an app whose tsconfig stops at ES2022 still type-checks.
/// <reference lib="esnext.disposable" />
export { VideoUploader } from "./video_uploader_wasm.js";
// ProgressiveUploader's own module: index.js imports it on first use.
export { ProgressiveUploader } from "./video_uploader_wasm_progressive.js";
export type {
  CommonUploaderOptions,
  Origin,
  ProgressiveUploaderOptions,
  ProgressiveUploadProgressEvent,
  OptionError,
  RetryEvent,
  UploadErrorReason,
  UploadProgressEvent,
  VideoAssets,
  VideoUploadError,
  VideoUploaderFileOptions,
  VideoUploaderOptions,
  VideoUploadResponse,
  ResumeKeyOptions,
  RememberedUpload,
  WithAccessToken,
  WithApiKey,
  WithUploadToken,
} from "./video_uploader_wasm.js";
import type { RememberedUpload, ResumeKeyOptions } from "./video_uploader_wasm.js";
// UploadTokens and its types: the entry point `video-uploader-wasm/tokens` (tokens.d.ts).

/** Where the WebAssembly module is, when it is not beside index.js. */
export type WasmSource = string | URL | Response | BufferSource | WebAssembly.Module;

export interface InitOptions {
  /** Default: `video_uploader_wasm_bg.wasm` beside index.js (bundlers rewrite it to the URL they emit it at). */
  module_or_path?: WasmSource;
}

/**
 * Downloads and starts the WebAssembly module. Optional: the classes start it on first use.
 * Every call shares one start, so calling it again (or concurrently) is harmless; after a
 * failure the next call tries again. Once it has resolved, the constructors check their
 * options synchronously and throw at once.
 *
 * Rejects with a {@link WasmLoadError}.
 */
export default function init(options?: InitOptions): Promise<void>;
export { init };

/**
 * Downloads and starts ProgressiveUploader's own WebAssembly module (pages that only upload
 * files never download it). Optional, as `init()` is: ProgressiveUploader starts it on first
 * use. Once it has resolved, `new ProgressiveUploader(…)` checks its options and throws at once.
 * `module_or_path` defaults to `video_uploader_wasm_progressive_bg.wasm` beside index.js.
 *
 * Rejects with a {@link WasmLoadError}.
 */
export function initProgressive(options?: InitOptions): Promise<void>;

/**
 * The key under which `new VideoUploader({ ...options, resume: true })` remembers its upload
 * (a hash of the credential or `videoId` and the file's name, size and last-modified time, so
 * the token itself is not in it); `undefined` for a Blob that is not a File, for which resume
 * is off. Use it to keep your own records of uploads that a reload interrupted, with
 * {@link forgetUpload} to drop one. Starts the module first, as the classes do.
 *
 * Rejects with a {@link WasmLoadError}.
 */
export function resumeKey(options: ResumeKeyOptions): Promise<string | undefined>;

/**
 * What the library remembers of the upload `key` (from {@link resumeKey}): when it started and
 * until when it can be resumed (ms since 1970), or `undefined` when nothing is remembered (never
 * started, finished, forgotten, or past its 24 hours). Keep your own records of interrupted
 * uploads by it. Starts the module first.
 *
 * Rejects with a {@link WasmLoadError}.
 */
export function rememberedUpload(key: string): Promise<RememberedUpload | undefined>;

/**
 * Forgets what the library remembers of the upload `key` (from {@link resumeKey}): the next
 * uploader for that file starts afresh. Starts the module first.
 *
 * Rejects with a {@link WasmLoadError}.
 */
export function forgetUpload(key: string): Promise<void>;

/** Why the WebAssembly module could not start, and what to do about it. */
export class WasmLoadError extends Error {
  readonly name: "WasmLoadError";
  /**
   * - `WASM_BLOCKED_BY_CSP`: the page's Content-Security-Policy lacks `'wasm-unsafe-eval'` in `script-src`;
   * - `WASM_NOT_FOUND`: the wasm's URL answered an error status (a wrong path, a file not published);
   * - `WASM_UNREACHABLE`: it could not be downloaded (offline, blocked);
   * - `WASM_INVALID`: what came back is not this package's wasm (an HTML fallback page, a damaged file).
   */
  readonly reason: "WASM_BLOCKED_BY_CSP" | "WASM_NOT_FOUND" | "WASM_UNREACHABLE" | "WASM_INVALID";
  /** The message again, where the uploads' errors have it. */
  readonly title: string;
  /** The browser's own error, when there is one. */
  readonly cause?: unknown;
  private constructor();
}
