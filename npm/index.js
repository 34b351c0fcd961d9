// video-uploader-wasm: the package's main entry point (VideoUploader, ProgressiveUploader).
//
// It wraps the wasm-bindgen module (video_uploader_wasm.js) for one reason: starting the
// WebAssembly module is automatic. `init()` is optional; the classes start the module on first
// use. Importing this file sends no request and cannot fail, so a page that never uploads never
// downloads the wasm, and a page that cannot run it (a Content-Security-Policy without
// 'wasm-unsafe-eval', a wrong path, offline) gets a rejection that names the cause and the fix
// instead of a failed import.
//
// `await init()` first when you want the wasm loaded early and option mistakes thrown by the
// constructors themselves; without it they reject the first call that needs the module
// (`upload()`, `uploadPart()`, …).
//
// UploadTokens, the admin client, is the entry point `video-uploader-wasm/tokens` (tokens.js),
// with a wasm module of its own: pages that upload never download it.
import startWasm, * as wasm from './video_uploader_wasm.js';
import { WasmLoadError, disposable, wasmModule } from './loader.js';

const { init, Deferred } = wasmModule(startWasm, 'video_uploader_wasm_bg.wasm', () =>
  // A plain string literal on purpose: see loader.js.
  new URL('./video_uploader_wasm_bg.wasm', import.meta.url),
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
export default init;
export { init, WasmLoadError };

/** Uploads one file in chunks: the first alone, then `parallelChunks` at a time. */
export class VideoUploader {
  #wasm;
  constructor(options) {
    this.#wasm = new Deferred(wasm.VideoUploader, options);
  }
  onProgress(callback) {
    this.#wasm.call((u) => u.onProgress(callback));
  }
  onPlayable(callback) {
    this.#wasm.call((u) => u.onPlayable(callback));
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
  free() {
    this.#wasm.free();
  }
}
disposable(VideoUploader);

/** Uploads a video whose size is not known in advance, part by part, in the order of the calls. */
export class ProgressiveUploader {
  #wasm;
  constructor(options) {
    this.#wasm = new Deferred(wasm.ProgressiveUploader, options);
  }
  onProgress(callback) {
    this.#wasm.call((u) => u.onProgress(callback));
  }
  onPlayable(callback) {
    this.#wasm.call((u) => u.onPlayable(callback));
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
