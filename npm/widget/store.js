// What the widget remembers of interrupted uploads (with `resume`), in IndexedDB
// ("video-upload-widget", object store "uploads"), so that a reload or a crash can list them:
// one record per upload, whose id is the library's resume key for it (see entry.js). IndexedDB,
// not localStorage, because it can keep a FileSystemFileHandle, with which a later page reads
// the file again without a pick. Opened on first use, never at import.

/**
 * How long an interrupted upload is listed after its record's `created`, where the library cannot
 * say whether it still remembers it (an older `module` override without `rememberedUpload`);
 * otherwise the library's own 24 hours decide.
 */
export const KEEP_MS = 24 * 3600 * 1000;

/**
 * @typedef {object} UploadRecord
 * @property {string} id the library's resume key for the upload (`resumeKey`)
 * @property {string} name
 * @property {number} size
 * @property {number} lastModified
 * @property {string} type
 * @property {string} apiHost
 * @property {number} created when the widget first saw bytes go (ms since the epoch): the order of the list (and its clock only where the library has none, see KEEP_MS)
 * @property {FileSystemFileHandle | null} [handle] where the browser can store one
 */

let database;

/** Runs `use(store)` in a transaction of the object store; resolves with its request's result. */
function transaction(mode, use) {
  database ??= new Promise((resolve, reject) => {
    const open = indexedDB.open('video-upload-widget', 1);
    open.onupgradeneeded = () => open.result.createObjectStore('uploads', { keyPath: 'id' });
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => reject(open.error);
  });
  return database.then(
    (db) =>
      new Promise((resolve, reject) => {
        const tx = db.transaction('uploads', mode);
        const request = use(tx.objectStore('uploads'));
        tx.oncomplete = () => resolve(request.result);
        tx.onerror = tx.onabort = () => reject(tx.error);
      }),
  );
}

/** @returns {Promise<UploadRecord[]>} every record, oldest first */
export async function readUploads() {
  const records = await transaction('readonly', (store) => store.getAll());
  return records.sort((a, b) => a.created - b.created);
}

/**
 * Writes `record` with its file handle; without it where the browser cannot store a handle,
 * so that the file can still be picked again. Never rejects.
 *
 * @param {UploadRecord} record
 */
export function writeUpload(record) {
  const put = (value) => transaction('readwrite', (store) => store.put(value));
  return put(record)
    .catch(() => put({ ...record, handle: null }))
    .catch(() => {});
}

/** Deletes the record `id`. Never rejects. */
export function deleteUpload(id) {
  return transaction('readwrite', (store) => store.delete(id)).catch(() => {});
}
