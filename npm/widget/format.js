// Sizes, counts and errors as people write and read them: the size and count attributes
// parsed ("500MB", "3"), bytes in the units of a language, and the library's errors in words a
// person can act on.
//
// Sizes: the widget shows them in decimal units (kB = 1000 bytes, MB = 1000², GB = 1000³; see
// t.size in words.js), and `max-size` reads them the same way, so that max-size="500MB" is the
// "500 MB" the widget then shows. KiB, MiB, GiB (and TiB) are binary, in any size attribute.
// `chunk-size` alone keeps the library's units, where MB = MiB: the library's range, "5MB to
// 128MB", is 5 MiB to 128 MiB, so chunk-size="5MB" is 5,242,880 bytes, its minimum.
import { words } from './words.js';

const BINARY = { KIB: 1024, MIB: 1024 ** 2, GIB: 1024 ** 3, TIB: 1024 ** 4 };
/** What the widget shows, and max-size reads: decimal, with binary where written so. */
const DECIMAL = { '': 1, B: 1, K: 1e3, KB: 1e3, M: 1e6, MB: 1e6, G: 1e9, GB: 1e9, T: 1e12, TB: 1e12, ...BINARY };
/** chunk-size: the library's "5MB to 128MB", where MB = MiB. */
const LIBRARY = { '': 1, B: 1, K: 1024, KB: 1024, M: 1024 ** 2, MB: 1024 ** 2, G: 1024 ** 3, GB: 1024 ** 3, T: 1024 ** 4, TB: 1024 ** 4, ...BINARY };

/**
 * "500MB" → 500000000 (max-size: decimal units, as the widget shows sizes; "2GiB" binary);
 * with `attribute` "chunk-size" (the default), the library's units: "10MB" → 10485760;
 * "5242880" → 5242880 either way; undefined for an absent or empty value.
 *
 * @param {string | null | undefined} text
 * @param {string} [attribute] the attribute it comes from, named in the error; its units
 * @returns {number | undefined}
 * @throws {Error} for text that is not a size
 */
export function parseSize(text, attribute = 'chunk-size') {
  if (text == null || String(text).trim() === '') return undefined;
  const match = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(text);
  const unit = match && (attribute === 'chunk-size' ? LIBRARY : DECIMAL)[match[2].toUpperCase()];
  if (!unit) throw new Error(`${attribute} "${text}" is not a size: write bytes ("${attribute === 'chunk-size' ? '52428800' : '500000000'}") or with a unit, e.g. "${attribute === 'chunk-size' ? '50MB' : '500MB'}".`);
  return Math.round(Number(match[1]) * unit);
}

/**
 * "3" → 3; undefined for an absent or empty value.
 *
 * @param {string | null | undefined} text
 * @param {string} attribute the attribute it comes from, named in the error
 * @returns {number | undefined}
 * @throws {Error} for text that is not a whole number of at least 1
 */
export function parseCount(text, attribute) {
  if (text == null || String(text).trim() === '') return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${attribute} "${text}" is not a whole number of at least 1.`);
  return n;
}

/**
 * `1536` → `"1.5 kB"`, `7750844` → `"7.8 MB"`: decimal units, as the widget shows every size
 * (kB = 1000 bytes, MB = 1000²), in the units of `lang` (default English).
 *
 * @param {number} bytes
 * @param {string} [lang] a BCP 47 tag
 * @returns {string}
 */
export function formatBytes(bytes, lang) {
  return words(lang).size(bytes);
}

/**
 * The library's error (or a thrown Error) in words a person can act on, in English or with the
 * words `t` of a widget; `values` names the file (`name`) and the longest duration taken (`max`).
 *
 * @param {unknown} error
 * @param {ReturnType<typeof words>} [t]
 * @param {{ name?: string, max?: string }} [values]
 * @returns {string}
 */
export function describeError(error, t = words(), values = {}) {
  const e = error ?? {};
  switch (e.reason) {
    case 'WASM_BLOCKED_BY_CSP':
      return t('csp');
    case 'WASM_NOT_FOUND':
    case 'WASM_INVALID':
      return t('wasmMissing');
    case 'WASM_UNREACHABLE':
      return t('wasmUnreachable');
    case 'VIDEO_TOO_LONG':
      if (values.max) return t('tooLong', values);
      break;
    case 'INVALID_VIDEO':
      if (values.name) return t('noDuration', values);
      break;
    case 'FILE_UNREADABLE':
      if (values.name) return t('gone', values);
  }
  if (error instanceof Error) return error.message;
  switch (e.reason) {
    case 'ABORTED':
      return t('aborted');
    case 'NETWORK_ERROR':
      return t('network');
    case 'NETWORK_TIMEOUT':
      return t('timeout');
    case 'UNKNOWN': // an error answer that is not JSON
    case 'INVALID_ANSWER': // a 2xx answer that is not a video
      return t('badAnswer');
    case 'NOT_FOUND':
      // The token; not another thing the server does not know (its title says which).
      if (e.name === 'token' || e.name == null) return t('badLink');
      break;
    case 'FORBIDDEN':
      return t('expired');
  }
  return e.title || e.reason || t('failed');
}
