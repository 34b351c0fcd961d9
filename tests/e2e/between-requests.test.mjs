// What the library does between two requests, in a real browser against the real
// upload-server, with Playwright answering some requests itself (page.route): a wait the server
// asked for (429 + X-RateLimit-Retry-After) is not cut short by pause()/resume(); pause() holds
// a retry; the playable check stops after free() and cancel(); a file changed on disk mid-upload
// rejects at once with FILE_UNREADABLE; ProgressiveUploader waits out an offline spell even with
// retries: 0; and a part after the last one (or after a part failed for good) is refused
// locally, sending nothing.
import assert from 'node:assert/strict';
import { appendFile } from 'node:fs/promises';
import { after, before, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { MiB, assertPackageLoads, launchBrowser, newPage, sha256OfUrl, startServer, testFile } from './helpers.mjs';

let server;
let browser;
before(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  await assertPackageLoads(browser, server.url);
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

const now = () => performance.now();
const isUpload = (url) => new URL(url).pathname === '/upload';

/** A problem answer, as upload-server gives them. */
function problem(status, title, { headers = {}, fields = {} } = {}) {
  return {
    status,
    headers,
    contentType: 'application/problem+json',
    body: JSON.stringify({ type: 'https://docs.api.video/reference/e2e', title, status, ...fields }),
  };
}

/**
 * A page of the demo site with the package started (both modules: nothing to download later,
 * offline included), `window.pkg`, and page-side helpers: `settle(promise, ms)` (the outcome
 * as data, or `{ pending: true }` after ms), `track(promise)` (`{ state, value?, error? }`
 * kept up to date), `bytesOf(size, seed)` and `sha256Hex(blob)`. Records the page's upload
 * requests (`page.uploads`: time, Content-Range) and when the library sent each
 * (`window.uploadSends`).
 */
async function openPage(t) {
  const page = await newPage(browser);
  t.after(() => page.context().close());
  page.uploads = [];
  page.on('request', (request) => {
    if (isUpload(request.url())) page.uploads.push({ at: now(), range: request.headers()['content-range'] });
  });
  await page.addInitScript(() => {
    // When the library sends each upload request (page.on('request') sees a 5 MiB body only
    // some 400 ms later, once the browser has prepared it for interception).
    window.uploadSends = [];
    const { open, send } = XMLHttpRequest.prototype;
    XMLHttpRequest.prototype.open = function (method, url, ...rest) {
      this.e2eUrl = new URL(url, location.href);
      return open.call(this, method, url, ...rest);
    };
    XMLHttpRequest.prototype.send = function (body) {
      if (this.e2eUrl?.pathname === '/upload') window.uploadSends.push(performance.now());
      return send.call(this, body);
    };
    const plain = (value) => (value === undefined ? undefined : JSON.parse(JSON.stringify(value)));
    window.settle = (promise, ms) =>
      Promise.race([
        promise.then(
          (value) => ({ value: plain(value), at: performance.now() }),
          (error) => ({ error: { ...plain(error), isError: error instanceof Error, message: error?.message }, at: performance.now() }),
        ),
        new Promise((resolve) => setTimeout(() => resolve({ pending: true }), ms)),
      ]);
    window.track = (promise) => {
      const tracked = { state: 'pending' };
      promise.then(
        (value) => Object.assign(tracked, { state: 'resolved', value: plain(value) }),
        (error) => Object.assign(tracked, { state: 'rejected', error: plain(error) }),
      );
      return tracked;
    };
    window.bytesOf = (size, seed) => new Uint8Array(size).map((_, i) => (i * seed + (i >> 11)) & 255);
    window.sha256Hex = async (blob) =>
      [...new Uint8Array(await crypto.subtle.digest('SHA-256', await blob.arrayBuffer()))].map((b) => b.toString(16).padStart(2, '0')).join('');
  });
  await page.goto(`${server.url}/`);
  await page.evaluate(async () => {
    window.pkg = await import('/pkg/index.js');
    await Promise.all([window.pkg.init(), window.pkg.initProgressive()]);
  });
  return page;
}

test('a 429 with X-RateLimit-Retry-After: 4 is waited out in full, though pause() and resume() come 1 s into it', async (t) => {
  const page = await openPage(t);
  const { token } = await server.createToken();
  const size = 6 * MiB + 3; // two chunks: 5 MiB, then 1 MiB + 3
  let limitedAt = null;
  await page.route(isUpload, async (route) => {
    if (limitedAt !== null) return route.fallback();
    limitedAt = now();
    return route.fulfill(problem(429, 'Too many requests', { headers: { 'X-RateLimit-Retry-After': '4' } }));
  });

  const result = await page.evaluate(
    async ({ token, size }) => {
      const file = new File([bytesOf(size, 29)], 'limited.mp4', { type: 'video/mp4' });
      const uploader = new pkg.VideoUploader({ file, uploadToken: token, apiHost: location.origin, chunkSize: 5 * 1024 * 1024, parallelChunks: 1 });
      const retries = [];
      let retriedAt = null;
      uploader.onRetry((event) => {
        retries.push(JSON.parse(JSON.stringify(event)));
        if (retries.length === 1) {
          retriedAt = performance.now();
          setTimeout(() => {
            uploader.pause();
            uploader.resume();
          }, 1000);
        }
      });
      const outcome = await settle(uploader.upload(), 20_000);
      if (outcome.pending) uploader.cancel();
      return { outcome, retries, sentAgainAfter: uploadSends[1] - retriedAt, sha256: await sha256Hex(file) };
    },
    { token, size },
  );

  assert.ok(result.outcome.value, `upload() did not resolve: ${JSON.stringify(result.outcome)}`);
  assert.equal(result.retries.length, 1, `onRetry events: ${JSON.stringify(result.retries)}`);
  const [retry] = result.retries;
  assert.equal(retry.attempt, 1);
  assert.equal(retry.delayMs, 4000);
  assert.equal(retry.error.reason, 'RATE_LIMITED');
  assert.equal(retry.error.status, 429);

  // The first chunk, 429'd, then the same chunk again, then the second one.
  const ranges = page.uploads.map((u) => u.range);
  assert.deepEqual(ranges, [`bytes 0-${5 * MiB - 1}/${size}`, `bytes 0-${5 * MiB - 1}/${size}`, `bytes ${5 * MiB}-${size - 1}/${size}`]);
  // In the page: from onRetry (the 429 received) to the library's send of the chunk again.
  const waited = result.sentAgainAfter;
  // In the test: from the route's 429 to the browser's request (which includes preparing the body).
  const seen = page.uploads[1].at - limitedAt;
  t.diagnostic(`the library sent the chunk again ${Math.round(waited)} ms after onRetry (the browser's request ${Math.round(seen)} ms after the 429); pause()+resume() at ~1000 ms`);
  assert.ok(waited >= 3950, `the chunk was sent again ${Math.round(waited)} ms after the 429: the server asked for 4 s`);
  assert.ok(seen >= 3950, `the browser sent the chunk again ${Math.round(seen)} ms after the 429: the server asked for 4 s`);
  // …and not a whole new wait from resume() (that would be ~5 s).
  assert.ok(waited < 4600, `the chunk was sent again ${Math.round(waited)} ms after the 429, more than the 4 s asked`);

  assert.equal(await sha256OfUrl(result.outcome.value.assets.mp4), result.sha256);
  assert.deepEqual(page.errors, []);
});

test('pause() during a retry\'s back-off holds the retry until resume(), then the upload completes', async (t) => {
  const page = await openPage(t);
  const { token } = await server.createToken();
  const size = 6 * MiB + 5;
  let refusedAt = null;
  await page.route(isUpload, async (route) => {
    if (refusedAt !== null) return route.fallback();
    refusedAt = now();
    return route.fulfill(problem(503, 'Service unavailable'));
  });

  await page.evaluate(
    ({ token, size }) => {
      const file = new File([bytesOf(size, 31)], 'held.mp4', { type: 'video/mp4' });
      window.file = file;
      const uploader = new pkg.VideoUploader({
        file,
        uploadToken: token,
        apiHost: location.origin,
        chunkSize: 5 * 1024 * 1024,
        parallelChunks: 1,
        retryStrategy: (retryCount) => (retryCount < 3 ? 1500 : null),
      });
      window.uploader = uploader;
      window.retries = [];
      uploader.onRetry((event) => {
        window.retries.push(JSON.parse(JSON.stringify(event)));
        // 300 ms into the 1500 ms back-off.
        setTimeout(() => {
          uploader.pause();
          window.pausedAt = performance.now();
        }, 300);
      });
      window.done = settle(uploader.upload(), 30_000);
    },
    { token, size },
  );
  await page.waitForFunction(() => window.pausedAt !== undefined, null, { timeout: 10_000 });
  const pausedAt = now();
  // The back-off ends ~1.2 s after the pause; 3 s more with nothing sent.
  await sleep(4200);
  const whilePaused = page.uploads.length;
  const resumedAt = now();
  await page.evaluate(() => window.uploader.resume());
  const result = await page.evaluate(async () => ({ outcome: await window.done, retries: window.retries, sha256: await sha256Hex(window.file) }));

  t.diagnostic(`paused ${Math.round(pausedAt - refusedAt)} ms after the 503; ${whilePaused} upload request(s) in the ${Math.round(resumedAt - refusedAt)} ms before resume(); the retry went ${Math.round(page.uploads[1]?.at - resumedAt)} ms after resume()`);
  assert.equal(whilePaused, 1, 'a request went while paused');
  assert.deepEqual(result.retries.map((r) => [r.attempt, r.delayMs, r.error.reason, r.error.status]), [[1, 1500, 'SERVER_ERROR', 503]]);
  assert.ok(result.outcome.value, `upload() did not resolve after resume(): ${JSON.stringify(result.outcome)}`);
  assert.equal(page.uploads.length, 3, 'the 503, its retry and the second chunk');
  assert.ok(page.uploads[1].at >= resumedAt, 'the retry went before resume()');
  assert.equal(page.uploads[1].range, page.uploads[0].range);
  assert.equal(await sha256OfUrl(result.outcome.value.assets.mp4), result.sha256);
  assert.deepEqual(page.errors, []);
});

test('the playable check asks no more after free(), nor after cancel(); an uploader left alone keeps asking', async (t) => {
  const page = await openPage(t);
  const { token } = await server.createToken();
  const questions = []; // { id, at }
  await page.route('**/vod/*/hls/manifest.m3u8', (route) => {
    questions.push({ id: new URL(route.request().url()).pathname.split('/')[2], at: now() });
    return route.fulfill({ status: 202, body: '' });
  });

  const videos = await page.evaluate(async (token) => {
    window.uploaders = {};
    window.playableEvents = [];
    const labels = ['freed', 'cancelled', 'kept'];
    const entries = await Promise.all(
      labels.map(async (label, i) => {
        const file = new File([bytesOf(1000 + i, 7 + i)], `${label}.mp4`, { type: 'video/mp4' });
        const uploader = new pkg.VideoUploader({ file, uploadToken: token, apiHost: location.origin });
        uploader.onPlayable(() => window.playableEvents.push({ label, kind: 'playable' }));
        uploader.onPlayableError((error) => window.playableEvents.push({ label, kind: 'error', reason: error.reason }));
        window.uploaders[label] = uploader;
        const video = await uploader.upload();
        return [label, { videoId: video.videoId, hls: video.assets.hls }];
      }),
    );
    return Object.fromEntries(entries);
  }, token);
  const count = (label) => questions.filter((q) => q.id === videos[label].videoId).length;
  for (const label of Object.keys(videos)) assert.match(new URL(videos[label].hls).pathname, /^\/vod\/[^/]+\/hls\/manifest\.m3u8$/);

  // Two questions each (at ~0.5 s and ~1.5 s after the upload), then free() and cancel().
  const deadline = now() + 8000;
  while (['freed', 'cancelled', 'kept'].some((label) => count(label) < 2) && now() < deadline) await sleep(50);
  const asked = { freed: count('freed'), cancelled: count('cancelled'), kept: count('kept') };
  assert.ok(asked.freed >= 2 && asked.cancelled >= 2 && asked.kept >= 2, `questions before free()/cancel(): ${JSON.stringify(asked)}`);
  await page.evaluate(() => {
    window.uploaders.freed.free();
    window.uploaders.cancelled.cancel();
  });
  const stoppedAt = now();
  await sleep(10_000);
  const since = (label) => questions.filter((q) => q.id === videos[label].videoId && q.at > stoppedAt).length;
  const later = { freed: since('freed'), cancelled: since('cancelled'), kept: since('kept') };
  await page.evaluate(() => window.uploaders.kept.cancel());
  const events = await page.evaluate(() => window.playableEvents);

  t.diagnostic(`questions before: ${JSON.stringify(asked)}; in the 10 s after free()/cancel(): ${JSON.stringify(later)}; playable events: ${JSON.stringify(events)}`);
  assert.equal(later.freed, 0, 'the freed uploader kept asking');
  assert.equal(later.cancelled, 0, 'the cancelled uploader kept asking');
  // The control: the check does ask again within those 10 s (at ~3.5 s and ~7.5 s).
  assert.ok(later.kept >= 1, 'the uploader left alone asked nothing more: the window proves nothing');
  assert.deepEqual(events, [], 'a stopped check calls no listener');
  assert.deepEqual(page.errors, []);
});

test('a file changed on disk after its first chunk: upload() rejects with FILE_UNREADABLE within seconds', async (t) => {
  const size = 30 * MiB;
  const file = await testFile('changing.mp4', size, 41);
  t.after(() => file.cleanup());
  const page = await openPage(t);
  const { token } = await server.createToken();

  // The first acknowledged chunk changes the file (before the second chunk goes: each chunk
  // after the first waits for that, then 300 ms, in the route).
  let changedAt = null;
  let markChanged;
  const changed = new Promise((resolve) => (markChanged = resolve));
  page.on('response', async (response) => {
    if (changedAt !== null || !isUpload(response.url()) || !response.ok()) return;
    changedAt = 0;
    await appendFile(file.path, Buffer.from('a few more bytes'));
    changedAt = now();
    markChanged();
  });
  let routed = 0;
  await page.route(isUpload, async (route) => {
    if (routed++ > 0) await changed;
    await sleep(300);
    return route.fallback();
  });

  await page.evaluate(() => {
    const input = Object.assign(document.createElement('input'), { type: 'file', id: 'pick' });
    document.body.append(input);
  });
  await page.setInputFiles('#pick', file.path);
  const result = await page.evaluate(async (token) => {
    const file = document.querySelector('#pick').files[0];
    const uploader = new pkg.VideoUploader({ file, uploadToken: token, apiHost: location.origin, chunkSize: 5 * 1024 * 1024, parallelChunks: 1 });
    const retries = [];
    uploader.onRetry((event) => retries.push(JSON.parse(JSON.stringify(event))));
    const outcome = await settle(uploader.upload(), 25_000);
    if (outcome.pending) uploader.cancel();
    return { outcome, retries, size: file.size };
  }, token);
  const endedAt = now();

  assert.equal(result.size, size);
  assert.ok(changedAt, 'the first chunk was never acknowledged');
  const took = endedAt - changedAt;
  t.diagnostic(
    `upload() ended ${Math.round(took)} ms after the file changed; ${page.uploads.length} upload request(s) in all; onRetry: ${JSON.stringify(result.retries)}; outcome: ${JSON.stringify(result.outcome)}`,
  );
  assert.ok(!result.outcome.pending, `upload() had not ended 25 s after it started (onRetry: ${JSON.stringify(result.retries)})`);
  assert.ok(result.outcome.error, `upload() resolved: ${JSON.stringify(result.outcome)}`);
  assert.equal(result.outcome.error.reason, 'FILE_UNREADABLE', JSON.stringify(result.outcome.error));
  assert.equal(result.outcome.error.retryable, false);
  assert.match(result.outcome.error.title, /pick it again/i);
  assert.ok(took < 5000, `upload() rejected ${Math.round(took)} ms after the file changed`);
  assert.deepEqual(result.retries, [], 'a changed file is not retried');
  assert.deepEqual(page.errors, []);
});

test('ProgressiveUploader with retries: 0 waits out an offline spell, then sends its parts; the video is right', async (t) => {
  const page = await openPage(t);
  const { token } = await server.createToken();
  await page.evaluate((token) => {
    window.uploader = new pkg.ProgressiveUploader({ uploadToken: token, apiHost: location.origin, retries: 0 });
    window.retries = [];
    window.uploader.onRetry((event) => window.retries.push(JSON.parse(JSON.stringify(event))));
  }, token);

  await page.context().setOffline(true);
  await page.waitForFunction(() => !navigator.onLine, null, { timeout: 5000 });
  await page.evaluate(() => {
    window.parts = [new Blob([bytesOf(5 * 1024 * 1024, 43)]), new Blob([bytesOf(4321, 47)])];
    window.part = track(window.uploader.uploadPart(window.parts[0]));
    window.last = track(window.uploader.uploadLastPart(window.parts[1]));
  });
  await sleep(3000);
  const offline = await page.evaluate(() => ({ part: window.part.state, last: window.last.state, error: window.part.error ?? window.last.error }));
  const requestsOffline = page.uploads.length;
  await page.context().setOffline(false);
  const result = await page.evaluate(async () => {
    const deadline = performance.now() + 15_000;
    while ((window.part.state === 'pending' || window.last.state === 'pending') && performance.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    return { part: window.part, last: window.last, retries: window.retries, sha256: await sha256Hex(new Blob(window.parts)) };
  });

  t.diagnostic(`offline 3 s: parts ${offline.part}/${offline.last}, ${requestsOffline} upload request(s); back online: ${result.part.state}/${result.last.state}, ${page.uploads.length} upload request(s); onRetry: ${JSON.stringify(result.retries)}`);
  assert.deepEqual(offline, { part: 'pending', last: 'pending', error: undefined }, 'a part settled while offline');
  assert.equal(result.part.state, 'resolved', `uploadPart(): ${JSON.stringify(result.part)}`);
  assert.equal(result.last.state, 'resolved', `uploadLastPart(): ${JSON.stringify(result.last)}`);
  assert.equal(result.last.value.videoId, result.part.value.videoId);
  assert.equal(page.uploads.length - requestsOffline, 2, 'two parts sent once back online');
  assert.equal((await server.stats(token)).uploadRequests, 2);
  assert.equal(await sha256OfUrl(result.last.value.assets.mp4), result.sha256);
  assert.deepEqual(page.errors, []);
});

test('ProgressiveUploader: a part after uploadLastPart() is refused with UPLOAD_FINISHED, sending nothing', async (t) => {
  const page = await openPage(t);
  const { token } = await server.createToken();
  const result = await page.evaluate(async (token) => {
    const uploader = new pkg.ProgressiveUploader({ uploadToken: token, apiHost: location.origin, retries: 0 });
    const video = await settle(uploader.uploadLastPart(new Blob([bytesOf(2000, 3)])), 10_000);
    const afterLast = await settle(uploader.uploadPart(new Blob([bytesOf(5 * 1024 * 1024, 5)])), 5000);
    const lastAgain = await settle(uploader.uploadLastPart(new Blob([bytesOf(10, 5)])), 5000);
    await new Promise((r) => setTimeout(r, 500));
    return { video, afterLast, lastAgain };
  }, token);
  await sleep(300);

  t.diagnostic(`after the last part: uploadPart() ${JSON.stringify(result.afterLast.error)}; uploadLastPart() ${JSON.stringify(result.lastAgain.error)}; ${page.uploads.length} upload request(s)`);
  assert.ok(result.video.value?.videoId, `uploadLastPart(): ${JSON.stringify(result.video)}`);
  assert.equal(result.afterLast.error?.reason, 'UPLOAD_FINISHED', JSON.stringify(result.afterLast));
  assert.equal(result.afterLast.error.retryable, false);
  assert.equal(result.lastAgain.error?.reason, 'UPLOAD_FINISHED', JSON.stringify(result.lastAgain));
  assert.equal(page.uploads.length, 1, 'a request went after the last part');
  assert.equal((await server.stats(token)).uploadRequests, 1);
  assert.deepEqual(page.errors, []);
});

test('ProgressiveUploader: after a part failed for good (a 400, retries: 0), the next part is refused with UPLOAD_FINISHED, sending nothing', async (t) => {
  const page = await openPage(t);
  const { token } = await server.createToken();
  await page.route(isUpload, (route) => route.fulfill(problem(400, 'The Content-Range header is not valid.', { fields: { name: 'Content-Range' } })));
  const result = await page.evaluate(async (token) => {
    const uploader = new pkg.ProgressiveUploader({ uploadToken: token, apiHost: location.origin, retries: 0 });
    const retries = [];
    uploader.onRetry((event) => retries.push(event));
    const failed = await settle(uploader.uploadPart(new Blob([bytesOf(5 * 1024 * 1024, 9)])), 10_000);
    const next = await settle(uploader.uploadPart(new Blob([bytesOf(5 * 1024 * 1024, 11)])), 5000);
    const last = await settle(uploader.uploadLastPart(new Blob([bytesOf(10, 13)])), 5000);
    await new Promise((r) => setTimeout(r, 500));
    return { failed, next, last, retries: retries.length };
  }, token);

  t.diagnostic(`first part: ${JSON.stringify(result.failed.error)}; next: ${JSON.stringify(result.next.error)}; last: ${JSON.stringify(result.last.error)}; ${page.uploads.length} upload request(s)`);
  assert.equal(result.failed.error?.status, 400, JSON.stringify(result.failed));
  assert.equal(result.failed.error.retryable, false);
  assert.equal(result.retries, 0);
  assert.equal(result.next.error?.reason, 'UPLOAD_FINISHED', JSON.stringify(result.next));
  assert.equal(result.last.error?.reason, 'UPLOAD_FINISHED', JSON.stringify(result.last));
  assert.equal(page.uploads.length, 1, 'a request went after the part that failed');
  assert.equal((await server.stats(token)).uploadRequests, 0, 'the route answered the one request');
  assert.deepEqual(page.errors, []);
});
