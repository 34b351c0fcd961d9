// Shared by the fault suite: the upload-server and browser helpers of the e2e suite, and uploads
// run in a page with the package's VideoUploader.
import { pseudoRandomBytes, sha256 } from '../support/files.mjs';

export { launchBrowser, newPage, pkgDir, repoRoot, sha256OfUrl, throttleUploads, MiB, API_KEY } from '../e2e/helpers.mjs';

/** The SHA-256 of the file `uploadInPage` builds from (size, seed). */
export function expectedSha256(size, seed) {
  return sha256(pseudoRandomBytes(size, seed));
}

/** POST /upload-tokens on upload-server with its API key; returns the token string. */
export async function createToken(serverUrl, apiKey) {
  const response = await fetch(`${serverUrl}/upload-tokens`, {
    method: 'POST',
    headers: { authorization: `Basic ${Buffer.from(`${apiKey}:`).toString('base64')}`, 'content-type': 'application/json' },
    body: JSON.stringify({ ttl: 3600 }),
  });
  if (!response.ok) throw new Error(`POST /upload-tokens: ${response.status} ${await response.text()}`);
  return (await response.json()).token;
}

/**
 * Uploads files built in the page (tests/support/files.mjs's xorshift32 bytes of `size` from
 * `seed`) with `new VideoUploader({ file, uploadToken, apiHost: location.origin, ...options })`,
 * `concurrency` uploads at a time, each with an uploader of its own. Resolves, in order, with
 * `{ videoId, mp4, error, retries, lastUploaded, maxUploaded, overTotal, ms }` for each: `error` is the rejection
 * (`{ reason, status, title }`) when upload() rejected; `retries` counts the progress events
 * that went back (a failed attempt's bytes taken back); `overTotal` counts events whose
 * uploadedBytes exceeded totalBytes or whose totalBytes was not the file's size. When the page exposes
 * `window.faultsProgress`, every progress event is also passed to it as (index, uploadedBytes,
 * totalBytes).
 */
export function uploadInPage(page, uploads, { concurrency = 1, options = {} } = {}) {
  return page.evaluate(
    async ({ uploads, concurrency, options }) => {
      const { VideoUploader } = await import('/pkg/index.js');
      // The same xorshift32 stream as tests/support/files.mjs, four bytes per step, little-endian.
      const pseudoRandomBytes = (size, seed) => {
        const words = new Uint32Array(Math.ceil(size / 4));
        let x = seed >>> 0 || 1;
        for (let i = 0; i < words.length; i++) {
          x ^= x << 13;
          x ^= x >>> 17;
          x ^= x << 5;
          x >>>= 0;
          words[i] = x;
        }
        return new Uint8Array(words.buffer, 0, size);
      };
      const results = new Array(uploads.length);
      let next = 0;
      async function worker() {
        while (next < uploads.length) {
          const index = next++;
          const { token, size, seed, name } = uploads[index];
          const file = new File([pseudoRandomBytes(size, seed)], name, { type: 'video/mp4' });
          const uploader = new VideoUploader({ file, uploadToken: token, apiHost: location.origin, ...options });
          const result = { videoId: null, mp4: null, error: null, retries: 0, lastUploaded: 0, maxUploaded: 0, overTotal: 0, ms: 0 };
          uploader.onProgress((e) => {
            if (e.uploadedBytes < result.lastUploaded) result.retries++;
            if (e.uploadedBytes > e.totalBytes || e.totalBytes !== size) result.overTotal++;
            result.lastUploaded = e.uploadedBytes;
            result.maxUploaded = Math.max(result.maxUploaded, e.uploadedBytes);
            window.faultsProgress?.(index, e.uploadedBytes, e.totalBytes);
          });
          const started = performance.now();
          try {
            const video = await uploader.upload();
            result.videoId = video.videoId;
            result.mp4 = video.assets.mp4;
          } catch (error) {
            result.error = { reason: error?.reason ?? String(error), status: error?.status ?? null, title: error?.title ?? null };
          }
          result.ms = Math.round(performance.now() - started);
          results[index] = result;
        }
      }
      await Promise.all(Array.from({ length: concurrency }, worker));
      return results;
    },
    { uploads, concurrency, options },
  );
}
