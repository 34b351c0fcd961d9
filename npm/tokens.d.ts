// Types of video-uploader-wasm's token entry point (tokens.js): UploadTokens, the admin client
// that manages delegated upload tokens with the API key (trusted tools only). The class is
// declared by the wasm-bindgen module it wraps; tokens.js gives it the same members, and starts
// its WebAssembly module on first use.
/// <reference lib="esnext.disposable" />
export { UploadTokens } from "./video_uploader_wasm_tokens.js";
export type {
  Pagination,
  PaginationLink,
  UploadToken,
  UploadTokenList,
  UploadTokenListOptions,
  UploadTokensOptions,
  VideoUploadError,
} from "./video_uploader_wasm_tokens.js";
// The same class as the main entry's: one WasmLoadError for both modules.
export { WasmLoadError, type InitOptions, type WasmSource } from "./index.js";
import type { InitOptions } from "./index.js";

/**
 * Downloads and starts this entry's WebAssembly module (`video_uploader_wasm_tokens_bg.wasm`).
 * Optional: UploadTokens starts it on first use. Every call shares one start; after a failure
 * the next call tries again.
 *
 * Rejects with a {@link WasmLoadError}.
 */
export default function init(options?: InitOptions): Promise<void>;
export { init };
