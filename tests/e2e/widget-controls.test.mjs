// Pause / resume and cancel / retry from the widget's buttons, with 5 MiB chunks one at a
// time and a throttled upload so there is time to click.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  MiB, assertPackageLoads, launchBrowser, newPage, screenshot, sha256, sha256OfUrl, startServer, testFile, throttleUploads, widgetItems,
} from './helpers.mjs';

const CHUNK = 5 * MiB;
const TOTAL = 30 * MiB;
let server;
let browser;
let file;
before(async () => {
  [server, browser, file] = await Promise.all([startServer(), launchBrowser(), testFile('trip.mov', TOTAL, 7)]);
  await assertPackageLoads(browser, server.url);
});
after(async () => {
  await browser?.close();
  await server?.stop();
  await file?.cleanup();
});

/** The page with the widget (5 MiB chunks, one at a time), uploads limited to 16 MiB/s. */
async function openWidget(extraQuery = '') {
  const { token } = await server.createToken(3600);
  const page = await newPage(browser);
  await throttleUploads(page, 16 * MiB);
  await page.goto(`${server.url}/?token=${token}&chunk-size=5MB&parallel-chunks=1${extraQuery}`);
  await page.evaluate(() => {
    window.lastProgress = null;
    document.addEventListener('upload-progress', (e) => (window.lastProgress = e.detail.progress));
    // What had been sent when a button was clicked (capture phase: before the widget reacts).
    document.addEventListener('click', () => (window.progressAtClick = window.lastProgress?.uploadedBytes ?? 0), true);
  });
  return page;
}

const uploaded = (page) => page.evaluate(() => window.lastProgress?.uploadedBytes ?? 0);
const button = (page, name) => page.locator('video-upload-widget').getByRole('button', { name: new RegExp(`^${name} `) });

test('pause holds the upload after the chunk in flight; resume completes it', async () => {
  const page = await openWidget();
  try {
    await page.locator('video-upload-widget input[type="file"]').setInputFiles(file.path);
    await page.waitForFunction(() => window.lastProgress?.uploadedBytes > 0);
    await button(page, 'Pause').click();
    const atPause = await page.evaluate(() => window.progressAtClick);
    assert.ok(atPause < TOTAL - CHUNK, `paused too late (${atPause} bytes sent)`);

    // The chunk in flight may finish; nothing after it starts.
    const limit = Math.min(TOTAL, (Math.floor(atPause / CHUNK) + 1) * CHUNK);
    const [item] = await widgetItems(page);
    assert.equal(item.state, 'paused');
    assert.deepEqual(item.buttons, ['Resume', 'Cancel']);
    // The focus follows: the Pause button is gone, Resume has it (keyboard users keep their place).
    const focused = await page.locator('video-upload-widget').evaluate((el) => el.shadowRoot.activeElement?.textContent);
    assert.equal(focused, 'Resume');
    await page.waitForTimeout(1000); // a 5 MiB chunk takes ~0.35 s at 16 MiB/s
    const settled = await uploaded(page);
    await page.waitForTimeout(700);
    const later = await uploaded(page);
    assert.equal(later, settled, 'progress kept moving while paused');
    assert.ok(later <= limit, `while paused ${later} bytes were sent, more than the ${limit} of the chunk in flight`);
    assert.ok(later < TOTAL);
    await screenshot(page, 'widget-paused.png');

    await button(page, 'Resume').click();
    assert.equal((await widgetItems(page))[0].state, 'uploading');
    await page.waitForFunction(() => document.querySelector('video-upload-widget').shadowRoot.querySelector('.item[data-state="done"]'), null, { timeout: 20_000 });
    const [done] = await widgetItems(page);
    assert.equal(done.percent, '100%');
    const video = await server.api(`/videos/${done.videoId}`);
    assert.equal(await sha256OfUrl(video.assets.mp4), sha256(file.bytes));
    assert.deepEqual(page.errors, []);
  } finally {
    await page.context().close();
  }
});

test('cancel shows "Cancelled" with Retry; Retry uploads the file again', async () => {
  const page = await openWidget();
  try {
    await page.evaluate(() => {
      window.errors = [];
      document.addEventListener('upload-error', (e) => window.errors.push({ fileName: e.detail.fileName, reason: e.detail.error.reason, message: e.detail.message }));
    });
    await page.locator('video-upload-widget input[type="file"]').setInputFiles(file.path);
    await page.waitForFunction(() => window.lastProgress?.uploadedBytes > 0);
    await button(page, 'Cancel').click();
    await page.waitForFunction(() => document.querySelector('video-upload-widget').shadowRoot.querySelector('.item[data-state="cancelled"]'));
    const [cancelled] = await widgetItems(page);
    assert.equal(cancelled.state, 'cancelled');
    assert.deepEqual(cancelled.buttons, ['Retry', 'Remove']);
    const stateText = await page.locator('video-upload-widget .item .state').textContent();
    assert.equal(stateText, 'Cancelled');
    assert.deepEqual(await page.evaluate(() => window.errors), [{ fileName: 'trip.mov', reason: 'ABORTED', message: 'Cancelled' }]);

    await button(page, 'Retry').click();
    await page.waitForFunction(() => document.querySelector('video-upload-widget').shadowRoot.querySelector('.item[data-state="done"]'), null, { timeout: 20_000 });
    const [done] = await widgetItems(page);
    const video = await server.api(`/videos/${done.videoId}`);
    assert.equal(await sha256OfUrl(video.assets.mp4), sha256(file.bytes));
    assert.deepEqual(page.errors, []);
  } finally {
    await page.context().close();
  }
});

test('with the resume attribute, Retry after Cancel sends only the missing chunks, into the same video', async () => {
  const page = await openWidget('&resume');
  try {
    const videosBefore = (await server.api('/videos?pageSize=100')).pagination.itemsTotal;
    await page.locator('video-upload-widget input[type="file"]').setInputFiles(file.path);
    // Two chunks acknowledged (and remembered), then cancel.
    await page.waitForFunction((chunk) => window.lastProgress?.uploadedBytes > 2 * chunk + 1024, CHUNK, { timeout: 15_000 });
    await button(page, 'Cancel').click();
    await page.waitForFunction(() => document.querySelector('video-upload-widget').shadowRoot.querySelector('.item[data-state="cancelled"]'));
    const remembered = await page.evaluate(() => Object.keys(localStorage).length);
    assert.ok(remembered >= 1, 'nothing remembered in localStorage with resume');

    await page.evaluate(() => (window.firstAfterRetry = null));
    await page.evaluate(() => document.addEventListener('upload-progress', (e) => (window.firstAfterRetry ??= e.detail.progress.uploadedBytes)));
    await button(page, 'Retry').click();
    await page.waitForFunction(() => document.querySelector('video-upload-widget').shadowRoot.querySelector('.item[data-state="done"]'), null, { timeout: 20_000 });
    const firstAfterRetry = await page.evaluate(() => window.firstAfterRetry);
    assert.ok(firstAfterRetry >= 2 * CHUNK, `after Retry the progress started at ${firstAfterRetry} bytes, not past the 2 remembered chunks`);

    const [done] = await widgetItems(page);
    const videosAfter = (await server.api('/videos?pageSize=100')).pagination.itemsTotal;
    assert.equal(videosAfter, videosBefore + 1, 'Retry created a second video instead of finishing the first');
    const video = await server.api(`/videos/${done.videoId}`);
    assert.equal(await sha256OfUrl(video.assets.mp4), sha256(file.bytes));
    assert.equal(await page.evaluate(() => Object.keys(localStorage).length), 0, 'the finished upload is still remembered');
    assert.deepEqual(page.errors, []);
  } finally {
    await page.context().close();
  }
});

test('dropped files queue one after another; with concurrency="2" two upload at once', async () => {
  for (const concurrency of [1, 2]) {
    const page = await openWidget(`&concurrency=${concurrency}`);
    try {
      // Drop two 6 MiB files on the drop zone, as a file manager would.
      await page.evaluate(() => {
        const files = ['one.mp4', 'two.mp4'].map((name, i) => new File([new Uint8Array(6 * 1024 * 1024).fill(i + 1)], name, { type: 'video/mp4' }));
        const data = new DataTransfer();
        for (const file of files) data.items.add(file);
        const zone = document.querySelector('video-upload-widget').shadowRoot.querySelector('.drop');
        zone.dispatchEvent(new DragEvent('dragover', { dataTransfer: data, bubbles: true, cancelable: true }));
        zone.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
      });
      await page.waitForFunction(() => window.lastProgress?.uploadedBytes > 0);
      const states = (await widgetItems(page)).map((i) => i.state);
      assert.deepEqual(states, concurrency === 1 ? ['uploading', 'queued'] : ['uploading', 'uploading']);
      await page.waitForFunction(() => document.querySelector('video-upload-widget').shadowRoot.querySelectorAll('.item[data-state="done"]').length === 2, null, { timeout: 20_000 });
      const ids = (await widgetItems(page)).map((i) => i.videoId);
      assert.equal(new Set(ids).size, 2);
      assert.deepEqual(page.errors, []);
    } finally {
      await page.context().close();
    }
  }
});
