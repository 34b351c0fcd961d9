// What the package's entry points share: starting a wasm-bindgen module on first use, the
// error that says why it could not start, and the objects that wait for it.
//
// The package has three WebAssembly modules, each started with this on first use, so that a
// page downloads only the one it uses: index.js starts VideoUploader's, and ProgressiveUploader's
// (whose JavaScript glue it imports only then); tokens.js starts UploadTokens'. Importing this
// file sends no request and cannot fail. In a page the wasm is fetched by URL; on a server
// (Node, Deno, Bun, a server-side render), where that URL is the package's own file:, it is read
// from disk.

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

/**
 * The `init()` of one wasm-bindgen module, and `Deferred`, the objects of its classes.
 *
 * @param glue () => the module's wasm-bindgen glue (its namespace, or a promise of it: a dynamic
 *   `import()` with a plain string literal, which bundlers split into a chunk of its own)
 * @param wasmFile the wasm's file name, for the messages
 * @param defaultUrl () => the wasm's URL beside the entry point: the entry point writes
 *   `new URL('./….wasm', import.meta.url)` itself, with a plain string literal, so that
 *   bundlers (Vite, webpack) emit the file it names as an asset (a template literal makes them
 *   emit every file of the package)
 */
export function wasmModule(glue, wasmFile, defaultUrl) {
  let loading = null; // the one start of the module, shared by every caller
  let ready = null; // the glue, once the module is started

  /**
   * Downloads and starts the WebAssembly module. Optional (the classes call it), and harmless
   * to call again or concurrently: every call shares one start. After a failure, the next call
   * tries again (for example once the device is back online).
   */
  function init(options) {
    const source = options?.module_or_path;
    loading ??= start(source === undefined ? defaultUrl() : source).then(
      (started) => {
        ready = started;
      },
      (error) => {
        loading = null;
        throw error;
      },
    );
    return loading;
  }

  /** The glue, imported (when it is not yet) while the wasm downloads. */
  async function importGlue() {
    try {
      return await glue();
    } catch (cause) {
      const file = wasmFile.replace('_bg.wasm', '.js');
      throw new WasmLoadError(
        'WASM_UNREACHABLE',
        `its JavaScript ${file} could not be loaded (${cause?.message ?? cause}). Check that the device is online and that ` +
          `${file} is served beside the package's other files, from the same version.`,
        cause,
      );
    }
  }

  async function start(source) {
    const module = importGlue();
    module.catch(() => {}); // awaited below, after the download's own errors
    const url = typeof source === 'string' || source instanceof URL ? String(source) : undefined;
    let input = source;
    if (url?.startsWith('file:')) {
      // No page to fetch from: a server (Node, Deno, Bun, a server-side render) imported the
      // package from disk, where fetch() cannot read a file: URL. Read the package's own file.
      input = await readPackageFile(url, wasmFile);
    } else if (url !== undefined && typeof location === 'undefined' && !/^[a-z][\w+.-]*:/i.test(url)) {
      // A path and no page to resolve it against: a bundler rewrote the wasm's URL into its pages'
      // public path in a server's bundle too (Next.js does), which that server cannot fetch.
      throw new WasmLoadError(
        'WASM_NOT_FOUND',
        `${url} is a path, and on a server there is no page to fetch it from (a bundler rewrote the URL of ${wasmFile}). ` +
          'Let the server import the package from node_modules (Next.js: serverExternalPackages: ["video-uploader-wasm"] in next.config), ' +
          "or pass the wasm's bytes: init({ module_or_path: … }).",
      );
    } else if (url !== undefined) {
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
          `${url} answered ${input.status} ${input.statusText}. Serve ${wasmFile} from the package at that URL ` +
            `(it must stay beside the package's JavaScript files), or pass its URL: init({ module_or_path: "…/${wasmFile}" }).`,
        );
      }
    }
    const started = await module;
    try {
      await started.default({ module_or_path: input });
      return started;
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
          `Serve the package's own ${wasmFile} there (not an HTML fallback page), from the same version as its JavaScript.`,
        cause,
      );
    }
  }

  /**
   * One wasm object, made as soon as the module is started. Until then the calls that need no
   * answer (listeners, pause, resume, cancel) wait in order and are replayed on it.
   *
   * A mistake in the options never throws from the constructor: it rejects the first call that
   * returns a promise (`upload()`, `uploadPart()`, …), with the same `Error` whether or not the
   * module had started, so that a page meets it in one place, inside its `try`.
   */
  class Deferred {
    #make;
    #object = null;
    #mistake = null;
    #waiting = [];

    /** @param className the wasm-bindgen class to make, e.g. 'VideoUploader' */
    constructor(className, options) {
      this.#make = () => new ready[className](options);
      if (ready) this.#start();
      else init().catch(() => {}); // start in the background; whoever needs it sees the error
    }

    /** Makes the object, or keeps the options' mistake for the next call that can reject. */
    #start() {
      try {
        this.#object = this.#make();
      } catch (mistake) {
        this.#mistake = mistake;
        this.#waiting = [];
        return;
      }
      for (const use of this.#waiting.splice(0)) use(this.#object);
    }

    /** Calls `use(object)` now, or once the object exists (never, after a mistake). */
    call(use) {
      if (this.#object) use(this.#object);
      else if (!this.#mistake) this.#waiting.push(use);
    }

    /** The object, once the module is started; rejects with the start's or the options' error. */
    async #get() {
      if (!this.#object && !this.#mistake) {
        await init();
        if (!this.#make) throw new Error('This object was freed: create a new one.');
        if (!this.#object && !this.#mistake) this.#start();
      }
      if (this.#mistake) throw this.#mistake;
      return this.#object;
    }

    /**
     * What `use(object)` answers: called now when the object exists (so that calls keep their
     * order), else once the module has started.
     */
    apply(use) {
      return this.#object ? use(this.#object) : this.#get().then(use);
    }

    /**
     * Stops everything the object runs (its upload, its retries' timers, its playable check)
     * and frees it.
     */
    free() {
      this.#object?.cancel?.(); // an uploader's; UploadTokens has nothing running
      this.#object?.free();
      this.#object = null;
      this.#make = null;
    }
  }

  return { init, Deferred };
}

/**
 * The bytes of the wasm at a `file:` URL, with the runtime's `node:fs` (Node, Deno and Bun all
 * have it). Only a server gets here, so no bundler may put `node:fs` into a page's bundle: the
 * import is marked to be ignored, and its module's name is computed, because bundlers resolve
 * a literal name whatever the comments say (and terser would fold a constant into a literal).
 */
async function readPackageFile(url, wasmFile) {
  const fs = ['node:fs', 'promises'].join('/');
  try {
    const { readFile } = await import(/* webpackIgnore: true */ /* @vite-ignore */ fs);
    return await readFile(new URL(url));
  } catch (cause) {
    throw new WasmLoadError(
      'WASM_NOT_FOUND',
      `${url} could not be read (${cause?.message ?? cause}). Keep ${wasmFile} beside the package's JavaScript files, ` +
        `or pass its bytes or URL: init({ module_or_path: … }).`,
      cause,
    );
  }
}

/** `using x = new Class(…)` frees it. */
export function disposable(Class) {
  if (Symbol.dispose) Class.prototype[Symbol.dispose] = Class.prototype.free;
}
