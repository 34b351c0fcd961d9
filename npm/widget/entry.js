// One file in the widget's queue and its row in the list (`Entry`): its states (queued,
// uploading, paused, done, error, cancelled, refused) and their buttons, its upload with the
// library, its progress, speed and time left, the library's waits before a retry, and its
// record of an interrupted upload.
import { describeError } from './format.js';
import { resumeKeyOf } from './library.js';
import { writeUpload } from './store.js';

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
export class Entry {
  /**
   * @param {import('./element.js').VideoUploadWidget} widget
   * @param {File | { name: string }} file only a name for a handle whose file could not be read
   * @param {FileSystemFileHandle | null} [handle]
   * @param {import('./store.js').UploadRecord | null} [record] the interrupted upload it continues
   */
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
        <span class="wait"></span>
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
    this.showWait();
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
   * Shows the first frame as a thumbnail, when the browser can decode the file; nothing
   * otherwise. (The duration is not read here: the library checks `maxVideoDuration` itself,
   * before any byte, and its rejection refuses the row.)
   */
  preview() {
    const video = document.createElement('video');
    const url = URL.createObjectURL(this.file);
    const end = () => {
      video.onerror = video.onloadeddata = null;
      URL.revokeObjectURL(url);
      video.removeAttribute('src');
      video.load();
    };
    video.muted = true;
    video.preload = 'auto';
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
    this.clearWait();
    this.setProgress(0, this.file.size);
    this.widget.announce(t('starting', { name: this.name }));
    try {
      const library = await this.widget.library();
      // An attribute went wrong while the library loaded: the row waits until it is fixed.
      if (this.widget.disabled) return this.requeue();
      const options = this.widget.uploaderOptions(this.file);
      if (this.record) options.resume = true;
      // The library's name for this upload: its record's id, once bytes go.
      this.key = options.resume ? await resumeKeyOf(library, options) : undefined;
      if (this.state !== 'uploading' && this.state !== 'paused') return; // cancelled while loading
      this.uploader = new library.VideoUploader(options);
      if (this.state === 'paused') this.uploader.pause();
      this.uploader.onProgress((progress) => this.onProgress(progress));
      this.uploader.onRetry?.((retry) => this.onRetry(retry)); // absent from an older `module` override
      // Offline before any request failed: the library waits for the network with no retry to
      // tell, so the row says it from the browser's own events.
      addEventListener('offline', this.onOffline);
      this.onOffline();
      const video = await this.uploader.upload();
      this.done(video);
    } catch (error) {
      if (this.state !== 'uploading' && this.state !== 'paused') return;
      // An option the library refuses is the page's mistake, not this file's: the widget shows it
      // as a problem of its attribute (disabled until it changes), and the row waits, queued.
      // Only a file it refuses (`file`: an empty one) is this row's.
      if (error?.reason === 'INVALID_OPTION' && error.name !== 'file') {
        this.requeue();
        this.widget.refuseOption(error);
      } else {
        this.failed(error);
      }
    } finally {
      removeEventListener('offline', this.onOffline);
      this.uploader = null;
      this.widget.pump();
    }
  }

  /** Back in the queue, as if never started: it starts again when the widget can. */
  requeue() {
    this.uploaded = 0;
    this.clearWait();
    this.clearSpeed();
    this.setState('queued');
  }

  onProgress(progress) {
    if (this.state !== 'uploading' && this.state !== 'paused') return;
    // Bytes are going: remember the upload, so that a reload or a crash can list it.
    if (this.key && !this.written && progress.uploadedBytes > 0) this.save();
    // Bytes go again after a failure: the wait is over.
    if (progress.uploadedBytes > this.uploaded) this.clearWait();
    this.setProgress(progress.uploadedBytes, progress.totalBytes);
    this.widget.emit('upload-progress', { fileName: this.file.name, file: this.file, progress });
  }

  /**
   * A request failed and the library will try it again: the row says when (counting down each
   * second) and why, a screen reader hears it once until bytes move again, and the page gets
   * `upload-retry`. While paused the library holds its retries: only the event then.
   */
  onRetry(retry) {
    if (this.state !== 'uploading' && this.state !== 'paused') return;
    const t = this.widget.t;
    if (this.state === 'uploading') {
      const offline = retry.delayMs == null;
      if (!this.wait) this.widget.announce(offline ? t('wasOffline', { name: this.name }) : t('wasRetrying', { name: this.name, error: retry.error?.title ?? '' }));
      this.wait = { error: retry.error, until: offline ? null : performance.now() + retry.delayMs };
      this.clearSpeed();
      this.showWait();
    }
    this.widget.emit('upload-retry', { fileName: this.file.name, file: this.file, retry });
  }

  /** The browser is offline while this row uploads: it waits for the network. */
  onOffline = () => {
    if (this.state !== 'uploading' || navigator.onLine !== false || this.wait) return;
    this.widget.announce(this.widget.t('wasOffline', { name: this.name }));
    this.wait = { error: null, until: null };
    this.clearSpeed();
    this.showWait();
  };

  /** The wait's words, in the stats line: the seconds left (again at each whole second), or the network awaited. */
  showWait() {
    clearTimeout(this.waitTimer);
    const wait = this.wait;
    if (!wait) return;
    const t = this.widget.t;
    const error = wait.error?.title ?? '';
    const ms = wait.until === null ? null : wait.until - performance.now();
    let text = t('offline');
    if (ms > 0) {
      text = t('retryIn', { duration: t.duration(Math.ceil(ms / 1000)), error });
      // Just past the next whole second (timers may fire a little late, never early).
      this.waitTimer = setTimeout(() => this.showWait(), (ms % 1000) + 20);
    } else if (ms !== null) {
      text = t('retryNow', { error });
    }
    const span = this.$('.wait');
    if (span.textContent !== text) span.textContent = text;
  }

  clearWait() {
    clearTimeout(this.waitTimer);
    this.wait = null;
    this.$('.wait').textContent = '';
  }

  save() {
    this.written = true;
    const { name, size, lastModified, type } = this.file;
    const created = this.record?.created ?? Date.now();
    this.record = { id: this.key, name, size, lastModified, type, apiHost: this.widget.apiHost, created };
    writeUpload({ ...this.record, handle: this.handle ?? null });
  }

  /** Forgets the upload: the widget's record and what the library remembers of it. */
  forget() {
    if (this.record) this.widget.forget(this.record.id);
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
    this.clearWait();
    this.paint();
    this.widget.announce(t('uploaded', { name: this.name, id: video?.videoId ?? '?' }));
    this.widget.emit('upload-complete', { fileName: this.file.name, file: this.file, video });
  }

  failed(error) {
    const widget = this.widget;
    // Every error of an upload-error event has a reason: one that has none (a `module` override
    // that could not be imported, a bug) is UNEXPECTED, with its message and as its cause.
    if (!error?.reason) {
      const message = error?.message ?? String(error);
      error = Object.assign(new Error(message, { cause: error }), { reason: 'UNEXPECTED', title: message });
    }
    const reason = error.reason;
    // The library's verdict: an error that sending again cannot mend (a refusal, an answer not
    // understood, …) ends the upload, and its record with it. Not a cancel (Retry continues
    // it), nor a file that cannot be read any more (picked again, it continues).
    if (error.retryable === false && reason !== 'ABORTED' && reason !== 'FILE_UNREADABLE') this.forget();
    const max = widget.settings.maxDuration;
    this.why = (t) => describeError(error, t, { name: this.name, max: max && t.duration(max, 'long') });
    // The library's duration check (maxVideoDuration) refuses before any byte, as the widget's
    // own checks do; so does its check of the file (INVALID_OPTION naming `file`: an empty one).
    const refused = reason === 'VIDEO_TOO_LONG' || reason === 'INVALID_VIDEO' || reason === 'INVALID_OPTION';
    this.setState(reason === 'ABORTED' ? 'cancelled' : refused ? 'refused' : 'error');
    let message;
    if (reason === 'ABORTED') {
      message = this.why(widget.t);
      widget.announce(widget.t('wasCancelled', { name: this.name }));
    } else {
      message = this.showError();
    }
    this.clearSpeed();
    this.clearWait();
    widget.emit('upload-error', { fileName: this.file.name, file: this.file, error, message });
  }

  pause() {
    if (this.state !== 'uploading') return;
    this.uploader?.pause();
    this.setState('paused');
    this.clearSpeed();
    this.clearWait();
    this.widget.announce(this.widget.t('wasPaused', { name: this.name }));
  }

  resume() {
    if (this.state !== 'paused') return;
    this.samples = [];
    this.clearWait();
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
