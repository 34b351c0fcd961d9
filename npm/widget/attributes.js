// The element's attributes, read and checked (`readAttributes`): the values the widget uses,
// and each value it or the library could not use, found when the element connects or the
// attribute changes, with what to write instead (for the console and for the banner). And the
// one table from the library's option names to the attributes (ATTRIBUTE_OF), for a refusal
// the library still makes.
import { parseCount, parseSize } from './format.js';

/** The library's options that the widget sets, by the attribute each comes from. */
export const ATTRIBUTE_OF = {
  uploadToken: 'upload-token',
  apiHost: 'api-host',
  chunkSize: 'chunk-size',
  parallelChunks: 'parallel-chunks',
  maxVideoDuration: 'max-duration',
  resume: 'resume',
};

// The library's limits (src/protocol/limits.rs), checked here before any file is taken.
const MiB = 1024 ** 2;
const MIN_CHUNK_SIZE = 5 * MiB;
const MAX_CHUNK_SIZE = 128 * MiB;
const MAX_PARALLEL_CHUNKS = 16;

/** A value that cannot be used: `message` for the console (English), `key` the banner's words. */
class Problem extends Error {
  constructor(message, key) {
    super(message);
    this.key = key;
  }
}

const CHUNK_SIZES = 'give a size such as 50MB (5MB to 128MB, where MB = MiB), or leave chunk-size out';

/**
 * Each attribute's check, in the order the banner lists them: its value for the widget
 * (undefined when absent or empty), or a Problem.
 */
const CHECKS = {
  'api-host': (text) => {
    if (text === '') return undefined; // as absent: ws.api.video
    const why = apiHostMistake(text);
    if (why) throw new Problem(`${why}; give a host such as ws.api.video or an origin such as http://127.0.0.1:8080, with no path.`, 'badApiHost');
    return text;
  },
  module: (text) => {
    if (text === '') return undefined;
    try {
      new URL(text, document.baseURI); // as library.js will read it
      return text;
    } catch {
      throw new Problem('not a URL; give the URL of a build of the library, or leave module out.', 'badModule');
    }
  },
  'chunk-size': (text) => {
    let size;
    try {
      size = parseSize(text, 'chunk-size');
    } catch {
      throw new Problem(`not a size; ${CHUNK_SIZES}.`, 'badChunkSize');
    }
    if (size !== undefined && !(size >= MIN_CHUNK_SIZE && size <= MAX_CHUNK_SIZE)) {
      const bytes = size.toLocaleString('en');
      throw new Problem(`that is ${bytes} bytes, ${size < MIN_CHUNK_SIZE ? 'under the library’s minimum' : 'over the library’s maximum'}; ${CHUNK_SIZES}.`, 'badChunkSize');
    }
    return size;
  },
  'parallel-chunks': (text) => {
    const count = count1(text, 'parallel-chunks', 'badParallelChunks', ` to ${MAX_PARALLEL_CHUNKS}`);
    if (count > MAX_PARALLEL_CHUNKS) {
      throw new Problem(`the library sends at most ${MAX_PARALLEL_CHUNKS} chunks at once; give 1 to ${MAX_PARALLEL_CHUNKS}, or leave parallel-chunks out (6).`, 'badParallelChunks');
    }
    return count;
  },
  resume: (text) => {
    const value = text.trim().toLowerCase();
    if (value === '' || value === 'true' || value === 'resume') return true;
    if (value === 'false') return false;
    throw new Problem('write resume or resume="true" (on), resume="false" or nothing (off).', 'badResume');
  },
  concurrency: (text) => count1(text, 'concurrency', 'badConcurrency', ''),
  accept: (text) => {
    const types = text.split(',').map((type) => type.trim().toLowerCase()).filter(Boolean);
    const wrong = types.find((type) => !/^\.[^\s./,]+(\.[^\s./,]+)*$/.test(type) && !/^[\w!#$&^.+-]+\/(\*|[\w!#$&^.+-]+)$/.test(type));
    if (wrong) {
      throw new Problem(`"${wrong}" is neither a MIME type nor an extension; give types such as video/*, video/mp4 or .mov (accept="" takes any file).`, 'badAccept');
    }
    return types;
  },
  'max-size': (text) => {
    let size;
    try {
      size = parseSize(text, 'max-size');
    } catch {}
    if (size === 0 || (size === undefined && text.trim() !== '')) {
      throw new Problem('give a size above 0 such as 500MB or 2GB (MB = 10^6 bytes, MiB = 2^20), or leave max-size out.', 'badMaxSize');
    }
    return size;
  },
  'max-duration': (text) => {
    if (text.trim() === '') return undefined;
    const seconds = Number(text);
    if (!(Number.isFinite(seconds) && seconds > 0)) {
      throw new Problem('give a number of seconds, such as 600, or leave max-duration out.', 'badMaxDuration');
    }
    return seconds;
  },
  lang: (text) => {
    if (text === '') return undefined;
    try {
      return Intl.getCanonicalLocales(text)[0];
    } catch {
      throw new Problem('not a language tag; give one such as en, fr or fr-CA, or leave lang out.', 'badLang');
    }
  },
};

/** A whole number of at least 1 (`upTo` for the words: " to 16"), or undefined. */
function count1(text, attribute, key, upTo) {
  try {
    return parseCount(text, attribute);
  } catch {
    throw new Problem(`give a whole number from 1${upTo || ' up'}, or leave ${attribute} out.`, key);
  }
}

/**
 * @typedef {object} AttributeProblem
 * @property {string} attribute
 * @property {string} value the attribute's text
 * @property {string} key the banner's words (strings/en.js)
 * @property {Record<string, string>} values
 * @property {string} message for the console, in English: what is wrong and what to write
 */

/**
 * The widget's attributes: `settings`, the values it uses (apiHost, module, chunkSize,
 * parallelChunks, resume, concurrency, accept, maxSize, maxDuration, lang; undefined when
 * absent, empty or wrong), and `problems`, one per value it cannot use.
 *
 * @param {Element} element
 * @returns {{ settings: Record<string, any>, problems: AttributeProblem[] }}
 */
export function readAttributes(element) {
  const settings = { resume: false, accept: ['video/*'] };
  const problems = [];
  for (const [attribute, check] of Object.entries(CHECKS)) {
    const value = element.getAttribute(attribute);
    if (value === null) continue;
    const name = attribute.replace(/-(\w)/g, (_, c) => c.toUpperCase());
    try {
      settings[name] = check(value);
    } catch (error) {
      if (!(error instanceof Problem)) throw error;
      problems.push({ attribute, value, key: error.key, values: { value }, message: error.message });
    }
  }
  return { settings, problems };
}

/**
 * What the library would find wrong with `apiHost` (the same rules as its own check,
 * src/protocol/endpoint.rs), in words; undefined for a host or an http(s) origin it takes.
 *
 * @param {string} given
 * @returns {string | undefined}
 */
export function apiHostMistake(given) {
  if (given.trim() === '') return 'it is empty';
  if (/\s/.test(given)) return 'it contains whitespace';
  const at = given.indexOf('://');
  const scheme = at < 0 ? 'https' : given.slice(0, at).toLowerCase();
  const rest = at < 0 ? given : given.slice(at + 3);
  if (scheme !== 'http' && scheme !== 'https') return 'only http:// and https:// are supported';
  const authority = rest.endsWith('/') ? rest.slice(0, -1) : rest;
  if (authority === '') return 'the host is missing';
  if (/[/?#]/.test(authority)) return 'it must be a host (and port) only, without a path, query or fragment';
  if (authority.includes('@')) return 'it must not hold credentials';
  if (!/^[A-Za-z0-9._:[\]-]+$/.test(authority)) return 'it contains characters a host name cannot have';
  // No port, or 1 to 65535 after the host (an IPv6 literal's colons are inside brackets).
  const close = authority.lastIndexOf(']');
  const afterHost = close < 0 ? authority : authority.slice(close + 1);
  const colon = afterHost.indexOf(':');
  const portOk =
    colon < 0
      ? afterHost !== '' || authority.endsWith(']')
      : (colon > 0 || authority.startsWith('[')) && /^\d+$/.test(afterHost.slice(colon + 1)) && Number(afterHost.slice(colon + 1)) >= 1 && Number(afterHost.slice(colon + 1)) <= 65535;
  if (!portOk) return 'the port must be a number from 1 to 65535';
  return undefined;
}
