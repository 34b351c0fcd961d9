// What the consumer tests share: one headless Chromium and one picked file for a test file
// (setUp / tearDown), serving a built app with upload-server, picking the file in a page or in
// the widget, and checking that the uploaded video is the file, byte for byte.
import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import { MiB, launchBrowser, newPage, sha256, sha256OfUrl, startServer, testFile, widgetItems } from '../e2e/helpers.mjs';

/** The browser and the file (`{ path, bytes, sha256 }`) of the running test file. */
export const shared = { browser: null, file: null };

/** Launches the browser and writes the file to pick: a 6 MiB video-named file, two chunks. */
export async function setUp() {
  [shared.browser, shared.file] = await Promise.all([launchBrowser(), testFile('clip.mp4', 6 * MiB + 12345, 7)]);
  shared.file.sha256 = sha256(shared.file.bytes);
}

export async function tearDown() {
  await shared.browser?.close();
  await shared.file?.cleanup();
}

/**
 * Fails unless a bundler's output holds only what a page loads: pages, scripts, and the wasm of
 * VideoUploader and of ProgressiveUploader (the main entry names both; a page downloads the
 * second only when it uses ProgressiveUploader).
 */
export async function assertOnlyWhatPagesLoad(dir) {
  const names = (await readdir(dir, { recursive: true, withFileTypes: true })).filter((e) => e.isFile()).map((e) => e.name);
  const wasm = names.filter((name) => name.endsWith('.wasm'));
  assert.equal(wasm.length, 2, `not two .wasm in ${dir}: ${names}`);
  const others = names.filter((name) => !/\.(html|js|wasm)$/.test(name));
  assert.deepEqual(others, [], `the build emitted files a page never loads (the package's README, types…): ${others}`);
}

/** The sha256 of the video's assembled source, as the server serves it. */
export async function uploadedSha256(server, videoId) {
  const video = await server.api(`/videos/${videoId}`);
  return sha256OfUrl(video.assets.mp4);
}

/** Serves `dir` as the site root, with a fresh upload token; stops it after the test. */
export async function serve(t, staticDirs) {
  const server = await startServer(staticDirs);
  t.after(() => server.stop());
  const { token } = await server.createToken();
  return { server, token };
}

/** Opens `url` (a page with #video and #status), picks the file, and returns the status once the upload ends. */
export async function uploadThroughPage(t, url) {
  const page = await newPage(shared.browser);
  t.after(() => page.context().close());
  page.requested = [];
  page.on('request', (request) => page.requested.push(request.url()));
  await page.goto(url);
  await page.locator('#video').setInputFiles(shared.file.path);
  await page.waitForFunction(() => /^(Uploaded|Failed)/.test(document.querySelector('#status').textContent), null, { timeout: 30_000 });
  return { t, page, status: await page.locator('#status').textContent() };
}

/** Checks that the page says "Uploaded: <id>" and that the video is the file, byte for byte. */
export async function assertUploaded(server, { t, page, status }) {
  const videoId = /^Uploaded: (\S+)$/.exec(status)?.[1];
  assert.ok(videoId, status);
  await assertSameBytes(t, server, videoId);
  assert.deepEqual(page.errors, []);
}

/** Checks that the server's assembled source of `videoId` is the file, and says so in the test's output. */
export async function assertSameBytes(t, server, videoId) {
  const uploaded = await uploadedSha256(server, videoId);
  assert.equal(uploaded, shared.file.sha256);
  t.diagnostic(`video ${videoId}: assets.mp4 sha256 ${uploaded} = the picked file's`);
}

/**
 * Opens `url` (a page with the widget) after `prepare(page)`, picks the file, and returns the
 * widget's row once the upload ends.
 */
export async function uploadThroughWidget(t, url, prepare = async () => {}) {
  const page = await newPage(shared.browser);
  t.after(() => page.context().close());
  await prepare(page);
  await page.goto(url);
  await page.locator('video-upload-widget input[type="file"]').setInputFiles(shared.file.path);
  return { t, page, item: await widgetOutcome(page) };
}

/** Checks that the widget's row is done and that the video is the file, byte for byte. */
export async function assertWidgetUploaded(server, { t, page, item }) {
  assert.equal(item.state, 'done', item.error ?? '');
  await assertSameBytes(t, server, item.videoId);
  assert.deepEqual(page.errors, []);
}

/** Waits for the widget's first row to end, and returns it. */
export async function widgetOutcome(page) {
  await page.waitForFunction(
    () => document.querySelector('video-upload-widget')?.shadowRoot.querySelector('.item[data-state="done"], .item[data-state="error"]'),
    null,
    { timeout: 30_000 },
  );
  const [item] = await widgetItems(page);
  return item;
}

/** Records the widget's upload-error events in window.uploadErrors. */
export function recordUploadErrors(page) {
  return page.addInitScript(() => {
    window.uploadErrors = [];
    document.addEventListener('upload-error', (e) => window.uploadErrors.push({ message: e.detail.message, reason: e.detail.error?.reason }));
  });
}
