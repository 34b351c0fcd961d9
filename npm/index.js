// video-uploader-wasm: the package's main entry point.
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
import startWasm, * as wasm from './video_uploader_wasm.js';

const WASM_FILE = 'video_uploader_wasm_bg.wasm';

let loading = null; // the one start of the module, shared by every caller
let ready = false;

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
  loading ??= start(options?.module_or_path).then(
    () => {
      ready = true;
    },
    (error) => {
      loading = null;
      throw error;
    },
  );
  return loading;
}
export { init };

/** Why the module could not start, with what to do about it. */
export class WasmLoadError extends Error {
  constructor(reason, message, cause) {
    super(`video-uploader-wasm could not start: ${message}`, { cause });
    this.name = 'WasmLoadError';
    /** `WASM_BLOCKED_BY_CSP`, `WASM_NOT_FOUND`, `WASM_UNREACHABLE` or `WASM_INVALID`. */
    this.reason = reason;
    /** The message, where the uploads' errors have it (`error.title`). */
    this.title = this.message;
  }
}

// The URL is a plain string literal on purpose: bundlers (Vite, webpack) emit the file it names
// as an asset, and a template literal makes them emit every file of the package.
async function start(source = new URL('./video_uploader_wasm_bg.wasm', import.meta.url)) {
  const url = typeof source === 'string' || source instanceof URL ? String(source) : undefined;
  let input = source;
  if (url !== undefined) {
    try {
      input = await fetch(url);
    } catch (cause) {
      throw new WasmLoadError(
        'WASM_UNREACHABLE',
        `its WebAssembly module could not be downloaded from ${url} (${cause?.message ?? cause}). ` +
          'Check that the device is online and that nothing (a firewall, an extension, a CSP connect-src) blocks that URL.',
        cause,
      );
    }
    if (!input.ok) {
      throw new WasmLoadError(
        'WASM_NOT_FOUND',
        `${url} answered ${input.status} ${input.statusText}. Serve ${WASM_FILE} from the package at that URL ` +
          `(it must stay beside the package's JavaScript files), or pass its URL: init({ module_or_path: "…/${WASM_FILE}" }).`,
      );
    }
  }
  try {
    await startWasm({ module_or_path: input });
  } catch (cause) {
    const text = String(cause?.message ?? cause);
    if (/Content.Security.Policy|\bCSP\b|unsafe-eval/i.test(text)) {
      throw new WasmLoadError(
        'WASM_BLOCKED_BY_CSP',
        "this page's Content-Security-Policy does not allow WebAssembly. Add 'wasm-unsafe-eval' to its script-src " +
          `directive, for example: Content-Security-Policy: script-src 'self' 'wasm-unsafe-eval'. (The browser said: ${text})`,
        cause,
      );
    }
    const type = input instanceof Response ? ` (served as ${input.headers.get('content-type') || 'no content type'})` : '';
    throw new WasmLoadError(
      'WASM_INVALID',
      `${url ?? 'the given module'}${type} is not a WebAssembly module this browser can start: ${text}. ` +
        `Serve the package's own ${WASM_FILE} there (not an HTML fallback page), from the same version as its JavaScript.`,
      cause,
    );
  }
}

/** Starts the module in the background; whoever needs it sees the error. */
function startQuietly() {
  init().catch(() => {});
}

/**
 * One wasm object, made as soon as the module is started. Until then the calls that need no
 * answer (listeners, pause, resume, cancel) wait in order and are replayed on it.
 */
class Deferred {
  #make;
  #object = null;
  #waiting = [];

  constructor(Class, options) {
    this.#make = () => new Class(options);
    if (ready) this.#object = this.#make(); // option mistakes throw here, as documented
    else startQuietly();
  }

  /** Calls `use(object)` now, or once the object exists. */
  call(use) {
    if (this.#object) use(this.#object);
    else this.#waiting.push(use);
  }

  /** The object, once the module is started; rejects with the start's or the constructor's error. */
  async get() {
    if (this.#object) return this.#object;
    await init();
    if (!this.#object) {
      if (!this.#make) throw new Error('This object was freed: create a new one.');
      this.#object = this.#make();
      for (const use of this.#waiting.splice(0)) use(this.#object);
    }
    return this.#object;
  }

  /** The object now if it exists (so that a call keeps its order), else a promise of it. */
  now() {
    return this.#object ?? this.get();
  }

  free() {
    this.#object?.free();
    this.#object = null;
    this.#make = null;
  }
}

function disposable(Class) {
  if (Symbol.dispose) Class.prototype[Symbol.dispose] = Class.prototype.free;
}

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
    return (await this.#wasm.get()).upload();
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
    const u = this.#wasm.now();
    return u instanceof Promise ? u.then((u) => u.uploadPart(blob)) : u.uploadPart(blob);
  }
  uploadLastPart(blob) {
    const u = this.#wasm.now();
    return u instanceof Promise ? u.then((u) => u.uploadLastPart(blob)) : u.uploadLastPart(blob);
  }
  cancel() {
    this.#wasm.call((u) => u.cancel());
  }
  free() {
    this.#wasm.free();
  }
}
disposable(ProgressiveUploader);

/**
 * Creates, lists, reads and deletes delegated upload tokens with the API key. For trusted
 * tools only: never put an API key in a public page.
 */
export class UploadTokens {
  #wasm;
  constructor(options) {
    this.#wasm = new Deferred(wasm.UploadTokens, options);
  }
  async createToken(options) {
    return (await this.#wasm.get()).createToken(options);
  }
  async list(options) {
    return (await this.#wasm.get()).list(options);
  }
  async getToken(token) {
    return (await this.#wasm.get()).getToken(token);
  }
  async deleteToken(token) {
    return (await this.#wasm.get()).deleteToken(token);
  }
  free() {
    this.#wasm.free();
  }
}
disposable(UploadTokens);
