// The recording page: with Chromium's fake camera it records, uploads parts while recording
// and shows the player; without a camera, or with the permission refused, it says so.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { assertPackageLoads, launchBrowser, newPage, screenshot, startServer } from './helpers.mjs';

// Chromium's fake camera; the permission is granted (or not) per context by the tests.
const FAKE_CAMERA = ['--use-fake-device-for-media-stream'];
let server;
let browser;
before(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser(FAKE_CAMERA)]);
  await assertPackageLoads(browser, server.url);
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

test('records from the (fake) camera, uploads while recording, shows the player; the server has every byte', async () => {
  const { token } = await server.createToken(3600);
  const page = await newPage(browser);
  try {
    await page.context().grantPermissions(['camera', 'microphone'], { origin: server.url });
    await page.goto(`${server.url}/record.html?token=${token}`);
    await page.getByRole('button', { name: 'Start recording' }).click();
    await page.getByText('Recording and uploading').waitFor();
    // A few timeslices of ~1 s each reach the uploader.
    await page.waitForFunction(() => Number(document.querySelector('#recorded').dataset.bytes) > 0, null, { timeout: 5_000 });
    await page.waitForTimeout(2000);
    await page.getByRole('button', { name: 'Stop and finish' }).click();
    await page.locator('#result:not([hidden])').waitFor({ timeout: 15_000 });
    assert.equal(await page.locator('#state').textContent(), 'Uploaded');

    const recorded = Number(await page.locator('#recorded').getAttribute('data-bytes'));
    const videoId = await page.locator('#video-id').textContent();
    assert.equal(await page.locator('#player').getAttribute('src'), `${server.url}/vod/${videoId}`);
    assert.ok((await page.locator('#parts li').count()) >= 1, 'no part shown');
    await screenshot(page, 'record-done.png');

    // Everything the recorder produced is on the server, as one video.
    const video = await server.api(`/videos/${videoId}`);
    const mp4 = await fetch(video.assets.mp4);
    assert.equal(mp4.status, 200);
    assert.equal((await mp4.arrayBuffer()).byteLength, recorded);
    assert.deepEqual(page.errors, []);
  } finally {
    await page.context().close();
  }
});

test('no camera: a clear message', async () => {
  const noCamera = await launchBrowser(); // no fake device: headless Chromium has no camera
  const { token } = await server.createToken(3600);
  const page = await newPage(noCamera);
  try {
    await page.context().grantPermissions(['camera', 'microphone'], { origin: server.url });
    await page.goto(`${server.url}/record.html?token=${token}`);
    await page.getByRole('button', { name: 'Start recording' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    assert.equal(await alert.textContent(), 'No camera was found. Connect a camera, then try again.');
    assert.ok(await page.getByRole('button', { name: 'Start recording' }).isEnabled());
  } finally {
    await noCamera.close();
  }
});

test('permission refused: a clear message', async () => {
  const { token } = await server.createToken(3600);
  const page = await newPage(browser); // no permission granted: the prompt is refused
  try {
    await page.goto(`${server.url}/record.html?token=${token}`);
    await page.getByRole('button', { name: 'Start recording' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    assert.match(await alert.textContent(), /^Camera permission was refused\./);
  } finally {
    await page.context().close();
  }
});
