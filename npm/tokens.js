// video-uploader-wasm/tokens: UploadTokens, the admin client that creates, lists, reads and
// deletes delegated upload tokens with the API key. For trusted tools only (a back office, the
// local token console, a script): never put an API key in a public page.
//
// It has a WebAssembly module of its own (video_uploader_wasm_tokens_bg.wasm), started on first
// use as the main entry's is (see index.js): pages that only upload never download it.
import * as glue from './video_uploader_wasm_tokens.js';
import { WasmLoadError, disposable, wasmModule } from './loader.js';

const { init, Deferred } = wasmModule(() => glue, 'video_uploader_wasm_tokens_bg.wasm', () =>
  // A plain string literal on purpose: see loader.js.
  new URL('./video_uploader_wasm_tokens_bg.wasm', import.meta.url),
);

/**
 * Downloads and starts this entry's WebAssembly module. Optional: UploadTokens starts it on
 * first use. Every call shares one start; after a failure the next call tries again.
 *
 * @param {{ module_or_path?: string | URL | Response | BufferSource | WebAssembly.Module }} [options]
 *   where the wasm is, when it is not beside this file
 * @returns {Promise<void>} rejects with a `WasmLoadError`
 */
export default init;
export { init, WasmLoadError };

/**
 * Creates, lists, reads and deletes delegated upload tokens with the API key. For trusted
 * tools only: never put an API key in a public page.
 */
export class UploadTokens {
  #wasm;
  constructor(options) {
    this.#wasm = new Deferred('UploadTokens', options);
  }
  async createToken(options) {
    return this.#wasm.apply((t) => t.createToken(options));
  }
  async list(options) {
    return this.#wasm.apply((t) => t.list(options));
  }
  async getToken(token) {
    return this.#wasm.apply((t) => t.getToken(token));
  }
  async deleteToken(token) {
    return this.#wasm.apply((t) => t.deleteToken(token));
  }
  free() {
    this.#wasm.free();
  }
}
disposable(UploadTokens);
