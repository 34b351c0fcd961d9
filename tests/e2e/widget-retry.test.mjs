// The library's retries, seen in the widget: a server that cannot be reached shows "Retrying in
// … — Could not reach …" counting down, announced once, with an upload-retry event; offline,
// "Waiting for the network…" until it is back. And which failures end an upload's record (the
// library's `retryable`): 429s until the retries run out keep it, so Retry sends only the
// missing chunks; a refusal (400) forgets it. And the words the errors' reasons pick.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { MiB, assertPackageLoads, launchBrowser, newPage, startServer, testFile, waitForChunks, widgetItems } from './helpers.mjs';

/** A port where nothing listens (discard): every request fails at once, without an answer. */
const CLOSED = 'http://127.0.0.1:9';
const CHUNK = 5 * MiB;
let server;
let browser;
let small;
let large;
before(async () => {
  [server, browser, small, large] = await Promise.all([startServer(), launchBrowser(), testFile('clip.mp4', MiB, 51), testFile('trip.mp4', 12 * MiB, 52)]);
  await assertPackageLoads(browser, server.url);
});
after(async () => {
  await browser?.close();
  await server?.stop();
  await small?.cleanup();
  await large?.cleanup();
});

/**
 * The demo page with `query`; records the widget's upload-retry and upload-error events
 * (window.retries, window.errors) and every text of its live region (window.announced).
 */
async function openWidget(query) {
  const page = await newPage(browser);
  await page.goto(`${server.url}/?${query}`);
  await page.evaluate(() => {
    window.retries = [];
    window.errors = [];
    window.announced = [];
    document.addEventListener('upload-retry', (e) => window.retries.push({ bubbles: e.bubbles, composed: e.composed, detail: JSON.parse(JSON.stringify(e.detail)) }));
    document.addEventListener('upload-error', (e) => window.errors.push(JSON.parse(JSON.stringify(e.detail))));
    const live = document.querySelector('video-upload-widget').shadowRoot.querySelector('[role="status"]');
    new MutationObserver(() => window.announced.push(live.textContent)).observe(live, { childList: true, characterData: true, subtree: true });
  });
  return page;
}

/** The row's wait line ('' when there is none). */
const waitText = (page) => page.evaluate(() => document.querySelector('video-upload-widget').shadowRoot.querySelector('.item .wait').textContent);
const seconds = (text) => Number(/^Retrying in (\d+) sec/.exec(text)?.[1]);
const button = (page, name) => page.locator('video-upload-widget').getByRole('button', { name, exact: true });
const waitForState = (page, state) =>
  page.waitForFunction((state) => document.querySelector('video-upload-widget').shadowRoot.querySelector(`.item[data-state="${state}"]`), state, { timeout: 30_000 });

test('an api-host where nothing answers: "Retrying in … — Could not reach …" counting down, announced once, upload-retry events; pause and cancel clear it', async () => {
  const { token } = await server.createToken(3600);
  const page = await openWidget(`token=${token}&apiHost=${encodeURIComponent(CLOSED)}`);
  try {
    await page.locator('video-upload-widget input[type="file"]').setInputFiles(small.path);
    // The first retry waits 200 ms, the second 4.2 s: time to see it count down.
    await page.waitForFunction(() => window.retries.length >= 2, null, { timeout: 15_000 });
    const first = await waitText(page);
    assert.match(first, /^Retrying in \d+ sec — Could not reach http:\/\/127\.0\.0\.1:9: check the connection, and that apiHost names the upload server\.$/);
    await page.waitForTimeout(1300);
    const later = await waitText(page);
    assert.ok(seconds(later) < seconds(first), `no countdown: "${first}", then "${later}"`);
    assert.ok(seconds(later) >= 1, later);
    const [item] = await widgetItems(page);
    assert.equal(item.state, 'uploading');
    assert.equal(item.error, null);
    assert.deepEqual(item.buttons, ['Pause', 'Cancel']);

    // The events: the library's retries, in order, beside the widget's other events.
    const retries = await page.evaluate(() => window.retries);
    assert.ok(retries.every((r) => r.bubbles && r.composed && r.detail.fileName === 'clip.mp4' && r.detail.file));
    assert.deepEqual(retries.slice(0, 2).map((r) => [r.detail.retry.attempt, r.detail.retry.delayMs]), [[1, 200], [2, 4200]]);
    const { error } = retries[0].detail.retry;
    assert.equal(error.reason, 'NETWORK_ERROR');
    assert.equal(error.retryable, true);
    assert.match(error.title, /^Could not reach http:\/\/127\.0\.0\.1:9/);
    // Said once to a screen reader, not at each retry nor each second.
    const said = (await page.evaluate(() => window.announced)).filter((text) => /Retrying/.test(text));
    assert.deepEqual(said, [`clip.mp4: ${error.title} Retrying.`]);

    // Pause clears the wait (the library holds its retries); Cancel ends the upload without one.
    await button(page, 'Pause clip.mp4').click();
    assert.equal(await waitText(page), '');
    await button(page, 'Resume clip.mp4').click();
    await button(page, 'Cancel clip.mp4').click();
    await waitForState(page, 'cancelled');
    await page.waitForTimeout(1200); // no countdown left running
    assert.equal(await waitText(page), '');
    assert.deepEqual((await page.evaluate(() => window.errors)).map((e) => e.error.reason), ['ABORTED']);
    assert.deepEqual(page.errors, []);
  } finally {
    await page.context().close();
  }
});

test('the network lost during a request: "Waiting for the network…" (delayMs null); back online, the upload finishes and the line is gone', async () => {
  const { token } = await server.createToken(3600);
  const page = await openWidget(`token=${token}`);
  try {
    // The first request fails as the browser goes offline; the next ones go through.
    let requests = 0;
    await page.route(
      (url) => url.pathname === '/upload',
      async (route) => {
        if (++requests > 1) return route.continue();
        await page.context().setOffline(true);
        await route.abort('internetdisconnected');
      },
    );
    await page.locator('video-upload-widget input[type="file"]').setInputFiles(small.path);
    await page.waitForFunction(() => window.retries.length >= 1, null, { timeout: 15_000 });
    assert.equal(await waitText(page), 'Waiting for the network…');
    const [retry] = await page.evaluate(() => window.retries);
    assert.equal(retry.detail.retry.delayMs, null);
    assert.equal(retry.detail.retry.error.reason, 'NETWORK_ERROR');
    assert.ok((await page.evaluate(() => window.announced)).includes('clip.mp4: waiting for the network.'));
    await page.waitForTimeout(500);
    assert.equal(requests, 1, 'a request went while offline');
    assert.equal((await widgetItems(page))[0].state, 'uploading');

    await page.context().setOffline(false);
    await waitForState(page, 'done');
    assert.equal(await waitText(page), '');
    assert.equal(requests, 2);
    assert.deepEqual(page.errors, []);
  } finally {
    await page.context().close();
  }
});

test('offline before the first request: "Waiting for the network…" from the start, no request; back online, the upload finishes', async () => {
  const { token } = await server.createToken(3600);
  const page = await openWidget(`token=${token}`);
  try {
    let requests = 0;
    await page.route(
      (url) => url.pathname === '/upload',
      (route) => {
        requests++;
        return route.continue();
      },
    );
    // The library started in this page while online: the upload then needs only the network.
    await page.evaluate(() => import('/pkg/index.js').then((library) => library.init()));
    await page.context().setOffline(true);
    await page.locator('video-upload-widget input[type="file"]').setInputFiles(small.path);
    await page.waitForFunction(() => document.querySelector('video-upload-widget').shadowRoot.querySelector('.item .wait')?.textContent, null, { timeout: 15_000 });
    assert.equal(await waitText(page), 'Waiting for the network…');
    assert.ok((await page.evaluate(() => window.announced)).includes('clip.mp4: waiting for the network.'));
    await page.waitForTimeout(1000);
    assert.equal(requests, 0, 'nothing goes while offline');
    assert.equal((await widgetItems(page))[0].state, 'uploading');
    await page.context().setOffline(false);
    await waitForState(page, 'done');
    assert.equal(await waitText(page), '');
    assert.equal(requests, 1);
    assert.deepEqual(page.errors, []);
  } finally {
    await page.context().close();
  }
});

/** The widget's records of interrupted uploads (IndexedDB), by id. */
const records = (page) =>
  page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open('video-upload-widget', 1);
        open.onupgradeneeded = () => open.result.createObjectStore('uploads', { keyPath: 'id' });
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const request = open.result.transaction('uploads').objectStore('uploads').getAllKeys();
          request.onsuccess = () => {
            open.result.close();
            resolve(request.result);
          };
        };
      }),
  );
/** The keys of the library's resume states (localStorage). */
const remembered = (page) => page.evaluate(() => Object.keys(localStorage).filter((key) => key.startsWith('video-uploader-wasm:resume:')));

/**
 * With `resume`, 12 MiB in 5 MiB chunks one at a time: the first chunk reaches the server, every
 * later request gets `status` (a problem unless `body` is given, and for a 429
 * `X-RateLimit-Retry-After: 0`, so the retries go at once) until the row fails. Returns the page,
 * still answering so.
 */
async function failAfterFirstChunk(status, { contentType = 'application/problem+json', body = JSON.stringify({ status, title: `Answered ${status} by the test` }) } = {}) {
  const { token } = await server.createToken(3600);
  const page = await openWidget(`token=${token}&resume&chunk-size=5MB&parallel-chunks=1`);
  let requests = 0;
  await page.route(
    (url) => url.pathname === '/upload',
    (route) => {
      if (++requests === 1) return route.continue();
      return route.fulfill({
        status,
        headers: { 'content-type': contentType, 'x-ratelimit-retry-after': '0' },
        body,
      });
    },
  );
  await page.locator('video-upload-widget input[type="file"]').setInputFiles(large.path);
  await waitForChunks(page, 1);
  await waitForState(page, 'error');
  return { page, token };
}

test('429s until the retries run out: the upload keeps its record (widget and library), and Retry sends only the missing chunks', async () => {
  const { page, token } = await failAfterFirstChunk(429);
  try {
    const [failure] = await page.evaluate(() => window.errors);
    assert.equal(failure.error.status, 429);
    assert.equal(failure.error.reason, 'RATE_LIMITED');
    assert.equal(failure.error.retryable, true);
    const retries = await page.evaluate(() => window.retries);
    assert.ok(retries.length >= 1 && retries.every((r) => r.detail.retry.delayMs === 0 && r.detail.retry.error.status === 429), JSON.stringify(retries));
    // Kept: the library may succeed later (a 429 says "not now"), so Retry or a reload continues it.
    const [key] = await remembered(page);
    assert.ok(key, 'the library forgot the upload');
    assert.deepEqual(await records(page), [key]);

    await page.unrouteAll();
    const before = await server.stats(token);
    await button(page, 'Retry trip.mp4').click();
    await waitForState(page, 'done');
    const after = await server.stats(token);
    assert.equal(after.uploadRequests - before.uploadRequests, 2, 'upload requests after Retry');
    assert.equal(after.receivedBytes - before.receivedBytes, 12 * MiB - CHUNK, 'bytes received after Retry');
    assert.deepEqual(await records(page), []);
    assert.deepEqual(await remembered(page), []);
    assert.deepEqual(page.errors, []);
  } finally {
    await page.context().close();
  }
});

test('a refusal (400, not retryable): the upload forgets its record (widget and library)', async () => {
  const { page } = await failAfterFirstChunk(400);
  try {
    const [failure] = await page.evaluate(() => window.errors);
    assert.equal(failure.error.status, 400);
    assert.equal(failure.error.retryable, false);
    assert.equal((await widgetItems(page))[0].error, 'Answered 400 by the test');
    assert.deepEqual(await page.evaluate(() => window.retries), []);
    // deleteUpload and forgetUpload are not awaited by the row: give them a moment.
    await page.waitForFunction(() => !Object.keys(localStorage).some((key) => key.startsWith('video-uploader-wasm:resume:')));
    assert.deepEqual(await records(page), []);
    assert.deepEqual(page.errors, []);
  } finally {
    await page.context().close();
  }
});

test('an answer that is not an upload server’s (HTML, 200): words that point at api-host; the errors’ reasons pick the words, not their status', async () => {
  const { page } = await failAfterFirstChunk(200, { contentType: 'text/html', body: '<!doctype html><title>Some site</title>' });
  try {
    const [failure] = await page.evaluate(() => window.errors);
    assert.equal(failure.error.reason, 'INVALID_ANSWER');
    const expected = 'The upload server did not answer as expected: check that the api-host attribute of <video-upload-widget> names it.';
    assert.equal((await widgetItems(page))[0].error, expected);
    assert.equal(failure.message, expected);

    const described = await page.evaluate(async () => {
      const { describeError } = await import('/pkg/widget.js');
      return [
        describeError({ reason: 'UNKNOWN', status: 502, title: 'The server answered 502 with a body that is not JSON…' }),
        describeError({ reason: 'FILE_UNREADABLE', title: 'The file can no longer be read…' }, undefined, { name: 'clip.mp4' }),
        describeError({ reason: 'NOT_FOUND', status: 404, name: 'token', title: 'Unknown token' }),
        describeError({ reason: 'FORBIDDEN', status: 403, title: 'Expired' }),
        describeError({ reason: 'RATE_LIMITED', status: 429, title: 'The server asked to wait (429): try again in a moment.' }),
        // A reason a server's problem names: its title, whatever the status.
        describeError({ reason: 'QUOTA_EXCEEDED', status: 403, title: 'Your quota is used up.' }),
      ];
    });
    assert.deepEqual(described, [
      expected,
      'clip.mp4 cannot be read any more (moved or deleted?). Pick it again to continue.',
      'This upload link is not valid (the token is unknown or was deleted). Ask for a new link.',
      'This upload link has expired. Ask for a new link.',
      'The server asked to wait (429): try again in a moment.',
      'Your quota is used up.',
    ]);
    assert.deepEqual(page.errors, []);
  } finally {
    await page.context().close();
  }
});
