// The library the widget uploads with: the package's own (../index.js, which finds its wasm
// beside itself, so the package's files work from node_modules, a CDN path or any folder of a
// site), or another build named by the `module` attribute. Loaded when first needed: importing
// the widget downloads no wasm.
import * as ownPackage from '../index.js';

/** One started library per `module` override URL, shared by every widget on the page. */
const overrides = new Map();

/**
 * The library, started: the package's own, or the module at `moduleUrl` (relative to the page).
 *
 * @param {string | null} [moduleUrl]
 * @returns {Promise<typeof ownPackage>}
 */
export async function loadLibrary(moduleUrl) {
  if (!moduleUrl) {
    await ownPackage.init();
    return ownPackage;
  }
  const absolute = new URL(moduleUrl, document.baseURI).href;
  if (!overrides.has(absolute)) {
    const loading = import(/* webpackIgnore: true */ /* @vite-ignore */ absolute).then(async (library) => {
      await library.default();
      return library;
    });
    loading.catch(() => overrides.delete(absolute));
    overrides.set(absolute, loading);
  }
  return overrides.get(absolute);
}

// The library's resume key names an upload in the widget's records and in the library's own
// storage: the widget takes it from the library (never computes it), asks the library whether
// it still remembers it (one 24 hours, the library's), and asks it to forget. A `module`
// override built before the library had these functions gives no key: its uploads still resume
// in the library, and the widget lists none of them after a reload.

/**
 * The key under which `new library.VideoUploader(options)` remembers its upload with
 * `resume: true`; undefined for a Blob that is not a File. `options.file` may also be a
 * record's `{ name, size, lastModified }`.
 *
 * @returns {Promise<string | undefined>}
 */
export async function resumeKeyOf(library, options) {
  return library.resumeKey?.(options);
}

/**
 * What the library remembers of the upload `key`: `{ startedAt, expiresAt }`, or undefined when
 * nothing (finished, forgotten, or past its 24 hours); null from a `module` override without
 * `rememberedUpload`, which cannot tell.
 *
 * @returns {Promise<{ startedAt: number, expiresAt: number } | undefined | null>}
 */
export async function rememberedIn(library, key) {
  return library.rememberedUpload ? library.rememberedUpload(key) : null;
}

/** Makes the library forget what it remembers of the upload `key`. Never rejects. */
export async function forgetInLibrary(library, key) {
  try {
    await library.forgetUpload?.(key);
  } catch {}
}
