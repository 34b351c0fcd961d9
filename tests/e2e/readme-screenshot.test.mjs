// The README's picture: the demo page at 900 px, light scheme, one video done (a real one,
// recorded from a canvas in the page, so the player shows a frame) and one mid-upload.
// Always saved as tests/e2e/screenshots/readme-widget.png; UPDATE_DOCS_SCREENSHOT=1 also
// writes docs/screenshot-widget.png (committed).
import assert from 'node:assert/strict';
import { copyFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import {
  MiB, assertPackageLoads, launchBrowser, newPage, repoRoot, screenshotDir, startServer, testFile, throttleUploads, widgetItems,
} from './helpers.mjs';

let server;
let browser;
let file;
before(async () => {
  [server, browser, file] = await Promise.all([startServer(), launchBrowser(), testFile('interview-take-2.mov', 30 * MiB, 11)]);
  await assertPackageLoads(browser, server.url);
});
after(async () => {
  await browser?.close();
  await server?.stop();
  await file?.cleanup();
});

test('screenshot: one video done, one mid-upload', async () => {
  const { token } = await server.createToken(3600);
  const page = await newPage(browser, { width: 900, height: 1200 });
  try {
    await page.goto(`${server.url}/?token=${token}`);

    // A short real video: a canvas animation through MediaRecorder.
    await page.evaluate(async () => {
      const canvas = Object.assign(document.createElement('canvas'), { width: 1280, height: 720 });
      const ctx = canvas.getContext('2d');
      const draw = (t) => {
        const sky = ctx.createLinearGradient(0, 0, 0, 720);
        sky.addColorStop(0, '#1e1b4b');
        sky.addColorStop(0.55, '#c2410c');
        sky.addColorStop(1, '#fbbf24');
        ctx.fillStyle = sky;
        ctx.fillRect(0, 0, 1280, 720);
        ctx.fillStyle = '#fde68a';
        ctx.beginPath();
        ctx.arc(640, 470 + t * 10, 120, 0, Math.PI * 2);
        ctx.fill();
        ctx.fillStyle = '#0f172a';
        ctx.beginPath();
        ctx.moveTo(0, 720);
        for (let x = 0; x <= 1280; x += 80) ctx.lineTo(x, 560 + 40 * Math.sin(x / 170) + 25 * Math.cos(x / 53));
        ctx.lineTo(1280, 720);
        ctx.fill();
      };
      draw(0);
      const recorder = new MediaRecorder(canvas.captureStream(30), { mimeType: 'video/webm', videoBitsPerSecond: 8_000_000 });
      const chunks = [];
      recorder.ondataavailable = (e) => chunks.push(e.data);
      const stopped = new Promise((resolve) => (recorder.onstop = resolve));
      recorder.start();
      const start = performance.now();
      await new Promise((resolve) => {
        const frame = () => {
          const t = (performance.now() - start) / 1000;
          draw(t);
          if (t < 1.2) requestAnimationFrame(frame);
          else resolve();
        };
        requestAnimationFrame(frame);
      });
      recorder.stop();
      await stopped;
      const video = new File(chunks, 'sunset-over-lisbon.webm', { type: 'video/webm' });
      document.querySelector('video-upload-widget').addFiles([video]);
    });
    await page.waitForFunction(() => document.querySelector('video-upload-widget').shadowRoot.querySelector('iframe.player'), null, { timeout: 15_000 });
    // Let the player show its first frame.
    const frame = await (await page.locator('video-upload-widget iframe.player').elementHandle()).contentFrame();
    await frame.waitForLoadState();
    await frame.waitForFunction(() => document.querySelector('video')?.readyState >= 2, null, { timeout: 20_000 });

    // The second file, slowly, caught around the middle.
    await throttleUploads(page, 10 * MiB);
    await page.locator('video-upload-widget input[type="file"]').setInputFiles(file.path);
    await page.waitForFunction(() => {
      const bars = document.querySelector('video-upload-widget').shadowRoot.querySelectorAll('progress');
      return bars.length === 2 && bars[1].value >= 40 && bars[1].value <= 70;
    }, null, { timeout: 15_000 });
    await page.waitForFunction(() => document.querySelector('video-upload-widget').shadowRoot.querySelectorAll('.speed:not(:empty)').length === 1);
    const items = await widgetItems(page);
    assert.deepEqual(items.map((i) => i.state), ['done', 'uploading']);

    const top = await page.locator('main h1').boundingBox();
    const widget = await page.locator('#uploader').boundingBox();
    const path = join(screenshotDir, 'readme-widget.png');
    await page.screenshot({ path, clip: { x: 0, y: top.y - 24, width: 900, height: widget.y + widget.height + 16 - (top.y - 24) } });
    if (process.env.UPDATE_DOCS_SCREENSHOT) await copyFile(path, join(repoRoot, 'docs', 'screenshot-widget.png'));
    assert.deepEqual(page.errors, []);
  } finally {
    await page.context().close();
  }
});
