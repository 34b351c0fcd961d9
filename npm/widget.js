// <video-upload-widget>: a drop zone and file picker that uploads videos to api.video (or the
// local upload-server) with video-uploader-wasm. The package's `video-uploader-wasm/widget`
// entry point: importing it registers the element. No framework, no build step.
//
//   <script type="module" src="node_modules/video-uploader-wasm/widget.js"></script>   (or any copy, or a CDN)
//   <video-upload-widget upload-token="to…" api-host="http://127.0.0.1:8080"></video-upload-widget>
//
// It finds the library relative to itself (./index.js, and the wasm beside it), so the
// package's files work from node_modules, a CDN path or any folder of a site.
//
// Attributes (read when an upload starts, so they can change at any time):
//   upload-token     the delegated upload token (required)
//   api-host         "ws.api.video" (the library's default) or a full origin
//   module           override: URL of another build of the library's ES module (default: the
//                    package's own index.js, beside this file)
//   chunk-size       bytes per chunk: a number of bytes ("10485760") or with a binary unit
//                    ("10MB", "10 MiB", "5M", "512KB": K/KB/KiB = 1024, M/MB/MiB = 1024², G/GB/GiB = 1024³);
//                    the library accepts 5 MiB to 128 MiB (default: planned by the library)
//   parallel-chunks  chunks sending at once after the first one (library default 6)
//   resume           present (and not "false"): remember finished chunks, so Retry or a reload
//                    sends only what is missing, and list the uploads a reload or a crash
//                    interrupted, with Resume (a FileSystemFileHandle was kept) or "Pick … again"
//   concurrency      files uploaded at the same time (default 1: one after another)
//   accept           file types taken, picked or dropped (default "video/*"; "" takes any file)
//   max-size         the largest file taken, in bytes or with a unit as chunk-size ("500MB", "2 GiB")
//   max-duration     the longest video taken, in seconds (the library's maxVideoDuration)
//   lang             the language of the words (else the closest lang attribute, e.g. <html lang="fr">)
//
// Events (CustomEvent, bubbles, composed):
//   upload-progress  detail { fileName, file, progress }  (the library's progress event)
//   upload-complete  detail { fileName, file, video }     (the video object; assets.player, videoId…)
//   upload-error     detail { fileName, file, error, message }  (the library's error and the words shown)
//
// Methods and properties: addFiles(items) queues Files and FileSystemFileHandles as if they had
// been picked; `strings` overrides any of the words (see STRINGS).
//
// Interrupted uploads (with `resume`) are kept in IndexedDB ("video-upload-widget") for 24 hours
// after they started: the file's name, size, last-modified time and type, the api host, the start
// time, the FileSystemFileHandle when there is one, and as id the library's own localStorage key
// for the upload (a hash of the token and the file, so the token itself is not stored).
//
// Styling: CSS custom properties on the element (--vuw-accent, --vuw-radius, --vuw-font) and
// the parts "drop-zone", "interrupted", "queue", "item", "thumbnail".
import * as ownPackage from './index.js';

/** One started library per `module` override URL, shared by every widget on the page. */
const overrides = new Map();

/** The library: the package's own (started), or the module named by the `module` attribute. */
async function loadLibrary(moduleUrl) {
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

const UNITS = { '': 1, B: 1, K: 1024, KB: 1024, KIB: 1024, M: 1024 ** 2, MB: 1024 ** 2, MIB: 1024 ** 2, G: 1024 ** 3, GB: 1024 ** 3, GIB: 1024 ** 3 };

/** "10MB" → 10485760; "5242880" → 5242880; undefined for an absent or unreadable value. */
export function parseSize(text, attribute = 'chunk-size') {
  if (text == null || text.trim() === '') return undefined;
  const match = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(text);
  const unit = match && UNITS[match[2].toUpperCase()];
  if (!unit) throw new Error(`${attribute} "${text}" is not a size: write bytes ("10485760") or e.g. "10MB".`);
  return Math.round(Number(match[1]) * unit);
}

function parseCount(text, attribute) {
  if (text == null || text.trim() === '') return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${attribute} "${text}" is not a whole number of at least 1.`);
  return n;
}

/**
 * Every word the widget shows or announces, by language. `{name}` is replaced; a value may be
 * an object of plural forms (Intl.PluralRules' categories, chosen by `{count}`) or a function
 * of the values. A page can add a language (`STRINGS.de = {…}`, missing words fall back to
 * English) or override words on one widget with its `strings` property.
 */
export const STRINGS = {
  en: {
    drop: 'Drop videos here or',
    unnamed: 'video',
    choose: 'choose files',
    serial: 'Several files upload one after another.',
    parallel: 'Several files upload {count} at a time.',
    maxSize: 'Up to {size} a file.',
    maxDuration: 'Up to {duration} a video.',
    noToken: 'No upload token: set the upload-token attribute of <video-upload-widget>.',
    uploads: 'Uploads',
    queued: 'Waiting',
    uploading: 'Uploading',
    paused: 'Paused',
    done: 'Uploaded',
    error: 'Failed',
    cancelled: 'Cancelled',
    refused: 'Refused',
    pause: 'Pause',
    resume: 'Resume',
    cancel: 'Cancel',
    retry: 'Retry',
    remove: 'Remove',
    discard: 'Discard',
    pickAgain: 'Pick {name} again to continue',
    progressOf: 'Upload progress of {name}',
    sent: '{sent} of {total}',
    left: '{duration} left',
    player: 'Player: {name}',
    videoId: 'Video id',
    open: 'Open the player',
    starting: 'Uploading {name}.',
    progress: '{name}: {percent} uploaded.',
    uploaded: '{name} uploaded. Video id {id}.',
    wasCancelled: '{name}: cancelled.',
    wasPaused: '{name}: paused.',
    wasResumed: '{name}: resumed.',
    queuedAgain: '{name}: queued again.',
    interrupted: { one: '{count} upload was interrupted', other: '{count} uploads were interrupted' },
    started: '{size} · started {ago}',
    csp: "Uploads cannot start on this page: its security policy blocks WebAssembly, which the uploader needs. The site's owner must add 'wasm-unsafe-eval' to the page's Content-Security-Policy (script-src).",
    wasmMissing: "Uploads cannot start on this page: a file of the uploader is missing or damaged on the site (video_uploader_wasm_bg.wasm). The site's owner must publish it beside the widget's files.",
    wasmUnreachable: 'Uploads cannot start: a file of the uploader could not be downloaded. Check your connection, then retry.',
    aborted: 'Cancelled',
    abortedEarly: 'Cancelled before it started',
    network: 'The connection was lost. Check your network, then retry.',
    timeout: 'The server took too long to answer. Retry in a moment.',
    badLink: 'This upload link is not valid (the token is unknown or was deleted). Ask for a new link.',
    expired: 'This upload link has expired. Ask for a new link.',
    failed: 'The upload failed for an unknown reason.',
    tooBig: '{name} is {size}: larger than the {max} allowed.',
    tooLong: '{name} is longer than the {max} allowed.',
    noDuration: 'The length of {name} cannot be read: is it a video this browser can play?',
    notAccepted: '{name} cannot be uploaded here: only {types} are accepted.',
    videos: 'videos',
    wrongFile: 'That is not the same file as {name} ({size}, modified {date}): nothing was sent. Pick that file to continue.',
    changed: '{name} has changed since its upload started, so it cannot be continued. Discard it and upload it again.',
    gone: '{name} cannot be read any more (moved or deleted?). Pick it again to continue.',
    denied: 'Reading {name} was not allowed. Pick it again to continue.',
  },
  fr: {
    drop: 'Déposez des vidéos ici ou',
    unnamed: 'vidéo',
    choose: 'choisissez des fichiers',
    serial: 'Plusieurs fichiers s’envoient l’un après l’autre.',
    parallel: 'Plusieurs fichiers s’envoient {count} à la fois.',
    maxSize: 'Jusqu’à {size} par fichier.',
    maxDuration: 'Jusqu’à {duration} par vidéo.',
    noToken: 'Pas de jeton d’envoi : renseignez l’attribut upload-token de <video-upload-widget>.',
    uploads: 'Envois',
    queued: 'En attente',
    uploading: 'Envoi en cours',
    paused: 'En pause',
    done: 'Envoyé',
    error: 'Échec',
    cancelled: 'Annulé',
    refused: 'Refusé',
    pause: 'Pause',
    resume: 'Reprendre',
    cancel: 'Annuler',
    retry: 'Réessayer',
    remove: 'Retirer',
    discard: 'Abandonner',
    pickAgain: 'Choisir de nouveau {name} pour continuer',
    progressOf: 'Progression de l’envoi de {name}',
    sent: '{sent} sur {total}',
    left: 'encore {duration}',
    player: 'Lecteur : {name}',
    videoId: 'Identifiant de la vidéo',
    open: 'Ouvrir le lecteur',
    starting: 'Envoi de {name}.',
    progress: '{name} : {percent} envoyés.',
    uploaded: '{name} est envoyé. Identifiant de la vidéo : {id}.',
    wasCancelled: '{name} : envoi annulé.',
    wasPaused: '{name} : envoi en pause.',
    wasResumed: '{name} : envoi repris.',
    queuedAgain: '{name} : de nouveau en attente.',
    interrupted: { one: '{count} envoi a été interrompu', other: '{count} envois ont été interrompus' },
    started: '{size} · commencé {ago}',
    csp: "Les envois ne peuvent pas démarrer sur cette page : sa politique de sécurité bloque WebAssembly, dont l’outil d’envoi a besoin. Le propriétaire du site doit ajouter 'wasm-unsafe-eval' à la Content-Security-Policy de la page (script-src).",
    wasmMissing: 'Les envois ne peuvent pas démarrer sur cette page : un fichier de l’outil d’envoi manque ou est endommagé sur le site (video_uploader_wasm_bg.wasm). Le propriétaire du site doit le publier à côté des fichiers du widget.',
    wasmUnreachable: 'Les envois ne peuvent pas démarrer : un fichier de l’outil d’envoi n’a pas pu être téléchargé. Vérifiez votre connexion, puis réessayez.',
    aborted: 'Annulé',
    abortedEarly: 'Annulé avant de commencer',
    network: 'La connexion a été perdue. Vérifiez votre réseau, puis réessayez.',
    timeout: 'Le serveur a mis trop de temps à répondre. Réessayez dans un moment.',
    badLink: 'Ce lien d’envoi n’est pas valide (le jeton est inconnu ou a été supprimé). Demandez un nouveau lien.',
    expired: 'Ce lien d’envoi a expiré. Demandez un nouveau lien.',
    failed: 'L’envoi a échoué pour une raison inconnue.',
    tooBig: '{name} fait {size} : c’est plus que les {max} autorisés.',
    tooLong: '{name} dure plus que la durée autorisée ({max}).',
    noDuration: 'La durée de {name} ne peut pas être lue : est-ce une vidéo que ce navigateur sait lire ?',
    notAccepted: '{name} ne peut pas être envoyé ici : seuls {types} sont acceptés.',
    videos: 'les fichiers vidéo',
    wrongFile: 'Ce n’est pas le même fichier que {name} ({size}, modifié le {date}) : rien n’a été envoyé. Choisissez ce fichier pour continuer.',
    changed: '{name} a changé depuis le début de son envoi, qui ne peut donc pas être poursuivi. Abandonnez-le et envoyez-le de nouveau.',
    gone: '{name} ne peut plus être lu (déplacé ou supprimé ?). Choisissez-le de nouveau pour continuer.',
    denied: 'La lecture de {name} n’a pas été autorisée. Choisissez-le de nouveau pour continuer.',
  },
};

const SIZE_UNITS = ['byte', 'kilobyte', 'megabyte', 'gigabyte', 'terabyte'];

/**
 * The words for `lang` (a BCP 47 tag; English when absent, unknown or without a table), with
 * `strings` over them: `t(key, values)`, and Intl formatters for what goes into them.
 */
function words(lang, strings) {
  let locale = 'en';
  try {
    locale = Intl.getCanonicalLocales(lang || 'en')[0];
  } catch {}
  const table = { ...STRINGS.en, ...STRINGS[locale.split('-')[0].toLowerCase()], ...STRINGS[locale], ...strings };
  const plural = new Intl.PluralRules(locale);
  const number = (n, options) => new Intl.NumberFormat(locale, options).format(n);
  const unit = (n, unit, unitDisplay = 'short', maximumFractionDigits = 0) =>
    number(n, { style: 'unit', unit, unitDisplay, maximumFractionDigits });
  const t = (key, values = {}) => {
    let text = table[key] ?? key;
    if (typeof text === 'function') return String(text(values, locale));
    if (typeof text === 'object') text = text[plural.select(values.count)] ?? text.other;
    return text.replace(/\{(\w+)\}/g, (_, name) => (typeof values[name] === 'number' ? number(values[name]) : values[name] ?? ''));
  };
  /** Bytes in binary steps with the locale's unit ("1.5 MB", "1,5 Mo"); `per` = "-per-second" for a speed. */
  t.size = (bytes, per = '') => {
    if (!Number.isFinite(bytes)) return '';
    let step = 0;
    while (bytes >= 1024 && step < 4) {
      bytes /= 1024;
      step++;
    }
    return unit(bytes, SIZE_UNITS[step] + per, step ? 'short' : 'long', step && bytes < 10 ? 1 : 0);
  };
  /** "1 min 5 sec", or in long units ("1 minute 5 seconds"). */
  t.duration = (seconds, display) => {
    const s = Math.max(1, Math.round(seconds));
    const parts = s < 60 ? [[s, 'second']] : s < 3600 ? [[s / 60, 'minute'], [s % 60, 'second']] : [[s / 3600, 'hour'], [(s / 60) % 60, 'minute']];
    return parts
      .map(([n, name]) => [Math.floor(n), name])
      .filter(([n], i) => n || !i)
      .map(([n, name]) => unit(n, name, display))
      .join(' ');
  };
  t.percent = (fraction) => number(fraction, { style: 'percent' });
  t.ago = (ms) => {
    const s = Math.max(0, ms) / 1000;
    const [n, name] = s < 60 ? [s, 'second'] : s < 3600 ? [s / 60, 'minute'] : [s / 3600, 'hour'];
    return new Intl.RelativeTimeFormat(locale, { numeric: 'auto' }).format(-Math.floor(n), name);
  };
  t.date = (ms) => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(ms);
  t.or = (list) => new Intl.ListFormat(locale, { type: 'disjunction' }).format(list);
  return t;
}

/** `1536` → `"1.5 kB"`: binary steps, the units of `lang` (default English). */
export function formatBytes(bytes, lang) {
  return words(lang).size(bytes);
}

/**
 * The library's error (or a thrown Error) in words a person can act on, in English or with the
 * words `t` of a widget; `values` names the file (`name`) and the longest duration taken (`max`).
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
  }
  if (error instanceof Error) return error.message;
  if (e.reason === 'ABORTED') return t('aborted');
  if (e.reason === 'NETWORK_ERROR') return t('network');
  if (e.reason === 'NETWORK_TIMEOUT') return t('timeout');
  if (e.status === 404 && (e.name === 'token' || e.name == null)) return t('badLink');
  if (e.status === 403) return t('expired');
  return e.title || e.reason || t('failed');
}

// --- What is remembered of interrupted uploads -----------------------------------------------

/** How long an interrupted upload is listed after it started. */
const KEEP_MS = 24 * 3600 * 1000;

/**
 * The library's localStorage key for `file`'s upload with `token` (resume: true): FNV-1a 64 of
 * the token, the name, the size and the last-modified time, as src/core/resume.rs computes it.
 * It identifies a file and token without storing the token.
 */
function resumeKey(token, { name, size, lastModified }) {
  const text = new TextEncoder();
  const numbers = new DataView(new ArrayBuffer(16));
  numbers.setBigUint64(0, BigInt(size), true);
  numbers.setFloat64(8, lastModified, true);
  let hash = 0xcbf29ce484222325n;
  for (const bytes of [text.encode(token), [0], text.encode(name), [0], new Uint8Array(numbers.buffer)]) {
    for (const byte of bytes) hash = BigInt.asUintN(64, (hash ^ BigInt(byte)) * 0x100000001b3n);
  }
  return `video-uploader-wasm:resume:${hash.toString(16).padStart(16, '0')}`;
}

let database;
/** Runs `use(store)` in a transaction of the object store of interrupted uploads; its request's result. */
function saved(mode, use) {
  database ??= new Promise((resolve, reject) => {
    const open = indexedDB.open('video-upload-widget', 1);
    open.onupgradeneeded = () => open.result.createObjectStore('uploads', { keyPath: 'id' });
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => reject(open.error);
  });
  return database.then(
    (db) =>
      new Promise((resolve, reject) => {
        const transaction = db.transaction('uploads', mode);
        const request = use(transaction.objectStore('uploads'));
        transaction.oncomplete = () => resolve(request.result);
        transaction.onerror = transaction.onabort = () => reject(transaction.error);
      }),
  );
}

/** Forgets an upload: its entry and the library's record of its chunks. */
function forget(id) {
  saved('readwrite', (store) => store.delete(id)).catch(() => {});
  try {
    localStorage.removeItem(id);
  } catch {}
}

const STYLE = `
:host {
  --vuw-accent: #4f46e5;
  --vuw-accent-text: #fff;
  --vuw-bg: #fff;
  --vuw-fg: #1f2330;
  --vuw-muted: #5d6475;
  --vuw-border: #d5d9e2;
  --vuw-surface: #f5f6fa;
  --vuw-track: #e3e6ee;
  --vuw-ok: #15803d;
  --vuw-error: #b42318;
  --vuw-error-bg: #fdecea;
  --vuw-radius: 12px;
  --vuw-font: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  display: block;
  color-scheme: light dark;
  font: 15px/1.45 var(--vuw-font);
  color: var(--vuw-fg);
}
@media (prefers-color-scheme: dark) {
  :host {
    --vuw-accent: #8b87ff;
    --vuw-accent-text: #0f1020;
    --vuw-bg: #181a22;
    --vuw-fg: #e8eaf0;
    --vuw-muted: #a3a9b8;
    --vuw-border: #373b4a;
    --vuw-surface: #20232d;
    --vuw-track: #323646;
    --vuw-ok: #4ade80;
    --vuw-error: #ff8a80;
    --vuw-error-bg: #3a1f1f;
  }
}
:host([hidden]) { display: none; }
* { box-sizing: border-box; }
.drop {
  display: flex; flex-direction: column; align-items: center; gap: .35rem;
  padding: 1.6rem 1rem; text-align: center; cursor: pointer;
  border: 2px dashed var(--vuw-border); border-radius: var(--vuw-radius);
  background: var(--vuw-surface);
  transition: border-color .15s, background-color .15s;
}
.drop:hover, .drop.over { border-color: var(--vuw-accent); background: color-mix(in srgb, var(--vuw-accent) 8%, var(--vuw-surface)); }
.drop:focus-visible { outline: 3px solid var(--vuw-accent); outline-offset: 3px; }
.drop[aria-disabled="true"] { cursor: not-allowed; opacity: .6; }
.drop svg { width: 2.2rem; height: 2.2rem; color: var(--vuw-accent); }
.drop strong { font-size: 1.05rem; }
.drop .pick { color: var(--vuw-accent); text-decoration: underline; text-underline-offset: 2px; }
.hint { color: var(--vuw-muted); font-size: .875rem; }
.config-error { margin: .75rem 0 0; }
ol { list-style: none; margin: 0; padding: 0; }
.item {
  margin-top: .75rem; padding: .85rem 1rem;
  border: 1px solid var(--vuw-border); border-radius: var(--vuw-radius); background: var(--vuw-bg);
}
.head { display: flex; flex-wrap: wrap; align-items: baseline; gap: .25rem .75rem; }
.name { font-weight: 600; overflow-wrap: anywhere; flex: 1 1 12rem; }
.state { font-size: .8rem; font-weight: 600; text-transform: uppercase; letter-spacing: .04em; color: var(--vuw-muted); }
[data-state="uploading"] .state { color: var(--vuw-accent); }
[data-state="done"] .state { color: var(--vuw-ok); }
[data-state="error"] .state, [data-state="cancelled"] .state { color: var(--vuw-error); }
progress {
  display: block; width: 100%; height: .6rem; margin: .6rem 0 .35rem;
  appearance: none; -webkit-appearance: none; border: none; border-radius: 999px;
  background: var(--vuw-track); overflow: hidden; color: var(--vuw-accent);
}
progress::-webkit-progress-bar { background: var(--vuw-track); border-radius: 999px; }
progress::-webkit-progress-value { background: var(--vuw-accent); border-radius: 999px; transition: width .2s; }
progress::-moz-progress-bar { background: var(--vuw-accent); border-radius: 999px; }
[data-state="done"] progress::-webkit-progress-value { background: var(--vuw-ok); }
[data-state="done"] progress::-moz-progress-bar { background: var(--vuw-ok); }
[data-state="paused"] progress::-webkit-progress-value { background: var(--vuw-muted); }
[data-state="paused"] progress::-moz-progress-bar { background: var(--vuw-muted); }
.stats { display: flex; flex-wrap: wrap; gap: .15rem 1rem; color: var(--vuw-muted); font-size: .875rem; font-variant-numeric: tabular-nums; }
.stats .percent { color: var(--vuw-fg); font-weight: 600; min-width: 3.2em; }
.actions { display: flex; flex-wrap: wrap; gap: .5rem; margin-top: .6rem; }
.actions:empty { display: none; }
button {
  font: inherit; font-size: .875rem; font-weight: 600; min-height: 2.25rem; padding: .35rem .9rem;
  border-radius: 8px; border: 1px solid var(--vuw-border); background: var(--vuw-bg); color: var(--vuw-fg);
  cursor: pointer;
}
button:hover { border-color: var(--vuw-accent); }
button:focus-visible { outline: 3px solid var(--vuw-accent); outline-offset: 2px; }
button.primary { background: var(--vuw-accent); border-color: var(--vuw-accent); color: var(--vuw-accent-text); }
.error {
  margin: .6rem 0 0; padding: .5rem .75rem; border-radius: 8px;
  background: var(--vuw-error-bg); color: var(--vuw-error); font-size: .9rem;
}
.result { margin-top: .75rem; }
.player {
  display: block; width: 100%; aspect-ratio: 16 / 9; border: 0; border-radius: 8px; background: #000;
}
.meta { margin: .45rem 0 0; font-size: .875rem; color: var(--vuw-muted); display: flex; flex-wrap: wrap; gap: .25rem .75rem; }
code { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: .85em; color: var(--vuw-fg); background: var(--vuw-surface); padding: .05rem .35rem; border-radius: 4px; }
a { color: var(--vuw-accent); }
[data-state="refused"] :is(progress, .percent) { display: none; }
.thumb { flex: none; align-self: center; width: 4rem; height: 2.25rem; object-fit: cover; border-radius: 6px; background: #000; }
.interrupted {
  margin-top: .75rem; padding: .85rem 1rem; border: 1px solid var(--vuw-accent); border-radius: var(--vuw-radius);
  background: color-mix(in srgb, var(--vuw-accent) 7%, var(--vuw-bg));
}
.interrupted ul { list-style: none; margin: 0; padding: 0; }
.interrupted li { margin-top: .6rem; padding-top: .6rem; border-top: 1px solid var(--vuw-border); }
.interrupted .name { display: block; }
.interrupted .meta { margin-top: .1rem; }
.sr-only { position: absolute; width: 1px; height: 1px; margin: -1px; padding: 0; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
@media (prefers-reduced-motion: reduce) { * { transition: none !important; } }
`;

const ICON = `<svg viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true" focusable="false"><path d="M12 16V4m0 0L7.5 8.5M12 4l4.5 4.5"/><path d="M4 15v3a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2v-3"/></svg>`;

/** Names of video files, for a file whose type the browser does not know. */
const VIDEO_NAME = /\.(mp4|m4v|mov|qt|mkv|webm|avi|wmv|flv|mpe?g|m2?ts|mts|3g[p2]|ogv)$/i;

/** The buttons of a row in each state; the first of Resume and Retry is the primary one. */
const ACTIONS = {
  queued: ['cancel'],
  uploading: ['pause', 'cancel'],
  paused: ['resume', 'cancel'],
  error: ['retry', 'remove'],
  cancelled: ['retry', 'remove'],
  refused: ['remove'],
  done: [],
};

let nextId = 1;

/** One file in the queue and its row in the list. */
class Entry {
  /** `record`: the remembered upload it continues, if any. */
  constructor(widget, file, handle, record) {
    Object.assign(this, { widget, file, handle, record, id: `vuw-item-${nextId++}`, uploaded: 0, samples: [] });
    const li = (this.li = document.createElement('li'));
    li.className = 'item';
    li.part = 'item';
    li.id = this.id;
    li.innerHTML = `
      <div class="head">
        <span class="name" id="${this.id}-name"></span>
        <span class="state"></span>
      </div>
      <label class="sr-only" for="${this.id}-progress"></label>
      <progress id="${this.id}-progress" max="100" value="0"></progress>
      <div class="stats">
        <span class="percent"></span>
        <span class="bytes"></span>
        <span class="speed"></span>
        <span class="eta"></span>
      </div>
      <div class="actions"></div>`;
    this.progress = li.querySelector('progress');
    this.setState('queued');
  }

  $(selector) {
    return this.li.querySelector(selector);
  }

  get name() {
    return this.file.name || this.widget.t('unnamed');
  }

  /** Writes every word of the row, in the widget's language. */
  paint() {
    const t = this.widget.t;
    const name = this.name;
    this.$('.name').textContent = name;
    this.$('label').textContent = t('progressOf', { name });
    this.$('.state').textContent = t(this.state);
    this.showProgress();
    const error = this.$('.error');
    if (error) error.textContent = this.why(t);
    const iframe = this.$('iframe');
    if (iframe) iframe.title = t('player', { name });
    const label = this.$('.vid-label');
    if (label) label.textContent = t('videoId');
    const open = this.$('.open');
    if (open) open.textContent = t('open');
    this.renderActions();
  }

  renderActions() {
    const actions = this.$('.actions');
    // A button that had the focus is replaced: the focus moves to the row's new first button.
    const hadFocus = actions.contains(this.widget.shadowRoot.activeElement);
    actions.replaceChildren(...ACTIONS[this.state].map((action) => this.widget.button(action, this.name, () => this[action]())));
    if (hadFocus) (actions.querySelector('button') ?? this.widget.drop).focus();
  }

  setState(state) {
    this.state = state;
    this.li.dataset.state = state;
    this.paint();
  }

  /**
   * Shows the first frame, when the browser can decode the file; nothing otherwise. `duration`
   * resolves with the video's length in seconds (NaN when it cannot be read).
   */
  preview() {
    const video = document.createElement('video');
    const url = URL.createObjectURL(this.file);
    this.duration = new Promise((resolve) => {
      const end = () => {
        resolve(NaN);
        video.onerror = video.onloadeddata = null;
        URL.revokeObjectURL(url);
        video.removeAttribute('src');
        video.load();
      };
      video.muted = true;
      video.preload = 'auto';
      video.onloadedmetadata = () => resolve(video.duration);
      video.onerror = end;
      video.onloadeddata = () => {
        const { videoWidth: width, videoHeight: height } = video;
        if (width && height) {
          const canvas = document.createElement('canvas');
          canvas.className = 'thumb';
          canvas.part = 'thumbnail';
          canvas.width = 160;
          canvas.height = Math.round((160 * height) / width) || 90;
          canvas.getContext('2d').drawImage(video, 0, 0, canvas.width, canvas.height);
          this.$('.head').prepend(canvas);
        }
        end();
      };
      video.src = url;
    });
  }

  /** Refused before any byte: `why(t)` says why; `reason` goes in the event's error. */
  refuse(why, reason) {
    this.why = why;
    this.setState('refused');
    const message = this.showError();
    this.widget.emit('upload-error', { fileName: this.file.name, file: this.file, error: { reason, title: message }, message });
  }

  showError() {
    const p = document.createElement('p');
    p.className = 'error';
    p.setAttribute('role', 'alert');
    const message = (p.textContent = this.why(this.widget.t));
    this.$('.actions').before(p);
    return message;
  }

  async start() {
    const t = this.widget.t;
    this.setState('uploading');
    this.$('.error')?.remove();
    this.$('.result')?.remove();
    this.samples = [];
    this.lastAnnounced = -1;
    this.written = false;
    this.setProgress(0, this.file.size);
    this.widget.announce(t('starting', { name: this.name }));
    try {
      const library = await loadLibrary(this.widget.getAttribute('module'));
      if (this.state !== 'uploading' && this.state !== 'paused') return; // cancelled while loading
      const options = this.widget.uploaderOptions(this.file);
      const max = options.maxVideoDuration;
      if (max) {
        // The library checks maxVideoDuration too, but its check reads the duration after
        // clearing the <video>'s source (NaN), so it lets every video through: the widget reads
        // the duration itself, from the preview's metadata.
        const duration = await this.duration;
        if (!Number.isFinite(duration)) throw { reason: 'INVALID_VIDEO' };
        if (duration > max) throw { reason: 'VIDEO_TOO_LONG' };
      }
      if (this.record) options.resume = true;
      this.key = options.resume && resumeKey(options.uploadToken, this.file);
      this.uploader = new library.VideoUploader(options);
      if (this.state === 'paused') this.uploader.pause();
      this.uploader.onProgress((progress) => this.onProgress(progress));
      const video = await this.uploader.upload();
      this.done(video);
    } catch (error) {
      if (this.state === 'uploading' || this.state === 'paused') this.failed(error);
    } finally {
      this.uploader = null;
      this.widget.pump();
    }
  }

  onProgress(progress) {
    if (this.state !== 'uploading' && this.state !== 'paused') return;
    // Bytes are going: remember the upload, so that a reload or a crash can list it.
    if (this.key && !this.written && progress.uploadedBytes > 0) this.save();
    this.setProgress(progress.uploadedBytes, progress.totalBytes);
    this.widget.emit('upload-progress', { fileName: this.file.name, file: this.file, progress });
  }

  save() {
    this.written = true;
    const { name, size, lastModified, type } = this.file;
    const record = { id: this.key, name, size, lastModified, type, apiHost: this.widget.apiHost, created: this.record?.created ?? Date.now() };
    this.record = record;
    const put = (value) => saved('readwrite', (store) => store.put(value));
    // A browser that cannot store the handle still remembers the file, to be picked again.
    put({ ...record, handle: this.handle }).catch(() => put(record)).catch(() => {});
  }

  forget() {
    if (this.record) forget(this.record.id);
    this.record = null;
  }

  setProgress(uploaded, total) {
    const t = this.widget.t;
    this.uploaded = uploaded;
    const percent = this.showProgress();
    // Speed over the last few seconds; time left from it.
    const now = performance.now();
    this.samples.push({ t: now, bytes: uploaded });
    while (this.samples.length > 2 && now - this.samples[0].t > 4000) this.samples.shift();
    const first = this.samples[0];
    const seconds = (now - first.t) / 1000;
    const speed = seconds > 0.3 ? (uploaded - first.bytes) / seconds : NaN;
    const moving = this.state === 'uploading' && speed > 0 && uploaded < total;
    this.$('.speed').textContent = moving ? t.size(speed, '-per-second') : '';
    this.$('.eta').textContent = moving ? t('left', { duration: t.duration((total - uploaded) / speed) }) : '';
    // Announce every 25% to screen readers, not every event.
    const step = Math.floor(percent / 25) * 25;
    if (step > this.lastAnnounced && step > 0 && step < 100) {
      this.lastAnnounced = step;
      this.widget.announce(t('progress', { name: this.name, percent: t.percent(step / 100) }));
    }
  }

  /** The bar, the percentage and the bytes sent, from `this.uploaded`; returns the whole percent. */
  showProgress() {
    const t = this.widget.t;
    const total = this.file.size;
    const fraction = total > 0 ? Math.min(1, this.uploaded / total) : 0;
    const percent = Math.floor(fraction * 100);
    const text = t.percent(percent / 100);
    this.progress.value = fraction * 100;
    this.progress.setAttribute('aria-valuetext', text);
    this.$('.percent').textContent = text;
    this.$('.bytes').textContent = this.uploaded ? t('sent', { sent: t.size(this.uploaded), total: t.size(total) }) : t.size(total);
    return percent;
  }

  clearSpeed() {
    this.$('.speed').textContent = this.$('.eta').textContent = '';
  }

  done(video) {
    const t = this.widget.t;
    this.forget();
    this.uploaded = this.file.size;
    this.setState('done');
    const result = document.createElement('div');
    result.className = 'result';
    const player = video?.assets?.player;
    if (player) {
      const iframe = document.createElement('iframe');
      iframe.className = 'player';
      iframe.src = player;
      iframe.allow = 'fullscreen; picture-in-picture';
      iframe.loading = 'lazy';
      result.append(iframe);
    }
    const meta = document.createElement('p');
    meta.className = 'meta';
    meta.innerHTML = `<span><span class="vid-label"></span> <code class="video-id"></code></span>`;
    meta.querySelector('code').textContent = video?.videoId ?? '';
    if (player) {
      const link = document.createElement('a');
      link.className = 'open';
      link.href = player;
      link.target = '_blank';
      link.rel = 'noopener';
      meta.append(link);
    }
    result.append(meta);
    this.li.append(result);
    this.clearSpeed();
    this.paint();
    this.widget.announce(t('uploaded', { name: this.name, id: video?.videoId ?? '?' }));
    this.widget.emit('upload-complete', { fileName: this.file.name, file: this.file, video });
  }

  failed(error) {
    const widget = this.widget;
    const { reason, status } = error ?? {};
    // The server refused this upload (a 4xx after the library's retries): it cannot be continued.
    if (status >= 400 && status < 500) this.forget();
    const max = widget.getAttribute('max-duration');
    this.why = (t) => describeError(error, t, { name: this.name, max: max && t.duration(max, 'long') });
    this.setState(reason === 'ABORTED' ? 'cancelled' : reason === 'VIDEO_TOO_LONG' || reason === 'INVALID_VIDEO' ? 'refused' : 'error');
    let message;
    if (reason === 'ABORTED') {
      message = this.why(widget.t);
      widget.announce(widget.t('wasCancelled', { name: this.name }));
    } else {
      message = this.showError();
    }
    this.clearSpeed();
    widget.emit('upload-error', { fileName: this.file.name, file: this.file, error, message });
  }

  pause() {
    if (this.state !== 'uploading') return;
    this.uploader?.pause();
    this.setState('paused');
    this.clearSpeed();
    this.widget.announce(this.widget.t('wasPaused', { name: this.name }));
  }

  resume() {
    if (this.state !== 'paused') return;
    this.samples = [];
    this.uploader?.resume();
    this.setState('uploading');
    this.widget.announce(this.widget.t('wasResumed', { name: this.name }));
  }

  cancel() {
    const t = this.widget.t;
    if (this.state === 'queued') {
      this.setState('cancelled');
      this.widget.announce(t('wasCancelled', { name: this.name }));
      this.widget.emit('upload-error', {
        fileName: this.file.name,
        file: this.file,
        error: { reason: 'ABORTED', title: t('abortedEarly') },
        message: t('aborted'),
      });
      this.widget.pump();
      return;
    }
    if (this.state !== 'uploading' && this.state !== 'paused') return;
    if (this.uploader) {
      this.uploader.cancel(); // upload() rejects with ABORTED; failed() does the rest
    } else {
      this.failed({ reason: 'ABORTED' }); // still loading the package: start() stops there
    }
  }

  retry() {
    if (this.state !== 'error' && this.state !== 'cancelled') return;
    this.$('.error')?.remove();
    this.uploaded = 0;
    this.setState('queued');
    this.widget.announce(this.widget.t('queuedAgain', { name: this.name }));
    this.widget.pump();
  }

  remove() {
    this.forget();
    this.widget.removeEntry(this);
  }
}

export class VideoUploadWidget extends HTMLElement {
  static get observedAttributes() {
    return ['upload-token', 'api-host', 'accept', 'resume', 'concurrency', 'max-size', 'max-duration', 'lang'];
  }

  constructor() {
    super();
    this.entries = [];
    /** The interrupted uploads listed, by id. */
    this.interrupted = new Map();
    this.overrides = {};
    const root = this.attachShadow({ mode: 'open' });
    root.innerHTML = `
      <style>${STYLE}</style>
      <div class="drop" part="drop-zone" role="button" tabindex="0" aria-describedby="hint">
        ${ICON}
        <strong><span class="lead"></span> <span class="pick"></span></strong>
        <span class="hint" id="hint"></span>
      </div>
      <input type="file" multiple hidden tabindex="-1" aria-hidden="true">
      <p class="error config-error" role="alert" hidden></p>
      <div class="interrupted" part="interrupted" role="group" aria-labelledby="interrupted" hidden>
        <strong id="interrupted"></strong>
        <ul></ul>
      </div>
      <ol class="queue" part="queue"></ol>
      <div class="sr-only" role="status" aria-live="polite" aria-atomic="true"></div>`;
    this.drop = root.querySelector('.drop');
    this.input = root.querySelector('input');
    this.list = root.querySelector('ol');
    this.live = root.querySelector('[role="status"]');

    this.drop.addEventListener('click', () => this.openPicker());
    this.drop.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' || event.key === ' ') {
        event.preventDefault();
        this.openPicker();
      }
    });
    this.drop.addEventListener('dragover', (event) => {
      event.preventDefault();
      if (event.dataTransfer) event.dataTransfer.dropEffect = this.disabled ? 'none' : 'copy';
      this.drop.classList.add('over');
    });
    this.drop.addEventListener('dragleave', () => this.drop.classList.remove('over'));
    this.drop.addEventListener('drop', (event) => {
      event.preventDefault();
      this.drop.classList.remove('over');
      if (this.disabled) return;
      // The items can only be read during the event: the File now, and where the browser has
      // one (Chromium), a FileSystemFileHandle, which lets a later page resume without a pick.
      const items = [...(event.dataTransfer?.items ?? [])].filter((item) => item.kind === 'file');
      this.addFiles(
        items.map((item) => {
          const file = item.getAsFile();
          let handle;
          try {
            handle = item.getAsFileSystemHandle?.();
          } catch {}
          return handle ? handle.then((h) => (h?.kind === 'directory' ? null : h ?? file), () => file) : file;
        }),
      );
    });
    this.input.addEventListener('change', () => {
      this.picked([...this.input.files]);
      this.input.value = '';
    });
    this.input.addEventListener('cancel', () => (this.expected = null));
  }

  connectedCallback() {
    // <html lang> may change after the widget is drawn.
    (this.langObserver ??= new MutationObserver(() => this.paint())).observe(document.documentElement, {
      attributes: true,
      attributeFilter: ['lang'],
    });
    this.paint();
  }

  disconnectedCallback() {
    this.langObserver.disconnect();
  }

  attributeChangedCallback() {
    this.paint();
  }

  /** Words over the language's own: `widget.strings = { drop: "…" }` (see STRINGS for the keys). */
  get strings() {
    return this.overrides;
  }

  set strings(value) {
    this.overrides = { ...value };
    this.paint();
  }

  /** The words in the language of the element or the closest lang attribute (<html lang="fr">). */
  get t() {
    const lang = this.closest('[lang]')?.getAttribute('lang') || document.documentElement.lang;
    if (this.wordsFor?.[0] !== lang || this.wordsFor[1] !== this.overrides) {
      this.wordsFor = [lang, this.overrides, words(lang, this.overrides)];
    }
    return this.wordsFor[2];
  }

  get disabled() {
    return !this.getAttribute('upload-token');
  }

  get apiHost() {
    return this.getAttribute('api-host') ?? '';
  }

  /** `resume` is present and not "false". */
  get resumable() {
    const resume = this.getAttribute('resume');
    return resume !== null && resume !== 'false';
  }

  /** The accept attribute's types, lower case. */
  get accepted() {
    return (this.getAttribute('accept') ?? 'video/*')
      .split(',')
      .map((type) => type.trim().toLowerCase())
      .filter(Boolean);
  }

  /** Every word outside the rows, then the rows, in the current language. */
  paint() {
    const t = this.t;
    const $ = (selector) => this.shadowRoot.querySelector(selector);
    this.input.accept = this.getAttribute('accept') ?? 'video/*';
    $('.lead').textContent = t('drop');
    $('.pick').textContent = t('choose');
    this.list.setAttribute('aria-label', t('uploads'));
    const concurrency = Number(this.getAttribute('concurrency')) || 1;
    const hint = [concurrency > 1 ? t('parallel', { count: concurrency }) : t('serial')];
    try {
      const maxSize = parseSize(this.getAttribute('max-size'), 'max-size');
      if (maxSize) hint.push(t('maxSize', { size: t.size(maxSize) }));
    } catch {}
    const maxDuration = Number(this.getAttribute('max-duration'));
    if (maxDuration > 0) hint.push(t('maxDuration', { duration: t.duration(maxDuration, 'long') }));
    $('#hint').textContent = hint.join(' ');
    const configError = $('.config-error');
    this.drop.setAttribute('aria-disabled', String(this.disabled));
    configError.hidden = !this.disabled;
    configError.textContent = this.disabled ? t('noToken') : '';
    for (const entry of this.entries) entry.paint();
    this.paintInterrupted();
    this.restore();
  }

  /** A button with the word for `action`, labelled with the file's name for screen readers. */
  button(action, name, onClick) {
    const button = document.createElement('button');
    const label = this.t(action, { name });
    button.type = 'button';
    button.textContent = label;
    button.dataset.action = action;
    button.setAttribute('aria-label', label.includes(name) ? label : `${label} ${name}`);
    if (['resume', 'retry', 'pickAgain'].includes(action)) button.className = 'primary';
    button.addEventListener('click', onClick);
    return button;
  }

  /**
   * Lists the uploads that a reload or a crash interrupted, for this token and api host, once
   * per token; forgets those started more than 24 hours ago.
   */
  async restore() {
    const token = this.getAttribute('upload-token');
    const apiHost = this.apiHost;
    const key = this.isConnected && this.resumable && token ? `${apiHost} ${token}` : '';
    if (key === this.restored) return;
    this.restored = key;
    this.interrupted.clear();
    let records = [];
    try {
      if (key) records = await saved('readonly', (store) => store.getAll());
    } catch {}
    if (key !== this.restored) return;
    const queued = new Set(this.entries.map((entry) => entry.record?.id));
    for (const record of records.sort((a, b) => a.created - b.created)) {
      const age = Date.now() - record.created;
      if (!(age < KEEP_MS)) forget(record.id);
      else if (record.apiHost === apiHost && record.id === resumeKey(token, record) && !queued.has(record.id)) {
        this.interrupted.set(record.id, record);
      }
    }
    this.paintInterrupted();
    if (this.interrupted.size) this.announce(`${this.t('interrupted', { count: this.interrupted.size })}.`);
  }

  /** The list of interrupted uploads: each with Resume (a handle was kept) or Pick again, and Discard. */
  paintInterrupted() {
    const t = this.t;
    const box = this.shadowRoot.querySelector('.interrupted');
    const hadFocus = box.contains(this.shadowRoot.activeElement);
    box.hidden = !this.interrupted.size;
    box.querySelector('strong').textContent = t('interrupted', { count: this.interrupted.size });
    box.querySelector('ul').replaceChildren(
      ...[...this.interrupted.values()].map((record) => {
        const li = document.createElement('li');
        li.innerHTML = `<span class="name"></span><p class="meta"></p><div class="actions"></div>`;
        li.firstChild.textContent = record.name;
        li.querySelector('.meta').textContent = t('started', { size: t.size(record.size), ago: t.ago(Date.now() - record.created) });
        if (record.why) {
          const p = document.createElement('p');
          p.className = 'error';
          p.setAttribute('role', 'alert');
          p.textContent = record.why(t);
          li.lastChild.before(p);
        }
        li.lastChild.append(
          record.handle
            ? this.button('resume', record.name, () => this.resumeHandle(record))
            : this.button('pickAgain', record.name, () => this.openPicker(record)),
          this.button('discard', record.name, () => {
            forget(record.id);
            this.interrupted.delete(record.id);
            this.paintInterrupted();
          }),
        );
        return li;
      }),
    );
    if (hadFocus && !box.contains(this.shadowRoot.activeElement)) (box.querySelector('button') ?? this.drop).focus();
  }

  /** Resume: reads the kept handle's file (asking for permission when the browser needs it). */
  async resumeHandle(record) {
    const { handle } = record;
    try {
      // Permission is asked for within the Resume click (a user gesture), after checking whether it is needed.
      if (handle.requestPermission && (await handle.queryPermission({ mode: 'read' })) !== 'granted' && (await handle.requestPermission({ mode: 'read' })) !== 'granted') {
        throw new DOMException('', 'NotAllowedError');
      }
      this.resumeWith(record, await handle.getFile(), handle);
    } catch (error) {
      // Offer to pick the file instead.
      record.handle = null;
      record.why = (t) => t(error.name === 'NotAllowedError' ? 'denied' : 'gone', { name: record.name });
      this.paintInterrupted();
    }
  }

  /** Continues `record` with `file`, if it is the same file (name, size and last-modified time). */
  resumeWith(record, file, handle) {
    if (resumeKey(this.getAttribute('upload-token') ?? '', file) !== record.id) {
      const changed = handle && handle === record.handle;
      if (changed) record.handle = null;
      record.why = (t) => t(changed ? 'changed' : 'wrongFile', { name: record.name, size: t.size(record.size), date: t.date(record.lastModified) });
      this.paintInterrupted();
      return;
    }
    const hadFocus = this.shadowRoot.querySelector('.interrupted').contains(this.shadowRoot.activeElement);
    this.interrupted.delete(record.id);
    delete record.why;
    const entry = this.queue(file, handle ?? record.handle, record);
    this.paintInterrupted();
    if (hadFocus) (entry.$('button') ?? this.drop).focus();
    this.pump();
  }

  /**
   * Opens the browser's file picker: showOpenFilePicker where there is one (Chromium), which
   * gives handles that a later page can read again, else the <input type=file>. With `record`,
   * one file, to continue that interrupted upload.
   */
  async openPicker(record = null) {
    if (this.disabled) return;
    this.expected = record;
    if (window.showOpenFilePicker) {
      const accepted = this.accepted;
      const types = accepted.filter((type) => type.includes('/'));
      const options = { multiple: !record };
      if (accepted.length) {
        const extensions = accepted.filter((type) => type[0] === '.');
        options.types = [{ accept: Object.fromEntries((types[0] ? types : ['application/octet-stream']).map((type, i) => [type, i ? [] : extensions])) }];
      }
      try {
        return this.picked(await showOpenFilePicker(options));
      } catch (error) {
        if (error.name === 'AbortError') return (this.expected = null); // closed without a choice
        // A cross-origin frame, or types it cannot show: the input does it.
      }
    }
    this.input.multiple = !record;
    this.input.click();
  }

  /** What the picker gave: queued, or for "Pick … again" checked against the interrupted upload. */
  async picked(items) {
    const record = this.expected;
    this.expected = null;
    if (!record) return this.addFiles(items);
    const [[file, handle] = []] = await Promise.all(items.slice(0, 1).map(fileOf));
    if (file) this.resumeWith(record, file, handle);
  }

  /**
   * Queues files as if they had been picked: `File`s and `FileSystemFileHandle`s (whose file is
   * read now, and whose handle is kept with an interrupted upload so that a later page can
   * resume it without a pick). A file that is one of the interrupted uploads continues it.
   * Resolves once they are queued.
   */
  async addFiles(items) {
    const token = this.getAttribute('upload-token') ?? '';
    for (const [file, handle, error] of await Promise.all(Array.from(items, fileOf))) {
      if (error) {
        const entry = this.queue({ name: handle.name }, handle, null, true);
        entry.refuse((t) => t('gone', { name: entry.name }), 'UNREADABLE');
        continue;
      }
      const record = file && this.interrupted.get(resumeKey(token, file));
      if (record) this.resumeWith(record, file, handle);
      else if (file) this.queue(file, handle);
    }
    this.pump();
  }

  /** A row for `file`: refused at once when the accept or max-size attributes say so. */
  queue(file, handle, record, unread) {
    const entry = new Entry(this, file, handle, record);
    this.entries.push(entry);
    this.list.append(entry.li);
    if (unread) return entry;
    const name = entry.name;
    let maxSize;
    try {
      maxSize = parseSize(this.getAttribute('max-size'), 'max-size');
    } catch (error) {
      entry.refuse(() => error.message, 'INVALID_OPTION');
      return entry;
    }
    const accepted = this.accepted;
    // A browser that does not know a type gives "" (.mov or .mkv read through a handle, on some systems).
    const type = file.type.toLowerCase() || (VIDEO_NAME.test(name) ? 'video/' : '');
    const lowerName = name.toLowerCase();
    const accepts = (pattern) =>
      pattern[0] === '.' ? lowerName.endsWith(pattern) : pattern.endsWith('/*') ? type.startsWith(pattern.slice(0, -1)) : type === pattern;
    if (accepted.length && !accepted.some(accepts)) {
      entry.refuse((t) => t('notAccepted', { name, types: t.or(accepted.map((pattern) => (pattern === 'video/*' ? t('videos') : pattern))) }), 'FILE_TYPE_NOT_ACCEPTED');
    } else if (file.size > maxSize) {
      entry.refuse((t) => t('tooBig', { name, size: t.size(file.size), max: t.size(maxSize) }), 'FILE_TOO_LARGE');
    } else {
      entry.preview();
    }
    return entry;
  }

  /** The VideoUploader options from the attributes, for one file. */
  uploaderOptions(file) {
    const options = { file, uploadToken: this.getAttribute('upload-token') ?? '' };
    const apiHost = this.apiHost;
    if (apiHost) options.apiHost = apiHost;
    const chunkSize = parseSize(this.getAttribute('chunk-size'));
    if (chunkSize !== undefined) options.chunkSize = chunkSize;
    const parallel = parseCount(this.getAttribute('parallel-chunks'), 'parallel-chunks');
    if (parallel !== undefined) options.parallelChunks = parallel;
    if (this.resumable) options.resume = true;
    const maxDuration = this.getAttribute('max-duration');
    if (maxDuration) {
      options.maxVideoDuration = Number(maxDuration);
      if (!(options.maxVideoDuration > 0)) throw new Error(`max-duration "${maxDuration}" is not a number of seconds.`);
    }
    return options;
  }

  /** Starts queued files while fewer than `concurrency` are running. */
  pump() {
    let concurrency = 1;
    try {
      concurrency = parseCount(this.getAttribute('concurrency'), 'concurrency') ?? 1;
    } catch {
      concurrency = 1;
    }
    const running = () => this.entries.filter((e) => e.state === 'uploading' || e.state === 'paused').length;
    for (const entry of this.entries) {
      if (running() >= concurrency) break;
      if (entry.state === 'queued') entry.start();
    }
  }

  removeEntry(entry) {
    this.entries = this.entries.filter((e) => e !== entry);
    entry.li.remove();
    this.drop.focus();
  }

  announce(text) {
    // Re-setting the same text is not announced again; a changed one is.
    this.live.textContent = text;
  }

  emit(type, detail) {
    this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
  }
}

/** [file, handle, error]: a File as it is; a handle's file read now (or why it could not be). */
async function fileOf(item) {
  item = await item;
  if (!item?.getFile) return [item];
  try {
    return [await item.getFile(), item];
  } catch (error) {
    return [null, item, error];
  }
}

if (!customElements.get('video-upload-widget')) {
  customElements.define('video-upload-widget', VideoUploadWidget);
}
