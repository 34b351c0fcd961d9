// video-uploader-wasm: the package's main entry point (VideoUploader, ProgressiveUploader, and
// resumeKey / forgetUpload for pages that keep their own records of interrupted uploads).
//
// It wraps the wasm-bindgen modules for one reason: starting the WebAssembly is automatic.
// `init()` is optional; the classes start their module on first use. Importing this file sends
// no request and cannot fail, so a page that never uploads never downloads the wasm, and a page
// that cannot run it (a Content-Security-Policy without 'wasm-unsafe-eval', a wrong path,
// offline) gets a rejection that names the cause and the fix instead of a failed import.
//
// `await init()` first when you want the wasm loaded early. Either way, a mistake in the options
// rejects the first call that returns a promise (`upload()`, `uploadPart()`, …) with an `Error`
// whose `message` says what to fix (and `reason: "INVALID_OPTION"`, `title`, `name`: the option):
// the constructors never throw.
//
// ProgressiveUploader has a WebAssembly module of its own, and its glue is imported only when
// one is first used (`initProgressive()` loads it early): a page that uploads files never
// downloads it. UploadTokens, the admin client, is the entry point `video-uploader-wasm/tokens`
// (tokens.js), with a module of its own too.
import * as glue from './video_uploader_wasm.js';
import { WasmLoadError, disposable, wasmModule } from './loader.js';

// Plain string literals on purpose: see loader.js.
const main = wasmModule(
  () => glue,
  'video_uploader_wasm_bg.wasm',
  () => new URL('./video_uploader_wasm_bg.wasm', import.meta.url),
);
const progressive = wasmModule(
  () => import('./video_uploader_wasm_progressive.js'),
  'video_uploader_wasm_progressive_bg.wasm',
  () => new URL('./video_uploader_wasm_progressive_bg.wasm', import.meta.url),
);

/**
 * Downloads and starts the WebAssembly module. Optional (the classes call it), and harmless to
 * call again or concurrently: every call shares one start. After a failure, the next call
 * tries again (for example once the device is back online).
 *
 * @param {{ module_or_path?: string | URL | Response | BufferSource | WebAssembly.Module }} [options]
 *   where the wasm is, when it is not beside this file (default: `video_uploader_wasm_bg.wasm`
 *   next to this module, which bundlers rewrite to the URL they emit it at)
 * @returns {Promise<void>} rejects with a `WasmLoadError`
 */
export default function init(options) {
  return main.init(options);
}

/**
 * The same for ProgressiveUploader's own module (its glue and its wasm): optional, for loading
 * it early; once it has resolved, `new ProgressiveUploader(…)` checks its options at once.
 *
 * @param {{ module_or_path?: string | URL | Response | BufferSource | WebAssembly.Module }} [options]
 *   default: `video_uploader_wasm_progressive_bg.wasm` next to this module
 * @returns {Promise<void>} rejects with a `WasmLoadError`
 */
export function initProgressive(options) {
  return progressive.init(options);
}
export { init, WasmLoadError };

/**
 * The key under which `new VideoUploader({ ...options, resume: true })` remembers its upload:
 * a hash of the credential (or `videoId`) and the file's name, size and last-modified time,
 * so the token itself is not in it. `undefined` for a Blob that is not a File (resume is off
 * for those). `file` may also be what identifies a File: `{ name, size, lastModified }`.
 * Starts the module first, as the classes do.
 *
 * @param {{ file: File | Blob | { name: string, size: number, lastModified: number }, uploadToken?: string, accessToken?: string, apiKey?: string, videoId?: string }} options
 * @returns {Promise<string | undefined>} rejects with a `WasmLoadError`
 */
export async function resumeKey(options) {
  await main.init();
  return glue.resumeKey(options);
}

/**
 * What the library remembers of the upload `key` (from `resumeKey`): `{ startedAt, expiresAt }`
 * in ms since 1970, or `undefined` when nothing is remembered (never started, finished,
 * forgotten, or past its 24 hours). Keep your own records of interrupted uploads by it, so that
 * they and the library count one 24 hours from one moment. Starts the module first.
 *
 * @param {string} key
 * @returns {Promise<{ startedAt: number, expiresAt: number } | undefined>} rejects with a `WasmLoadError`
 */
export async function rememberedUpload(key) {
  await main.init();
  return glue.rememberedUpload(key);
}

/**
 * Forgets what the library remembers of the upload `key` (from `resumeKey`): the next
 * uploader for that file starts afresh.
 *
 * @param {string} key
 * @returns {Promise<void>} rejects with a `WasmLoadError`
 */
export async function forgetUpload(key) {
  await main.init();
  glue.forgetUpload(key);
}

/** Uploads one file in chunks: the first alone, then `parallelChunks` at a time. */
export class VideoUploader {
  #wasm;
  constructor(options) {
    this.#wasm = new main.Deferred('VideoUploader', options);
  }
  onProgress(callback) {
    this.#wasm.call((u) => u.onProgress(callback));
  }
  onRetry(callback) {
    this.#wasm.call((u) => u.onRetry(callback));
  }
  onPlayable(callback) {
    this.#wasm.call((u) => u.onPlayable(callback));
  }
  onPlayableError(callback) {
    this.#wasm.call((u) => u.onPlayableError(callback));
  }
  async upload() {
    return this.#wasm.apply((u) => u.upload());
  }
  pause() {
    this.#wasm.call((u) => u.pause());
  }
  resume() {
    this.#wasm.call((u) => u.resume());
  }
  cancel() {
    this.#wasm.call((u) => u.cancel());
  }
  /** Cancels what it runs (the upload, its retries, its playable check), then frees it. */
  free() {
    this.#wasm.free();
  }
}
disposable(VideoUploader);

/** Uploads a video whose size is not known in advance, part by part, in the order of the calls. */
export class ProgressiveUploader {
  #wasm;
  constructor(options) {
    this.#wasm = new progressive.Deferred('ProgressiveUploader', options);
  }
  onProgress(callback) {
    this.#wasm.call((u) => u.onProgress(callback));
  }
  onRetry(callback) {
    this.#wasm.call((u) => u.onRetry(callback));
  }
  onPlayable(callback) {
    this.#wasm.call((u) => u.onPlayable(callback));
  }
  onPlayableError(callback) {
    this.#wasm.call((u) => u.onPlayableError(callback));
  }
  uploadPart(blob) {
    return this.#wasm.apply((u) => u.uploadPart(blob));
  }
  uploadLastPart(blob) {
    return this.#wasm.apply((u) => u.uploadLastPart(blob));
  }
  cancel() {
    this.#wasm.call((u) => u.cancel());
  }
  free() {
    this.#wasm.free();
  }
}
disposable(ProgressiveUploader);
