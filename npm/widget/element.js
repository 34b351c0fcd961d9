// <video-upload-widget>, the element (`VideoUploadWidget`): its shadow DOM (drop zone, picker,
// list of interrupted uploads, queue), its attributes (checked when it connects and when they
// change: a value it cannot use disables it, as a missing token does, with a banner that says
// what to write), the queue of files and the checks made before any byte (accept, max-size), and
// the uploads a reload interrupted (with `resume`). Each file's row and upload is an Entry
// (entry.js). Defined here, registered by ../widget.js.
import { ATTRIBUTE_OF, readAttributes } from './attributes.js';
import { Entry } from './entry.js';
import { InterruptedUploads } from './interrupted.js';
import { forgetInLibrary, loadLibrary, rememberedIn, resumeKeyOf } from './library.js';
import { deleteUpload } from './store.js';
import { STYLE } from './styles.js';
import { words } from './words.js';

const ICON = `<svg viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true" focusable="false"><path d="M12 16V4m0 0L7.5 8.5M12 4l4.5 4.5"/><path d="M4 15v3a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2v-3"/></svg>`;

/** Names of video files, for a file whose type the browser does not know. */
const VIDEO_NAME = /\.(mp4|m4v|mov|qt|mkv|webm|avi|wmv|flv|mpe?g|m2?ts|mts|3g[p2]|ogv)$/i;

// Where there is no DOM (Node, the server side of Next.js, Nuxt, SvelteKit, Astro), there is no
// HTMLElement: the class then extends an empty one, so that importing the widget does not throw
// there. It is registered, and so constructed, only where customElements exists (../widget.js).
// (A class defined inside a function called only in a browser would do too, but could not be
// exported by name as it is today.)
const Base = globalThis.HTMLElement ?? class {};

/** `<video-upload-widget>`: see widget.d.ts for its attributes, events, methods and properties. */
export class VideoUploadWidget extends Base {
  static get observedAttributes() {
    return ['upload-token', 'api-host', 'module', 'chunk-size', 'parallel-chunks', 'resume', 'concurrency', 'accept', 'max-size', 'max-duration', 'lang'];
  }

  constructor() {
    super();
    this.entries = [];
    this.overrides = {};
    /** The attributes' values and problems (attributes.js), read again at each change. */
    this.checked = { settings: {}, problems: [] };
    /** An option the library refused that the widget's checks let through (an AttributeProblem). */
    this.refused = null;
    /** The problems already told in the console (`attribute="value"`), not told again at each paint. */
    this.told = new Set();
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
    this.interrupted = new InterruptedUploads(this, root.querySelector('.interrupted'));

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
    this.check();
    this.paint();
  }

  disconnectedCallback() {
    this.langObserver.disconnect();
  }

  attributeChangedCallback(name) {
    // A refusal of the library's holds until its attribute (or the library, `module`) changes.
    if (this.refused && (name === this.refused.attribute || name === 'module')) this.refused = null;
    this.check();
    this.paint();
    // Fixed: the files that waited start.
    if (this.isConnected) this.pump();
  }

  /**
   * Reads and checks the attributes (attributes.js); while connected, tells each new problem in
   * the console, naming the attribute and what to write.
   */
  check() {
    this.checked = readAttributes(this);
    if (!this.isConnected) return;
    const problems = this.problems;
    const now = new Set(problems.map(({ attribute, value }) => `${attribute}="${value}"`));
    for (const problem of problems) {
      const said = `${problem.attribute}="${problem.value}"`;
      if (!this.told.has(said)) console.error(`<video-upload-widget> ${said}: ${problem.message}`);
    }
    this.told = now;
  }

  /** The attributes' values the widget uses (attributes.js: apiHost, chunkSize, concurrency, maxSize, …). */
  get settings() {
    return this.checked.settings;
  }

  /** Every attribute value that cannot be used: the widget's own checks, then the library's refusal. */
  get problems() {
    return this.refused ? [...this.checked.problems, this.refused] : this.checked.problems;
  }

  /**
   * An option the library refused when an upload started (an `INVALID_OPTION` error naming it):
   * shown as a problem of its attribute, as the widget's own checks are, until that attribute
   * changes. The row that met it waits, queued.
   */
  refuseOption(error) {
    const attribute = ATTRIBUTE_OF[error.name] ?? error.name;
    const value = this.getAttribute(attribute) ?? '';
    this.refused = { attribute, value, key: 'badOption', values: { attribute, value, message: error.message }, message: `the uploader refused it: ${error.message}` };
    this.check();
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

  /** No upload token, or an attribute whose value cannot be used: nothing is taken nor started. */
  get disabled() {
    return !this.getAttribute('upload-token')?.trim() || this.problems.length > 0;
  }

  get apiHost() {
    return this.getAttribute('api-host') ?? '';
  }

  /** `resume` is present and not "false". */
  get resumable() {
    return this.settings.resume === true;
  }

  /** The accept attribute's types, lower case (video/* without it). */
  get accepted() {
    return this.settings.accept ?? ['video/*'];
  }

  /** Every word outside the rows, then the rows, in the current language. */
  paint() {
    const t = this.t;
    const $ = (selector) => this.shadowRoot.querySelector(selector);
    this.input.accept = this.getAttribute('accept') ?? 'video/*';
    $('.lead').textContent = t('drop');
    $('.pick').textContent = t('choose');
    this.list.setAttribute('aria-label', t('uploads'));
    const { concurrency = 1, maxSize, maxDuration } = this.settings;
    const hint = [concurrency > 1 ? t('parallel', { count: concurrency }) : t('serial')];
    if (maxSize) hint.push(t('maxSize', { size: t.size(maxSize) }));
    if (maxDuration) hint.push(t('maxDuration', { duration: t.duration(maxDuration, 'long') }));
    $('#hint').textContent = hint.join(' ');
    // What disables the widget, one line each: the token, then each attribute it cannot use.
    const lines = this.problems.map((problem) => t(problem.key, problem.values));
    if (!this.getAttribute('upload-token')?.trim()) lines.unshift(t('noToken'));
    const configError = $('.config-error');
    const text = lines.join('\n');
    this.drop.setAttribute('aria-disabled', String(this.disabled));
    configError.hidden = !text;
    // Set only when it changes: an alert is announced again each time.
    if (configError.textContent !== text) configError.textContent = text;
    for (const entry of this.entries) entry.paint();
    this.interrupted.paint();
    this.interrupted.restore();
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

  /** The library, started (the package's own, or the `module` attribute's). */
  library() {
    return loadLibrary(this.settings.module);
  }

  /** The library's resume key for `file` with this widget's token: the id of its record. */
  async keyOf(file) {
    return resumeKeyOf(await this.library(), { file, uploadToken: this.getAttribute('upload-token') ?? '' });
  }

  /** What the library remembers of the upload `id` (a record's): see rememberedIn in library.js. */
  async remembered(id) {
    return rememberedIn(await this.library(), id);
  }

  /** Forgets an upload: the widget's record, and what the library remembers of it. */
  forget(id) {
    deleteUpload(id);
    this.library().then((library) => forgetInLibrary(library, id), () => {});
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
    if (file) await this.interrupted.resumeWith(record, file, handle);
  }

  /**
   * Queues files as if they had been picked: `File`s and `FileSystemFileHandle`s (whose file is
   * read now, and whose handle is kept with an interrupted upload so that a later page can
   * resume it without a pick). A file that is one of the interrupted uploads continues it.
   * Resolves once they are queued.
   */
  async addFiles(items) {
    if (this.disabled) {
      // The banner (and the console) say why; nothing is queued until it is fixed.
      const fix = this.problems.map(({ attribute, value }) => `${attribute}="${value}"`);
      if (!this.getAttribute('upload-token')?.trim()) fix.unshift('upload-token (missing)');
      console.error(`<video-upload-widget> no file taken: fix ${fix.join(', ')} first.`);
      return;
    }
    for (const [file, handle, error] of await Promise.all(Array.from(items, fileOf))) {
      if (error) {
        const entry = this.queue({ name: handle.name }, handle, null, true);
        entry.refuse((t) => t('gone', { name: entry.name }), 'FILE_UNREADABLE');
        continue;
      }
      if (!file) continue;
      // Its key is asked of the library only when there is an interrupted upload to match.
      const record = this.interrupted.size ? this.interrupted.get(await this.keyOf(file).catch(() => undefined)) : undefined;
      if (record) this.interrupted.continue(record, file, handle);
      else this.queue(file, handle);
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
    const { maxSize } = this.settings;
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

  /** The VideoUploader options from the attributes (checked: see `check`), for one file. */
  uploaderOptions(file) {
    const { apiHost, chunkSize, parallelChunks, maxDuration } = this.settings;
    const options = { file, uploadToken: this.getAttribute('upload-token') ?? '' };
    if (apiHost) options.apiHost = apiHost;
    if (chunkSize !== undefined) options.chunkSize = chunkSize;
    if (parallelChunks !== undefined) options.parallelChunks = parallelChunks;
    if (this.resumable) options.resume = true;
    if (maxDuration !== undefined) options.maxVideoDuration = maxDuration;
    return options;
  }

  /** Starts queued files while fewer than `concurrency` are running; none while disabled. */
  pump() {
    if (this.disabled) return;
    const concurrency = this.settings.concurrency ?? 1;
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
