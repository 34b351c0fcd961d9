// The widget uploads a picked 30 MiB file: the progress bar moves and reaches 100%, the
// player appears with the video id, the DOM events fire, and the server holds the same bytes.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  MiB, assertPackageLoads, launchBrowser, newPage, recordWidgetEvents, screenshot, sha256, sha256OfUrl, startServer, testFile, throttleUploads, widgetItems,
} from './helpers.mjs';

let server;
let browser;
before(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

test('the package initialises in Chromium', async () => {
  assert.deepEqual(await assertPackageLoads(browser, server.url), ['VideoUploader', 'ProgressiveUploader', 'UploadTokens']);
});

test('a picked 30 MiB file: progress moves to 100%, the player appears, the server has the same bytes', async () => {
  const { token } = await server.createToken(3600);
  const file = await testFile('holiday.mp4', 30 * MiB, 42);
  const page = await newPage(browser);
  try {
    // ~1.5 s of upload, so the bar is seen between 0 and 100.
    await throttleUploads(page, 20 * MiB);
    await page.goto(`${server.url}/?token=${token}`);
    await page.evaluate(recordWidgetEvents);

    await page.locator('video-upload-widget input[type="file"]').setInputFiles(file.path);

    // Mid-upload: the bar strictly between 0 and 100, with speed and time left shown.
    await page.waitForFunction(() => {
      const item = document.querySelector('video-upload-widget').shadowRoot.querySelector('.item');
      const bar = item?.querySelector('progress');
      return item?.dataset.state === 'error' || (bar && bar.value > 0 && bar.value < 100);
    }, null, { timeout: 15_000 });
    const mid = (await widgetItems(page))[0];
    assert.equal(mid.error, null, 'the upload failed');
    assert.equal(mid.state, 'uploading');
    assert.ok(mid.value > 0 && mid.value < 100, `mid-upload value ${mid.value}`);
    assert.deepEqual(mid.buttons, ['Pause', 'Cancel']);
    await screenshot(page, 'widget-mid-upload.png');

    // Done: 100%, the player iframe, the video id.
    await page.waitForFunction(() => document.querySelector('video-upload-widget').shadowRoot.querySelector('iframe.player'), null, { timeout: 30_000 });
    const [done] = await widgetItems(page);
    assert.equal(done.state, 'done');
    assert.equal(done.value, 100);
    assert.equal(done.percent, '100%');
    assert.match(done.videoId, /^vi\w+$/);
    assert.equal(done.player, `${server.url}/vod/${done.videoId}`);
    await screenshot(page, 'widget-done.png');

    // The bar went through values strictly between 0 and 100, and ended at 100.
    const values = await page.evaluate(() => window.barValues);
    assert.ok(values.some((v) => v > 0 && v < 100), `no intermediate value in ${values.length} bar updates`);
    assert.equal(values.at(-1), 100);

    // The DOM events: progress events with the library's fields, one upload-complete with the video.
    const events = await page.evaluate(() => window.events);
    const progress = events.filter((e) => e.type === 'upload-progress');
    assert.ok(progress.length >= 2, `${progress.length} upload-progress events`);
    assert.ok(progress.every((e) => e.bubbles && e.composed && e.detail.fileName === 'holiday.mp4'));
    const sent = progress.map((e) => e.detail.progress.uploadedBytes);
    assert.ok(sent.every((n, i) => i === 0 || n >= sent[i - 1]), 'uploadedBytes went back without a retry');
    assert.ok(sent.every((n) => n <= 30 * MiB), 'uploadedBytes past the file size');
    assert.equal(progress.at(-1).detail.progress.uploadedBytes, 30 * MiB);
    assert.equal(progress.at(-1).detail.progress.totalBytes, 30 * MiB);
    const complete = events.filter((e) => e.type === 'upload-complete');
    assert.equal(complete.length, 1);
    assert.equal(complete[0].detail.fileName, 'holiday.mp4');
    assert.equal(complete[0].detail.video.videoId, done.videoId);
    assert.equal(events.filter((e) => e.type === 'upload-error').length, 0);

    // The player page loads in the iframe.
    const frame = page.frames().find((f) => f.url() === done.player);
    assert.ok(frame, 'the player iframe has loaded its page');
    await frame.waitForSelector('video');

    // The server's source is the file, byte for byte.
    const video = await server.api(`/videos/${done.videoId}`);
    assert.equal(video.title, 'holiday.mp4');
    assert.equal(await sha256OfUrl(video.assets.mp4), sha256(file.bytes));
    assert.deepEqual(page.errors, []);
  } finally {
    await page.context().close();
    await file.cleanup();
  }
});
