// The uploads that a reload or a crash interrupted (with `resume`), listed above the queue:
// each with Resume (a FileSystemFileHandle of its file was kept) or "Pick … again", and
// Discard. They are the widget's records (store.js) for its api host and upload token that the
// library still remembers: its 24 hours from the upload's start are the only clock. Continuing
// one queues its file as a row that resumes it: the library then sends only the chunks the
// server lacks.
import { KEEP_MS, readUploads } from './store.js';

/** The list of interrupted uploads of one widget, in its `.interrupted` group. */
export class InterruptedUploads {
  /**
   * @param {import('./element.js').VideoUploadWidget} widget
   * @param {HTMLElement} box the group that shows them
   */
  constructor(widget, box) {
    this.widget = widget;
    this.box = box;
    /** @type {Map<string, import('./store.js').UploadRecord & { why?: (t: Function) => string }>} by id */
    this.records = new Map();
    /** The api host and token they were listed for. */
    this.listedFor = undefined;
  }

  get size() {
    return this.records.size;
  }

  /** The interrupted upload whose id is `key` (the library's resume key of a file), if any. */
  get(key) {
    return this.records.get(key);
  }

  /**
   * Lists the interrupted uploads of the widget's api host and token, once for each (every
   * paint calls it); forgets those the library no longer remembers (finished, forgotten, or
   * past its 24 hours).
   */
  async restore() {
    const widget = this.widget;
    const token = widget.getAttribute('upload-token');
    const apiHost = widget.apiHost;
    // None while the widget cannot upload (no token, an attribute it cannot use).
    const listFor = widget.isConnected && widget.resumable && !widget.disabled ? `${apiHost} ${token}` : '';
    if (listFor === this.listedFor) return;
    this.listedFor = listFor;
    this.records.clear();
    const listed = [];
    try {
      const records = listFor ? await readUploads() : [];
      // The rows of this page are uploading theirs (the library may not have remembered it yet).
      const queued = new Set(widget.entries.map((entry) => entry.record?.id));
      const fresh = [];
      for (const record of records) {
        if (queued.has(record.id)) continue;
        const remembered = await widget.remembered(record.id);
        if (remembered) fresh.push({ ...record, startedAt: remembered.startedAt });
        // A library that cannot tell (null: an older `module` override): the record's own 24 hours.
        else if (remembered === null && Date.now() - record.created < KEEP_MS) fresh.push({ ...record, startedAt: record.created });
        else widget.forget(record.id);
      }
      for (const record of fresh) {
        if (record.apiHost !== apiHost) continue;
        // Started with this token: the library gives the file and the token the record's id
        // (the record does not hold the token, only this hash of it).
        if ((await widget.keyOf(record)) === record.id) listed.push(record);
      }
    } catch {}
    if (listFor !== this.listedFor) return;
    for (const record of listed) this.records.set(record.id, record);
    this.paint();
    if (this.size) widget.announce(`${widget.t('interrupted', { count: this.size })}.`);
  }

  /** Draws the list: each upload with Resume (a handle was kept) or Pick again, and Discard. */
  paint() {
    const { widget, box } = this;
    const t = widget.t;
    const hadFocus = box.contains(widget.shadowRoot.activeElement);
    box.hidden = !this.size;
    box.querySelector('strong').textContent = t('interrupted', { count: this.size });
    box.querySelector('ul').replaceChildren(
      ...[...this.records.values()].map((record) => {
        const li = document.createElement('li');
        li.innerHTML = `<span class="name"></span><p class="meta"></p><div class="actions"></div>`;
        li.firstChild.textContent = record.name;
        li.querySelector('.meta').textContent = t('started', { size: t.size(record.size), ago: t.ago(Date.now() - record.startedAt) });
        if (record.why) {
          const p = document.createElement('p');
          p.className = 'error';
          p.setAttribute('role', 'alert');
          p.textContent = record.why(t);
          li.lastChild.before(p);
        }
        li.lastChild.append(
          record.handle
            ? widget.button('resume', record.name, () => this.resumeHandle(record))
            : widget.button('pickAgain', record.name, () => widget.openPicker(record)),
          widget.button('discard', record.name, () => this.discard(record)),
        );
        return li;
      }),
    );
    if (hadFocus && !box.contains(widget.shadowRoot.activeElement)) (box.querySelector('button') ?? widget.drop).focus();
  }

  /** Discard: forgets the upload (the widget's record and the library's). */
  discard(record) {
    this.widget.forget(record.id);
    this.records.delete(record.id);
    this.paint();
  }

  /** Resume: reads the kept handle's file (asking for permission when the browser needs it). */
  async resumeHandle(record) {
    const { handle } = record;
    let file;
    try {
      // Permission is asked for within the Resume click (a user gesture), after checking whether it is needed.
      if (handle.requestPermission && (await handle.queryPermission({ mode: 'read' })) !== 'granted' && (await handle.requestPermission({ mode: 'read' })) !== 'granted') {
        throw new DOMException('', 'NotAllowedError');
      }
      file = await handle.getFile();
    } catch (error) {
      // Offer to pick the file instead.
      record.handle = null;
      record.why = (t) => t(error.name === 'NotAllowedError' ? 'denied' : 'gone', { name: record.name });
      this.paint();
      return;
    }
    await this.resumeWith(record, file, handle);
  }

  /**
   * Continues `record` with `file` if it is the same file: the library gives it the same key
   * (same name, size and last-modified time, with this token).
   */
  async resumeWith(record, file, handle) {
    let same = true;
    try {
      same = (await this.widget.keyOf(file)) === record.id;
    } catch {} // the library cannot start: queued all the same, the row says why
    if (this.records.get(record.id) !== record) return; // discarded meanwhile
    if (!same) {
      const changed = handle && handle === record.handle;
      if (changed) record.handle = null;
      record.why = (t) => t(changed ? 'changed' : 'wrongFile', { name: record.name, size: t.size(record.size), date: t.date(record.lastModified) });
      this.paint();
      return;
    }
    this.continue(record, file, handle);
  }

  /** Queues `file` as the row that continues `record`, and starts what the concurrency allows. */
  continue(record, file, handle) {
    const { widget } = this;
    const hadFocus = this.box.contains(widget.shadowRoot.activeElement);
    this.records.delete(record.id);
    delete record.why;
    const entry = widget.queue(file, handle ?? record.handle, record);
    this.paint();
    if (hadFocus) (entry.$('button') ?? widget.drop).focus();
    widget.pump();
  }
}
