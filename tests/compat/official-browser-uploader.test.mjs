// The official @api.video/video-uploader browser bundle, unchanged, in headless Chromium
// against upload-server. The uploader only speaks https://${apiHost}, so the server runs
// with a self-signed certificate and serves the test page itself (same origin).
import assert from 'node:assert/strict';
import { copyFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { chromium } from 'playwright-core';
import { tempDir } from '../support/files.mjs';
import { startServer } from '../support/server.mjs';

const MiB = 1024 * 1024;
const limit = { timeout: 60_000 }; // a hung upload fails the test instead of the run
const require = createRequire(import.meta.url);
const uploaderBundle = require.resolve('@api.video/video-uploader'); // dist/index.js, a UMD build
const pageHtml = new URL('../support/uploader-page.html', import.meta.url);

let site;
let server;
let browser;
let page;

before(async () => {
  site = await tempDir('official-uploader-site-');
  await copyFile(pageHtml, join(site.dir, 'index.html'));
  await copyFile(uploaderBundle, join(site.dir, 'video-uploader.js'));
  server = await startServer(['--tls-self-signed', '--static-dir', site.dir]);
  assert.match(server.url, /^https:\/\/127\.0\.0\.1:\d+$/);

  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--ignore-certificate-errors'],
  });
  const context = await browser.newContext({ ignoreHTTPSErrors: true });
  page = await context.newPage();
  page.on('pageerror', (err) => console.error('page error:', err));
  await page.goto(`${server.url}/`);
  assert.equal(await page.evaluate(() => typeof VideoUploader + typeof ProgressiveUploader), 'functionfunction');
});

after(async () => {
  await browser?.close();
  await server?.stop();
  await site?.cleanup();
});

test('VideoUploader: a 17 MiB file in 5 MiB chunks', limit, async () => {
  const size = 17 * MiB + 123;
  const result = await page.evaluate(
    (args) => uploadFile(args),
    { apiKey: server.apiKey, size, seed: 17, chunkSize: 5 * MiB },
  );
  assert.match(result.video.videoId, /^vi[0-9A-Za-z]{22}$/);
  assert.equal(result.servedSha256, result.sentSha256);
  assert.equal(result.progress.totalBytes, size);
  assert.equal(result.progress.chunksCount, 4);
  assert.deepEqual(result.progress.chunks, [1, 2, 3, 4]);
  assert.ok(
    result.progress.maxUploadedBytes >= size,
    `progress stopped at ${result.progress.maxUploadedBytes} of ${size} bytes`,
  );
});

test('ProgressiveUploader: 3 parts, the last with uploadLastPart', limit, async () => {
  const sizes = [5 * MiB, 5 * MiB, 2 * MiB + 5];
  const result = await page.evaluate((args) => uploadParts(args), { apiKey: server.apiKey, sizes, seed: 3 });
  const [first, second, last] = result.videoIds;
  assert.match(first, /^vi[0-9A-Za-z]{22}$/);
  assert.equal(second, first);
  assert.equal(last, first);
  assert.equal(result.servedSha256, result.sentSha256);
  assert.deepEqual(Object.keys(result.progress), ['1', '2', '3']);
  for (const [part, seen] of Object.entries(result.progress)) {
    assert.equal(seen.totalBytes, sizes[part - 1]);
    assert.ok(seen.maxUploadedBytes >= seen.totalBytes, `part ${part}: progress stopped at ${seen.maxUploadedBytes}`);
  }
});
