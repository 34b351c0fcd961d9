// JavaScript helpers for the browser tests (tests/browser_*.rs). They run in a page or in a
// dedicated worker alike: only globals both have (fetch, crypto.subtle, setTimeout, Blob).
// Everything that talks to the server here goes around the library, so that a test checks the
// library against what the server really holds.

const MIB = 1024 * 1024;

/** A Blob of `size` bytes of deterministic pseudo-random content (xorshift32 from `seed`). */
export function makeBlob(size, seed) {
  let state = (seed >>> 0) || 0x9e3779b9;
  const parts = [];
  for (let offset = 0; offset < size; offset += MIB) {
    const length = Math.min(MIB, size - offset);
    const words = new Uint32Array(Math.ceil(length / 4));
    for (let i = 0; i < words.length; i++) {
      state ^= state << 13;
      state >>>= 0;
      state ^= state >>> 17;
      state ^= state << 5;
      state >>>= 0;
      words[i] = state;
    }
    parts.push(new Uint8Array(words.buffer, 0, length));
  }
  return new Blob(parts, { type: "video/mp4" });
}

/** A File with the blob's bytes, a fixed name and lastModified (what resume keys on). */
export function makeFile(blob, name, lastModified) {
  return new File([blob], name, { type: "video/mp4", lastModified });
}

/** The blobs concatenated, in order. */
export function concatBlobs(blobs) {
  return new Blob(blobs, { type: "video/mp4" });
}

async function sha256Hex(buffer) {
  const digest = await crypto.subtle.digest("SHA-256", buffer);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

/** SHA-256 (hex) of a Blob's bytes. */
export async function blobSha256(blob) {
  return sha256Hex(await blob.arrayBuffer());
}

/** `{ status, size, sha256 }` of what `url` serves (e.g. a video's assets.mp4). */
export async function fetchSha256(url) {
  const response = await fetch(url, { cache: "no-store" });
  const buffer = await response.arrayBuffer();
  return { status: response.status, size: buffer.byteLength, sha256: await sha256Hex(buffer) };
}

function basic(apiKey) {
  return "Basic " + btoa(apiKey + ":");
}

async function json(response, what) {
  const text = await response.text();
  if (!response.ok) {
    throw new Error(`${what}: HTTP ${response.status} ${text}`);
  }
  return text ? JSON.parse(text) : undefined;
}

/** A new delegated upload token (POST /upload-tokens with the API key); `ttl` 0 = none. */
export async function createUploadToken(serverUrl, apiKey, ttl) {
  const body = ttl > 0 ? { ttl } : {};
  const response = await fetch(`${serverUrl}/upload-tokens`, {
    method: "POST",
    headers: { Authorization: basic(apiKey), "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  return (await json(response, "POST /upload-tokens")).token;
}

/** DELETE /upload-tokens/{token} with the API key. */
export async function deleteUploadToken(serverUrl, apiKey, token) {
  const response = await fetch(`${serverUrl}/upload-tokens/${encodeURIComponent(token)}`, {
    method: "DELETE",
    headers: { Authorization: basic(apiKey) },
  });
  await json(response, "DELETE /upload-tokens");
}

/** `{ uploadRequests, receivedBytes }` the server counted for this token (GET /_local/stats). */
export async function uploadStats(serverUrl, token) {
  const response = await fetch(`${serverUrl}/_local/stats?token=${encodeURIComponent(token)}`, { cache: "no-store" });
  return json(response, "GET /_local/stats");
}

/** Resolves after `ms` milliseconds. */
export function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

const RESUME_PREFIX = "video-uploader-wasm:resume:";

function storage() {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}

/** The localStorage keys the library's `resume: true` writes, sorted. */
export function resumeKeys() {
  const store = storage();
  if (!store) return [];
  const keys = [];
  for (let i = 0; i < store.length; i++) {
    const key = store.key(i);
    if (key && key.startsWith(RESUME_PREFIX)) keys.push(key);
  }
  return keys.sort();
}

/** The value stored under `key`, or null. */
export function storageItem(key) {
  return storage()?.getItem(key) ?? null;
}

/** Removes every resume key (a clean start for a resume test). */
export function clearResumeKeys() {
  const store = storage();
  for (const key of resumeKeys()) store.removeItem(key);
}

/** A random 24-character id of the token shape that the server never issued. */
export function unknownToken() {
  const alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  const random = crypto.getRandomValues(new Uint8Array(22));
  return "to" + Array.from(random, (b) => alphabet[b % alphabet.length]).join("");
}

/** Whether this runs in a dedicated worker (no `document`, a `WorkerGlobalScope`). */
export function inDedicatedWorker() {
  return typeof document === "undefined" && typeof WorkerGlobalScope !== "undefined" && globalThis instanceof WorkerGlobalScope;
}

/** `{ settled }`, which turns true once `promise` resolves or rejects. */
export function settledFlag(promise) {
  const flag = { settled: false };
  promise.then(
    () => (flag.settled = true),
    () => (flag.settled = true),
  );
  return flag;
}

/** The ids of the videos whose title contains `title` (GET /videos with the API key). */
export async function videoIdsTitled(serverUrl, apiKey, title) {
  const query = new URLSearchParams({ title, pageSize: "100" });
  const response = await fetch(`${serverUrl}/videos?${query}`, { headers: { Authorization: basic(apiKey) } });
  const listing = await json(response, "GET /videos");
  return listing.data.map((video) => video.videoId);
}

// Counts the upload requests (XMLHttpRequest POSTs to /upload) open at once, to check
// `parallelChunks`: installed once, on first use, around XMLHttpRequest.prototype.
const uploadRequests = { open: 0, max: 0, started: 0, opened: 0, failOpened: new Set(), blackHoled: new Set() };

function watchUploadRequests() {
  const proto = globalThis.XMLHttpRequest?.prototype;
  if (!proto || proto.__uploadRequestsWatched) return;
  proto.__uploadRequestsWatched = true;
  const { open, send } = proto;
  proto.open = function (method, url, ...rest) {
    this.__isUpload = String(method).toUpperCase() === "POST" && new URL(url, location.href).pathname === "/upload";
    if (this.__isUpload) {
      uploadRequests.opened += 1;
      if (uploadRequests.failOpened.delete(uploadRequests.opened)) {
        // A port nothing listens on (and browsers refuse): the request fails as a network error.
        url = "http://127.0.0.1:1/upload";
      }
      this.__blackHoled = uploadRequests.blackHoled.delete(uploadRequests.opened);
    }
    return open.call(this, method, url, ...rest);
  };
  proto.send = function (...args) {
    if (this.__isUpload) {
      uploadRequests.open += 1;
      uploadRequests.started += 1;
      uploadRequests.max = Math.max(uploadRequests.max, uploadRequests.open);
      // Counted closed at readyState DONE, which comes before the `loadend` the library waits
      // for: a listener added here runs after the library's, whose promise reaction may
      // already have started the next request.
      let closed = false;
      const close = () => {
        if (!closed && this.readyState === XMLHttpRequest.DONE) {
          closed = true;
          uploadRequests.open -= 1;
        }
      };
      this.addEventListener("readystatechange", close);
      this.addEventListener("loadend", close);
      if (this.__blackHoled) return blackHole(this);
    }
    return send.apply(this, args);
  };
}

/**
 * What a black-holed request looks like from the page: its body goes out (the upload's `load`
 * event), then nothing, ever, until the page aborts it. (tests/faults/ black-holes real
 * requests in a proxy; this is the same silence without one, for the engines' test runners.)
 */
function blackHole(xhr) {
  setTimeout(() => xhr.upload.dispatchEvent(new ProgressEvent("load")), 10);
  xhr.abort = () => {
    xhr.dispatchEvent(new ProgressEvent("abort"));
    xhr.dispatchEvent(new ProgressEvent("loadend"));
  };
}

/** Makes the upload requests opened `numbers` (1-based, counted from now) black holes: their
 * body is sent and no answer ever comes. */
export function blackHoleUploadRequests(numbers) {
  watchUploadRequests();
  uploadRequests.opened = 0;
  uploadRequests.blackHoled = new Set(numbers);
}

/**
 * A WAV file of `seconds` of silence (8 kHz, 8-bit mono PCM): media whose duration every
 * browser reads from its header, for maxVideoDuration (a <video> element plays audio files).
 */
export function makeWav(seconds) {
  const rate = 8000;
  const samples = Math.round(seconds * rate);
  const bytes = new Uint8Array(44 + samples).fill(128, 44);
  const view = new DataView(bytes.buffer);
  const text = (offset, value) => [...value].forEach((c, i) => view.setUint8(offset + i, c.charCodeAt(0)));
  text(0, "RIFF");
  view.setUint32(4, 36 + samples, true);
  text(8, "WAVEfmt ");
  view.setUint32(16, 16, true); // fmt chunk size
  view.setUint16(20, 1, true); // PCM
  view.setUint16(22, 1, true); // mono
  view.setUint32(24, rate, true);
  view.setUint32(28, rate, true); // bytes per second
  view.setUint16(32, 1, true); // block align
  view.setUint16(34, 8, true); // bits per sample
  text(36, "data");
  view.setUint32(40, samples, true);
  return new Blob([bytes], { type: "audio/wav" });
}

/** Starts counting upload requests afresh (none may be open). */
export function resetUploadConcurrency() {
  watchUploadRequests();
  uploadRequests.max = uploadRequests.open;
  uploadRequests.started = 0;
}

/** `{ open, max, started }` since the last reset. */
export function uploadConcurrency() {
  const { open, max, started } = uploadRequests;
  return { open, max, started };
}

/** Makes the upload requests opened `numbers` (1-based, counted from now) fail with a
 * network error, as if the connection dropped. */
export function failUploadRequests(numbers) {
  watchUploadRequests();
  uploadRequests.opened = 0;
  uploadRequests.failOpened = new Set(numbers);
}

/** DELETE /videos/{videoId} with the API key. */
export async function deleteVideo(serverUrl, apiKey, videoId) {
  const response = await fetch(`${serverUrl}/videos/${encodeURIComponent(videoId)}`, {
    method: "DELETE",
    headers: { Authorization: basic(apiKey) },
  });
  await json(response, "DELETE /videos");
}

/** Fires the global `offline` (false) or `online` (true) event, as the browser does when the
 * network goes away or comes back. */
export function fireConnectivity(online) {
  globalThis.dispatchEvent(new Event(online ? "online" : "offline"));
}
