// What the widget checks before any byte is sent (max-size, max-duration, accept, on picked
// and dropped files alike), each refusal in plain words with no request to the server; and the
// first frame of each video as a thumbnail.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { MiB, assertPackageLoads, launchBrowser, newPage, screenshot, startServer, testFile, widgetItems } from './helpers.mjs';

let server;
let browser;
let big;
let small;
before(async () => {
  [server, browser, big, small] = await Promise.all([startServer(), launchBrowser(), testFile('big.mp4', 2 * MiB, 4), testFile('small.mp4', MiB / 2, 5)]);
  await assertPackageLoads(browser, server.url);
});
after(async () => {
  await browser?.close();
  await server?.stop();
  await big?.cleanup();
  await small?.cleanup();
});

/** The demo page with `query`; records the upload-error events. Returns the page and its token. */
async function openWidget(query = '') {
  const { token } = await server.createToken(3600);
  const page = await newPage(browser);
  await page.addInitScript(() => {
    window.errors = [];
    document.addEventListener('upload-error', (e) => window.errors.push({ fileName: e.detail.fileName, reason: e.detail.error?.reason, message: e.detail.message }));
  });
  await page.goto(`${server.url}/?token=${token}${query}`);
  return { page, token };
}

/** Waits until no row is waiting or uploading. */
const settled = (page, rows) =>
  page.waitForFunction(
    (rows) => {
      const items = [...document.querySelector('video-upload-widget').shadowRoot.querySelectorAll('.item')];
      return items.length === rows && items.every((li) => ['done', 'error', 'refused', 'cancelled'].includes(li.dataset.state));
    },
    rows,
    { timeout: 20_000 },
  );
const stats = (token) => server.api(`/_local/stats?token=${token}`);
const hint = (page) => page.locator('video-upload-widget #hint').textContent();

/** Records a `seconds`-long WebM from a canvas in the page, as window.recorded (a File named `name`). */
function recordVideo(page, name, seconds) {
  return page.evaluate(
    async ([name, seconds]) => {
      const canvas = Object.assign(document.createElement('canvas'), { width: 320, height: 180 });
      const ctx = canvas.getContext('2d');
      const recorder = new MediaRecorder(canvas.captureStream(30), { mimeType: 'video/webm' });
      const chunks = [];
      recorder.ondataavailable = (e) => chunks.push(e.data);
      const stopped = new Promise((resolve) => (recorder.onstop = resolve));
      recorder.start();
      const start = performance.now();
      await new Promise((resolve) => {
        const frame = () => {
          const t = (performance.now() - start) / 1000;
          ctx.fillStyle = '#f97316';
          ctx.fillRect(0, 0, 320, 180);
          ctx.fillStyle = '#1e3a8a';
          ctx.fillRect(0, 90, 320, 90);
          if (t < seconds) requestAnimationFrame(frame);
          else resolve();
        };
        requestAnimationFrame(frame);
      });
      recorder.stop();
      await stopped;
      window.recorded = new File(chunks, name, { type: 'video/webm' });
    },
    [name, seconds],
  );
}

test('max-size: a larger file is refused in plain words and nothing is sent; a smaller one uploads', async () => {
  const { page, token } = await openWidget('&max-size=1MB');
  try {
    assert.equal(await hint(page), 'Several files upload one after another. Up to 1 MB a file.');
    await page.locator('video-upload-widget input[type="file"]').setInputFiles([big.path, small.path]);
    await settled(page, 2);
    const [refused, done] = await widgetItems(page);
    assert.equal(refused.state, 'refused');
    assert.equal(refused.error, 'big.mp4 is 2 MB: larger than the 1 MB allowed.');
    assert.deepEqual(refused.buttons, ['Remove']);
    assert.equal(await page.locator('video-upload-widget .item .state').first().textContent(), 'Refused');
    assert.equal(done.state, 'done');
    assert.deepEqual(await page.evaluate(() => window.errors), [{ fileName: 'big.mp4', reason: 'FILE_TOO_LARGE', message: refused.error }]);
    // One request: the small file's.
    assert.deepEqual(await stats(token), { uploadRequests: 1, receivedBytes: MiB / 2 });
    await screenshot(page, 'widget-refused.png');

    // Units as chunk-size takes them; Remove takes the row away.
    await page.locator('video-upload-widget').evaluate((widget) => widget.setAttribute('max-size', '2 GiB'));
    assert.equal(await hint(page), 'Several files upload one after another. Up to 2 GB a file.');
    await page.locator('video-upload-widget').getByRole('button', { name: 'Remove big.mp4' }).click();
    assert.deepEqual((await widgetItems(page)).map((item) => item.name), ['small.mp4']);
    assert.deepEqual(page.errors, []);
  } finally {
    await page.context().close();
  }
});

test('max-duration: a 1.5 s video is refused with max-duration="1" and taken with "5"; a file whose duration cannot be read is refused; nothing refused is sent', async () => {
  const { page, token } = await openWidget('&max-duration=1');
  try {
    assert.equal(await hint(page), 'Several files upload one after another. Up to 1 second a video.');
    await recordVideo(page, 'clip.webm', 1.5);
    const size = await page.evaluate(() => window.recorded.size);
    await page.evaluate(() => document.querySelector('video-upload-widget').addFiles([window.recorded]));
    await settled(page, 1);
    let [item] = await widgetItems(page);
    assert.equal(item.state, 'refused');
    assert.equal(item.error, 'clip.webm is longer than the 1 second allowed.');
    assert.deepEqual(item.buttons, ['Remove']);

    // A file that is not a video: its duration cannot be read.
    await page.locator('video-upload-widget input[type="file"]').setInputFiles(small.path);
    await settled(page, 2);
    item = (await widgetItems(page))[1];
    assert.equal(item.state, 'refused');
    assert.equal(item.error, 'The length of small.mp4 cannot be read: is it a video this browser can play?');
    assert.deepEqual(
      (await page.evaluate(() => window.errors)).map((e) => e.reason),
      ['VIDEO_TOO_LONG', 'INVALID_VIDEO'],
    );
    assert.deepEqual(await stats(token), { uploadRequests: 0, receivedBytes: 0 });

    // Longer allowed: the same video uploads.
    await page.locator('video-upload-widget').evaluate((widget) => widget.setAttribute('max-duration', '5'));
    await page.evaluate(() => document.querySelector('video-upload-widget').addFiles([window.recorded]));
    await settled(page, 3);
    assert.equal((await widgetItems(page))[2].state, 'done');
    assert.deepEqual(await stats(token), { uploadRequests: 1, receivedBytes: size });
    assert.deepEqual(page.errors, []);
  } finally {
    await page.context().close();
  }
});

test('accept: a dropped file of another type is refused, the others upload; with accept=".mov,video/webm" the words name them', async () => {
  const { page, token } = await openWidget();
  try {
    const drop = (files) =>
      page.evaluate((files) => {
        const data = new DataTransfer();
        for (const [name, type] of files) data.items.add(new File([new Uint8Array(1000).fill(7)], name, { type }));
        const zone = document.querySelector('video-upload-widget').shadowRoot.querySelector('.drop');
        zone.dispatchEvent(new DragEvent('dragover', { dataTransfer: data, bubbles: true, cancelable: true }));
        zone.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
      }, files);
    await drop([['notes.txt', 'text/plain'], ['clip.mp4', 'video/mp4'], ['film.mkv', '']]);
    await settled(page, 3);
    const items = await widgetItems(page);
    assert.deepEqual(items.map((item) => [item.name, item.state]), [['notes.txt', 'refused'], ['clip.mp4', 'done'], ['film.mkv', 'done']]);
    assert.equal(items[0].error, 'notes.txt cannot be uploaded here: only videos are accepted.');
    assert.deepEqual(await page.evaluate(() => window.errors.map((e) => e.reason)), ['FILE_TYPE_NOT_ACCEPTED']);
    assert.deepEqual(await stats(token), { uploadRequests: 2, receivedBytes: 2000 });

    await page.locator('video-upload-widget').evaluate((widget) => widget.setAttribute('accept', '.mov,video/webm'));
    assert.equal(await page.locator('video-upload-widget input[type="file"]').getAttribute('accept'), '.mov,video/webm');
    await drop([['clip.mp4', 'video/mp4'], ['take.MOV', 'video/quicktime']]);
    await settled(page, 5);
    const [refused, taken] = (await widgetItems(page)).slice(3);
    assert.equal(refused.error, 'clip.mp4 cannot be uploaded here: only .mov or video/webm are accepted.');
    assert.equal(taken.state, 'done');
    assert.deepEqual(page.errors, []);
  } finally {
    await page.context().close();
  }
});

test('a preview: the first frame of a video the browser decodes, as a thumbnail; none (and no error) for a file it cannot decode', async () => {
  const { page } = await openWidget();
  try {
    await recordVideo(page, 'sunset.webm', 0.5);
    await page.evaluate(() => document.querySelector('video-upload-widget').addFiles([window.recorded]));
    await page.locator('video-upload-widget input[type="file"]').setInputFiles(small.path);
    await settled(page, 2);
    await page.waitForFunction(() => document.querySelector('video-upload-widget').shadowRoot.querySelector('.thumb'));
    const thumbnails = await page.evaluate(() =>
      [...document.querySelector('video-upload-widget').shadowRoot.querySelectorAll('.item')].map((li) => {
        const canvas = li.querySelector('canvas.thumb');
        if (!canvas) return null;
        // The frame: orange above, blue below.
        const pixel = (y) => [...canvas.getContext('2d').getImageData(80, y, 1, 1).data.slice(0, 3)];
        return { width: canvas.width, height: canvas.height, top: pixel(10), bottom: pixel(canvas.height - 10) };
      }),
    );
    assert.equal(thumbnails[1], null, 'a thumbnail for a file that is not a video');
    const { width, height, top, bottom } = thumbnails[0];
    assert.deepEqual([width, height], [160, 90]);
    assert.ok(top[0] > 200 && top[2] < 80, `the top of the thumbnail is not orange: ${top}`);
    assert.ok(bottom[2] > 100 && bottom[0] < 80, `the bottom of the thumbnail is not blue: ${bottom}`);
    await screenshot(page, 'widget-thumbnail.png');
    assert.deepEqual(page.errors, []);
  } finally {
    await page.context().close();
  }
});
