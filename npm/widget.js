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
//                    sends only what is missing
//   concurrency      files uploaded at the same time (default 1: one after another)
//   accept           file types offered by the picker (default "video/*")
//
// Events (CustomEvent, bubbles, composed):
//   upload-progress  detail { fileName, file, progress }  (the library's progress event)
//   upload-complete  detail { fileName, file, video }     (the video object; assets.player, videoId…)
//   upload-error     detail { fileName, file, error, message }  (the library's error and the words shown)
//
// Methods: addFiles(fileList) queues files as if they had been picked.
//
// Styling: CSS custom properties on the element (--vuw-accent, --vuw-radius, --vuw-font) and
// the parts "drop-zone", "queue", "item".
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
export function parseSize(text) {
  if (text == null || text.trim() === '') return undefined;
  const match = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(text);
  const unit = match && UNITS[match[2].toUpperCase()];
  if (!unit) throw new Error(`chunk-size "${text}" is not a size: write bytes ("10485760") or e.g. "10MB".`);
  return Math.round(Number(match[1]) * unit);
}

function parseCount(text, attribute) {
  if (text == null || text.trim() === '') return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${attribute} "${text}" is not a whole number of at least 1.`);
  return n;
}

export function formatBytes(bytes) {
  if (!Number.isFinite(bytes)) return '';
  const units = ['bytes', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${value} bytes` : `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

function formatDuration(seconds) {
  if (!Number.isFinite(seconds)) return '';
  const s = Math.max(1, Math.round(seconds));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min`;
}

/** The library's error (or a thrown Error) in words a person can act on. */
export function describeError(error) {
  switch (error?.reason) {
    case 'WASM_BLOCKED_BY_CSP':
      return "Uploads cannot start on this page: its security policy blocks WebAssembly, which the uploader needs. The site's owner must add 'wasm-unsafe-eval' to the page's Content-Security-Policy (script-src).";
    case 'WASM_NOT_FOUND':
    case 'WASM_INVALID':
      return "Uploads cannot start on this page: a file of the uploader is missing or damaged on the site (video_uploader_wasm_bg.wasm). The site's owner must publish it beside the widget's files.";
    case 'WASM_UNREACHABLE':
      return 'Uploads cannot start: a file of the uploader could not be downloaded. Check your connection, then retry.';
  }
  if (error instanceof Error) return error.message;
  const e = error ?? {};
  if (e.reason === 'ABORTED') return 'Cancelled';
  if (e.reason === 'NETWORK_ERROR') return 'The connection was lost. Check your network, then retry.';
  if (e.reason === 'NETWORK_TIMEOUT') return 'The server took too long to answer. Retry in a moment.';
  if (e.status === 404 && (e.name === 'token' || e.name == null)) {
    return 'This upload link is not valid (the token is unknown or was deleted). Ask for a new link.';
  }
  if (e.status === 403) return 'This upload link has expired. Ask for a new link.';
  return e.title || e.reason || 'The upload failed for an unknown reason.';
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
.sr-only { position: absolute; width: 1px; height: 1px; margin: -1px; padding: 0; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
@media (prefers-reduced-motion: reduce) { * { transition: none !important; } }
`;

const ICON = `<svg viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true" focusable="false"><path d="M12 16V4m0 0L7.5 8.5M12 4l4.5 4.5"/><path d="M4 15v3a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2v-3"/></svg>`;

const STATE_LABELS = {
  queued: 'Waiting',
  uploading: 'Uploading',
  paused: 'Paused',
  done: 'Uploaded',
  error: 'Failed',
  cancelled: 'Cancelled',
};

let nextId = 1;

/** One file in the queue and its row in the list. */
class Entry {
  constructor(widget, file) {
    this.widget = widget;
    this.file = file;
    this.id = `vuw-item-${nextId++}`;
    this.state = 'queued';
    this.uploader = null;
    this.samples = [];
    this.lastAnnounced = -1;
    this.render();
  }

  render() {
    const li = document.createElement('li');
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
        <span class="percent">0%</span>
        <span class="bytes"></span>
        <span class="speed"></span>
        <span class="eta"></span>
      </div>
      <div class="actions"></div>`;
    li.querySelector('.name').textContent = this.file.name || 'video';
    li.querySelector('label').textContent = `Upload progress of ${this.file.name || 'video'}`;
    li.querySelector('.bytes').textContent = formatBytes(this.file.size);
    this.li = li;
    this.progress = li.querySelector('progress');
    this.setState('queued');
  }

  setState(state) {
    this.state = state;
    this.li.dataset.state = state;
    this.li.querySelector('.state').textContent = STATE_LABELS[state];
    this.renderActions();
  }

  renderActions() {
    const actions = this.li.querySelector('.actions');
    // A button that had the focus is replaced: the focus moves to the row's new first button.
    const hadFocus = actions.contains(this.widget.shadowRoot.activeElement);
    actions.replaceChildren();
    const name = this.file.name || 'video';
    const add = (label, action, primary = false) => {
      const button = document.createElement('button');
      button.type = 'button';
      button.textContent = label;
      button.dataset.action = action;
      button.setAttribute('aria-label', `${label} ${name}`);
      if (primary) button.className = 'primary';
      button.addEventListener('click', () => this[action]());
      actions.append(button);
    };
    switch (this.state) {
      case 'queued':
        add('Cancel', 'cancel');
        break;
      case 'uploading':
        add('Pause', 'pause');
        add('Cancel', 'cancel');
        break;
      case 'paused':
        add('Resume', 'resume', true);
        add('Cancel', 'cancel');
        break;
      case 'error':
      case 'cancelled':
        add('Retry', 'retry', true);
        add('Remove', 'remove');
        break;
      case 'done':
        break;
    }
    if (hadFocus) (actions.querySelector('button') ?? this.widget.drop).focus();
  }

  async start() {
    this.setState('uploading');
    this.li.querySelector('.error')?.remove();
    this.li.querySelector('.result')?.remove();
    this.samples = [];
    this.lastAnnounced = -1;
    this.setProgress(0, this.file.size);
    this.widget.announce(`Uploading ${this.file.name}.`);
    try {
      const library = await loadLibrary(this.widget.getAttribute('module'));
      if (this.state !== 'uploading' && this.state !== 'paused') return; // cancelled while loading
      this.uploader = new library.VideoUploader(this.widget.uploaderOptions(this.file));
      if (this.state === 'paused') this.uploader.pause();
      this.uploader.onProgress((progress) => this.onProgress(progress));
      const video = await this.uploader.upload();
      this.done(video);
    } catch (error) {
      if (this.state === 'uploading' || this.state === 'paused') this.failed(error);
    } finally {
      this.uploader = null;
      this.widget.finished(this);
    }
  }

  onProgress(progress) {
    if (this.state !== 'uploading' && this.state !== 'paused') return;
    this.setProgress(progress.uploadedBytes, progress.totalBytes);
    this.widget.emit('upload-progress', { fileName: this.file.name, file: this.file, progress });
  }

  setProgress(uploaded, total) {
    const fraction = total > 0 ? Math.min(1, uploaded / total) : 0;
    const percent = Math.floor(fraction * 100);
    this.progress.value = fraction * 100;
    this.progress.setAttribute('aria-valuetext', `${percent}%`);
    this.li.querySelector('.percent').textContent = `${percent}%`;
    this.li.querySelector('.bytes').textContent = `${formatBytes(uploaded)} of ${formatBytes(total)}`;

    // Speed over the last few seconds; time left from it.
    const now = performance.now();
    this.samples.push({ t: now, bytes: uploaded });
    while (this.samples.length > 2 && now - this.samples[0].t > 4000) this.samples.shift();
    const first = this.samples[0];
    const seconds = (now - first.t) / 1000;
    const speed = seconds > 0.3 ? (uploaded - first.bytes) / seconds : NaN;
    const speedText = this.li.querySelector('.speed');
    const etaText = this.li.querySelector('.eta');
    if (this.state === 'uploading' && speed > 0 && uploaded < total) {
      speedText.textContent = `${formatBytes(speed)}/s`;
      etaText.textContent = `${formatDuration((total - uploaded) / speed)} left`;
    } else {
      speedText.textContent = '';
      etaText.textContent = '';
    }
    // Announce every 25% to screen readers, not every event.
    const step = Math.floor(percent / 25) * 25;
    if (step > this.lastAnnounced && step > 0 && step < 100) {
      this.lastAnnounced = step;
      this.widget.announce(`${this.file.name}: ${step}% uploaded.`);
    }
  }

  done(video) {
    this.setState('done');
    this.setProgress(this.file.size, this.file.size);
    const result = document.createElement('div');
    result.className = 'result';
    const player = video?.assets?.player;
    if (player) {
      const iframe = document.createElement('iframe');
      iframe.className = 'player';
      iframe.src = player;
      iframe.title = `Player: ${this.file.name}`;
      iframe.allow = 'fullscreen; picture-in-picture';
      iframe.loading = 'lazy';
      result.append(iframe);
    }
    const meta = document.createElement('p');
    meta.className = 'meta';
    meta.innerHTML = `<span>Video id <code class="video-id"></code></span>`;
    meta.querySelector('code').textContent = video?.videoId ?? '';
    if (player) {
      const link = document.createElement('a');
      link.href = player;
      link.target = '_blank';
      link.rel = 'noopener';
      link.textContent = 'Open the player';
      meta.append(link);
    }
    result.append(meta);
    this.li.append(result);
    this.widget.announce(`${this.file.name} uploaded. Video id ${video?.videoId ?? 'unknown'}.`);
    this.widget.emit('upload-complete', { fileName: this.file.name, file: this.file, video });
  }

  failed(error) {
    const cancelled = error?.reason === 'ABORTED';
    this.setState(cancelled ? 'cancelled' : 'error');
    const message = describeError(error);
    if (!cancelled) {
      const p = document.createElement('p');
      p.className = 'error';
      p.setAttribute('role', 'alert');
      p.textContent = message;
      this.li.querySelector('.actions').before(p);
    } else {
      this.widget.announce(`${this.file.name}: cancelled.`);
    }
    this.li.querySelector('.speed').textContent = '';
    this.li.querySelector('.eta').textContent = '';
    this.widget.emit('upload-error', { fileName: this.file.name, file: this.file, error, message });
  }

  pause() {
    if (this.state !== 'uploading') return;
    this.uploader?.pause();
    this.setState('paused');
    this.li.querySelector('.speed').textContent = '';
    this.li.querySelector('.eta').textContent = '';
    this.widget.announce(`${this.file.name}: paused.`);
  }

  resume() {
    if (this.state !== 'paused') return;
    this.samples = [];
    this.uploader?.resume();
    this.setState('uploading');
    this.widget.announce(`${this.file.name}: resumed.`);
  }

  cancel() {
    if (this.state === 'queued') {
      this.setState('cancelled');
      this.widget.announce(`${this.file.name}: cancelled.`);
      this.widget.emit('upload-error', {
        fileName: this.file.name,
        file: this.file,
        error: { reason: 'ABORTED', title: 'Cancelled before it started' },
        message: 'Cancelled',
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
    this.li.querySelector('.error')?.remove();
    this.setProgress(0, this.file.size);
    this.setState('queued');
    this.widget.announce(`${this.file.name}: queued again.`);
    this.widget.pump();
  }

  remove() {
    this.widget.removeEntry(this);
  }
}

export class VideoUploadWidget extends HTMLElement {
  static get observedAttributes() {
    return ['upload-token', 'accept'];
  }

  constructor() {
    super();
    this.entries = [];
    const root = this.attachShadow({ mode: 'open' });
    root.innerHTML = `
      <style>${STYLE}</style>
      <div class="drop" part="drop-zone" role="button" tabindex="0" aria-describedby="hint">
        ${ICON}
        <strong>Drop videos here or <span class="pick">choose files</span></strong>
        <span class="hint" id="hint"></span>
      </div>
      <input type="file" multiple hidden tabindex="-1" aria-hidden="true">
      <p class="error config-error" role="alert" hidden></p>
      <ol class="queue" part="queue" aria-label="Uploads"></ol>
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
      if (!this.disabled) this.addFiles(event.dataTransfer?.files ?? []);
    });
    this.input.addEventListener('change', () => {
      this.addFiles(this.input.files ?? []);
      this.input.value = '';
    });
  }

  connectedCallback() {
    this.update();
  }

  attributeChangedCallback() {
    this.update();
  }

  get disabled() {
    return !this.getAttribute('upload-token');
  }

  update() {
    this.input.accept = this.getAttribute('accept') ?? 'video/*';
    const concurrency = Number(this.getAttribute('concurrency')) || 1;
    this.shadowRoot.querySelector('#hint').textContent =
      concurrency > 1 ? `Several files upload ${concurrency} at a time.` : 'Several files upload one after another.';
    const configError = this.shadowRoot.querySelector('.config-error');
    this.drop.setAttribute('aria-disabled', String(this.disabled));
    configError.hidden = !this.disabled;
    configError.textContent = this.disabled ? 'No upload token: set the upload-token attribute of <video-upload-widget>.' : '';
  }

  openPicker() {
    if (!this.disabled) this.input.click();
  }

  /** Queues files (a FileList or an array of File) and starts what the concurrency allows. */
  addFiles(files) {
    for (const file of Array.from(files)) {
      const entry = new Entry(this, file);
      this.entries.push(entry);
      this.list.append(entry.li);
    }
    this.pump();
  }

  /** The VideoUploader options from the attributes, for one file. */
  uploaderOptions(file) {
    const options = { file, uploadToken: this.getAttribute('upload-token') ?? '' };
    const apiHost = this.getAttribute('api-host');
    if (apiHost) options.apiHost = apiHost;
    const chunkSize = parseSize(this.getAttribute('chunk-size'));
    if (chunkSize !== undefined) options.chunkSize = chunkSize;
    const parallel = parseCount(this.getAttribute('parallel-chunks'), 'parallel-chunks');
    if (parallel !== undefined) options.parallelChunks = parallel;
    const resume = this.getAttribute('resume');
    if (resume !== null && resume !== 'false') options.resume = true;
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

  finished() {
    this.pump();
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

if (!customElements.get('video-upload-widget')) {
  customElements.define('video-upload-widget', VideoUploadWidget);
}
