// The package and the widget in WebKit (WebKitGTK's MiniBrowser through WebKitWebDriver, on the
// Xvfb display of scripts/webkit-tests.sh), against the real upload-server serving www/ and pkg/:
//   - the page really is WebKit, and the package starts there;
//   - a module that cannot start is named in WebKit's own words (its messages differ from
//     Chromium's and Firefox's, and the package reads them to tell the causes apart);
//   - the demo page's widget uploads a 30 MiB file picked with its file input (WebDriver's
//     Element Send Keys): progress to 100 %, the player, the DOM events, the same bytes on the
//     server (as tests/e2e/widget-upload.test.mjs in Chromium);
//   - Pause / Resume and Cancel / Retry from its buttons, and an unknown token's error.
// Chromium's e2e tests throttle uploads through the DevTools protocol; WebKit has no such thing,
// so these use 5 MiB chunks (the bar has values between 0 and 100) and press Pause or Cancel as
// soon as the button appears, with the first chunk in flight.
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { MiB, pkgDir, readWidgetItems, recordWidgetEvents, repoRoot, sha256, sha256OfUrl, startServer, testFile } from '../e2e/helpers.mjs';
import { startWebKit } from './webdriver.mjs';

const CHUNK = 5 * MiB;
const TOTAL = 30 * MiB;
const EXPORTS = ['VideoUploader', 'ProgressiveUploader', 'UploadTokens'];

let server;
let browser;
let file;
let pagesDir;
before(async () => {
  // A page under a Content-Security-Policy without 'wasm-unsafe-eval', and a plain one.
  pagesDir = await mkdtemp(join(tmpdir(), 'webkit-pages-'));
  await writeFile(join(pagesDir, 'csp.html'), `<!doctype html><meta http-equiv="Content-Security-Policy" content="script-src 'self'"><title>CSP</title>`);
  await writeFile(join(pagesDir, 'plain.html'), '<!doctype html><title>plain</title>');
  [server, browser, file] = await Promise.all([
    startServer([join(repoRoot, 'www'), `/pkg=${pkgDir}`, `/webkit-pages=${pagesDir}`]),
    startWebKit(),
    testFile('holiday.mp4', TOTAL, 42),
  ]);
  file.sha256 = sha256(file.bytes);
  await browser.setScriptTimeout(30_000);
});
after(async () => {
  await browser?.close();
  await server?.stop();
  await file?.cleanup();
  if (pagesDir) await rm(pagesDir, { recursive: true, force: true });
});

/** The widget's rows as plain data (tests/e2e/helpers.mjs's readWidgetItems, run over WebDriver). */
const WIDGET_ITEMS = `return (${readWidgetItems})()`;

/**
 * Opens the demo page with `query`, records the widget's events (window.events), the page's
 * uncaught errors (window.errors) and every value of the bar (window.barValues), then runs
 * `setup` in the page before the file is picked.
 */
async function openWidget(query, setup = '') {
  await browser.goto(`${server.url}/?${query}`);
  // WebKit's WebDriver may answer the navigation before the page's module script has run.
  await browser.waitFor(`return Boolean(document.querySelector('video-upload-widget')?.shadowRoot)`, {
    timeoutMs: 10_000,
    what: 'the demo page to add its <video-upload-widget>',
  });
  await browser.execute(`
    window.errors = [];
    addEventListener('error', (e) => window.errors.push(String(e.message)));
    addEventListener('unhandledrejection', (e) => window.errors.push(String(e.reason?.message ?? e.reason)));
    (${recordWidgetEvents})();
    const widget = document.querySelector('video-upload-widget');
    ${setup}`);
}

/** Picks `path` with the widget's <input type=file> (hidden, in its shadow root). */
async function pick(path) {
  const input = await browser.elementFrom(
    `return document.querySelector('video-upload-widget').shadowRoot.querySelector('input[type="file"]')`,
  );
  await browser.sendKeys(input, path);
}

/** Waits until the first row's state is one of `states`; returns the rows. */
async function waitForState(states, timeoutMs = 30_000) {
  const selector = states.map((s) => `.item[data-state="${s}"]`).join(', ');
  await browser.waitFor(
    `return Boolean(document.querySelector('video-upload-widget').shadowRoot.querySelector(${JSON.stringify(selector)}))`,
    { timeoutMs, what: `a row in state ${states.join(' or ')}` },
  );
  return browser.execute(WIDGET_ITEMS);
}

/** Clicks the first row's button `label` (e.g. Resume) through WebDriver, as a user would. */
async function clickButton(label) {
  const button = await browser.elementFrom(
    `return [...document.querySelector('video-upload-widget').shadowRoot.querySelectorAll('.item button')]
       .find((b) => b.textContent === arguments[0])`,
    label,
  );
  await browser.click(button);
}

/** In-page setup: clicks the first row's `action` button (pause, cancel) as soon as it appears. */
const pressAsSoonAsShown = (action) => `
  new MutationObserver((_, observer) => {
    const button = widget.shadowRoot.querySelector('.item button[data-action="${action}"]');
    if (button) {
      observer.disconnect();
      button.click();
    }
  }).observe(widget.shadowRoot, { subtree: true, childList: true });`;

async function stats(token) {
  return (await fetch(`${server.url}/_local/stats?token=${token}`)).json();
}

async function assertUploadedBytes(videoId) {
  const video = await server.api(`/videos/${videoId}`);
  assert.equal(video.title, 'holiday.mp4');
  assert.equal(await sha256OfUrl(video.assets.mp4), file.sha256);
}

test('the page runs in WebKit, and the package initialises there', async () => {
  await browser.goto(`${server.url}/`);
  const userAgent = await browser.execute('return navigator.userAgent');
  assert.match(userAgent, /AppleWebKit\/[\d.]+ \(KHTML, like Gecko\)/);
  assert.doesNotMatch(userAgent, /Chrome|Chromium|Firefox/, `not WebKit: ${userAgent}`);

  const result = await browser.executeAsync(`
    const done = arguments[arguments.length - 1];
    (async () => {
      const pkg = await import('/pkg/index.js');
      await pkg.default();
      const tokens = await import('/pkg/tokens.js');
      await tokens.default();
      const all = { ...pkg, UploadTokens: tokens.UploadTokens };
      return { ok: true, exports: ${JSON.stringify(EXPORTS)}.filter((n) => typeof all[n] === 'function') };
    })().then(done, (error) => done({ ok: false, message: String(error?.message ?? error) }));`);
  assert.deepEqual(result, { ok: true, exports: EXPORTS });
});

test("a module that cannot start is named in WebKit's words: CSP, 404, not wasm, unreachable", async () => {
  const cases = [
    ['csp.html', undefined, 'WASM_BLOCKED_BY_CSP', /Content-Security-Policy does not allow WebAssembly\. Add 'wasm-unsafe-eval'/],
    ['plain.html', '/pkg/no-such.wasm', 'WASM_NOT_FOUND', /answered 404/],
    ['plain.html', '/webkit-pages/plain.html', 'WASM_INVALID', /\(served as text\/html[^)]*\) is not a WebAssembly module/],
    ['plain.html', 'http://127.0.0.1:1/video_uploader_wasm_bg.wasm', 'WASM_UNREACHABLE', /could not be downloaded from/],
  ];
  for (const [page, url, reason, words] of cases) {
    await browser.goto(`${server.url}/webkit-pages/${page}`);
    const outcome = await browser.executeAsync(`
      const done = arguments[arguments.length - 1];
      import('/pkg/index.js')
        .then((pkg) => pkg.init(arguments[0] ? { module_or_path: arguments[0] } : undefined))
        .then(() => done({ started: true }), (error) => done({ name: error.name, reason: error.reason, message: error.message }));`, url ?? null);
    assert.equal(outcome.name, 'WasmLoadError', `${page} ${url}: ${JSON.stringify(outcome)}`);
    assert.equal(outcome.reason, reason, outcome.message);
    assert.match(outcome.message, /^video-uploader-wasm could not start: /);
    assert.match(outcome.message, words);
  }
});

test('a picked 30 MiB file: progress moves to 100%, the player appears, the server has the same bytes', async () => {
  const { token } = await server.createToken(3600);
  await openWidget(`token=${token}&chunk-size=5MB`);
  await pick(file.path);

  const [done, ...others] = await waitForState(['done', 'error']);
  assert.equal(others.length, 0, 'one file picked, one row');
  assert.equal(done.error, null, 'the upload failed');
  assert.equal(done.state, 'done');
  assert.equal(done.name, 'holiday.mp4');
  assert.equal(done.value, 100);
  assert.equal(done.percent, '100%');
  assert.match(done.videoId, /^vi\w+$/);
  assert.equal(done.player, `${server.url}/vod/${done.videoId}`);

  // The bar went through values strictly between 0 and 100, and ended at 100.
  const values = await browser.execute('return window.barValues');
  assert.ok(values.some((v) => v > 0 && v < 100), `no intermediate value in ${values.length} bar updates`);
  assert.equal(values.at(-1), 100);

  // The DOM events: progress events with the library's fields, one upload-complete with the video.
  const events = await browser.execute('return window.events');
  const progress = events.filter((e) => e.type === 'upload-progress');
  assert.ok(progress.length >= 2, `${progress.length} upload-progress events`);
  assert.ok(progress.every((e) => e.bubbles && e.composed && e.detail.fileName === 'holiday.mp4'));
  const sent = progress.map((e) => e.detail.progress.uploadedBytes);
  assert.ok(sent.every((n, i) => i === 0 || n >= sent[i - 1]), 'uploadedBytes went back without a retry');
  assert.ok(sent.every((n) => n <= TOTAL), 'uploadedBytes past the file size');
  assert.equal(progress.at(-1).detail.progress.uploadedBytes, TOTAL);
  assert.equal(progress.at(-1).detail.progress.totalBytes, TOTAL);
  const complete = events.filter((e) => e.type === 'upload-complete');
  assert.equal(complete.length, 1);
  assert.equal(complete[0].detail.fileName, 'holiday.mp4');
  assert.equal(complete[0].detail.video.videoId, done.videoId);
  assert.equal(events.filter((e) => e.type === 'upload-error').length, 0);

  // The player page loads in the iframe (same origin: its document is readable).
  await browser.waitFor(
    `return Boolean(document.querySelector('video-upload-widget').shadowRoot.querySelector('iframe.player')
       ?.contentDocument?.querySelector('video'))`,
    { timeoutMs: 10_000, what: "the player's <video>" },
  );

  await assertUploadedBytes(done.videoId);
  assert.deepEqual(await browser.execute('return window.errors'), []);
});

test('Pause holds the upload after the chunk in flight; Resume completes it', async () => {
  const { token } = await server.createToken(3600);
  await openWidget(`token=${token}&chunk-size=5MB&parallel-chunks=1`, pressAsSoonAsShown('pause'));
  await pick(file.path);

  const [paused] = await waitForState(['paused', 'done', 'error']);
  assert.equal(paused.state, 'paused', paused.error ?? '');
  assert.deepEqual(paused.buttons, ['Resume', 'Cancel']);
  // The chunk in flight may finish; nothing after it starts.
  await sleep(1000);
  const settled = await stats(token);
  await sleep(700);
  const later = await stats(token);
  assert.deepEqual(later, settled, 'the upload kept going while paused');
  assert.ok(later.receivedBytes <= CHUNK, `while paused ${later.receivedBytes} bytes were sent, more than the chunk in flight`);
  assert.equal((await browser.execute(WIDGET_ITEMS))[0].state, 'paused');

  await clickButton('Resume');
  const [done] = await waitForState(['done', 'error']);
  assert.equal(done.state, 'done', done.error ?? '');
  assert.equal(done.percent, '100%');
  await assertUploadedBytes(done.videoId);
  assert.deepEqual(await browser.execute('return window.errors'), []);
});

test('Cancel shows "Cancelled" and fires upload-error (ABORTED); Retry uploads the file again', async () => {
  const { token } = await server.createToken(3600);
  await openWidget(`token=${token}&chunk-size=5MB&parallel-chunks=1`, pressAsSoonAsShown('cancel'));
  await pick(file.path);

  const [cancelled] = await waitForState(['cancelled', 'done', 'error']);
  assert.equal(cancelled.state, 'cancelled', cancelled.error ?? '');
  assert.deepEqual(cancelled.buttons, ['Retry', 'Remove']);
  const errors = (await browser.execute('return window.events')).filter((e) => e.type === 'upload-error');
  assert.deepEqual(errors.map((e) => [e.detail.fileName, e.detail.error.reason, e.detail.message]), [['holiday.mp4', 'ABORTED', 'Cancelled']]);

  await clickButton('Retry');
  const [done] = await waitForState(['done', 'error']);
  assert.equal(done.state, 'done', done.error ?? '');
  await assertUploadedBytes(done.videoId);
  assert.deepEqual(await browser.execute('return window.errors'), []);
});

test('an unknown token: "This upload link is not valid…", upload-error with the 404, and Retry', async () => {
  const clip = await testFile('holiday.mp4', 1 * MiB, 3);
  try {
    await openWidget('token=toUnknownToken0000000000');
    await pick(clip.path);
    const [item] = await waitForState(['error', 'done']);
    assert.equal(item.state, 'error');
    assert.equal(item.error, 'This upload link is not valid (the token is unknown or was deleted). Ask for a new link.');
    assert.deepEqual(item.buttons, ['Retry', 'Remove']);
    const errorEvents = () => browser.execute(`return window.events.filter((e) => e.type === 'upload-error')`);
    const [first] = await errorEvents();
    assert.equal(first.detail.error.status, 404);
    assert.equal(first.detail.message, item.error);

    await clickButton('Retry');
    await browser.waitFor(`return window.events.filter((e) => e.type === 'upload-error').length === 2`, { what: 'a second upload-error' });
    assert.equal((await browser.execute(WIDGET_ITEMS))[0].error, item.error);
    assert.deepEqual(await browser.execute('return window.errors'), []);
  } finally {
    await clip.cleanup();
  }
});
