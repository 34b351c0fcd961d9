// Failures read as plain words with a Retry button: an unknown token (404), an expired one
// (403). (A setting the widget or the library refuses, such as a chunk size under 5 MiB, is no
// row's failure: widget-checks.test.mjs.)
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { MiB, assertPackageLoads, launchBrowser, newPage, screenshot, startServer, testFile, widgetItems } from './helpers.mjs';

let server;
let browser;
let file;
before(async () => {
  [server, browser, file] = await Promise.all([startServer(), launchBrowser(), testFile('clip.mp4', 1 * MiB, 3)]);
  await assertPackageLoads(browser, server.url);
});
after(async () => {
  await browser?.close();
  await server?.stop();
  await file?.cleanup();
});

/** Opens the demo page with `query`, picks the file, waits for the row to fail; returns the row and the events. */
async function failingUpload(query) {
  const page = await newPage(browser);
  await page.goto(`${server.url}/?${query}`);
  await page.evaluate(() => {
    window.errors = [];
    document.addEventListener('upload-error', (e) => window.errors.push({ fileName: e.detail.fileName, error: e.detail.error, message: e.detail.message }));
  });
  await page.locator('video-upload-widget input[type="file"]').setInputFiles(file.path);
  await page.waitForFunction(() => document.querySelector('video-upload-widget').shadowRoot.querySelector('.item[data-state="error"], .item[data-state="done"]'), null, { timeout: 15_000 });
  const [item] = await widgetItems(page);
  return { page, item, errors: await page.evaluate(() => window.errors) };
}

test('an unknown token: "This upload link is not valid…" and a Retry button that tries again', async () => {
  const { page, item, errors } = await failingUpload('token=toUnknownToken0000000000');
  try {
    assert.equal(item.state, 'error');
    assert.equal(item.error, 'This upload link is not valid (the token is unknown or was deleted). Ask for a new link.');
    assert.deepEqual(item.buttons, ['Retry', 'Remove']);
    // The error is announced (role="alert") and the event carries the library's error.
    assert.equal(await page.locator('video-upload-widget .item .error').getAttribute('role'), 'alert');
    assert.equal(errors.length, 1);
    assert.equal(errors[0].fileName, 'clip.mp4');
    assert.equal(errors[0].error.status, 404);
    assert.equal(errors[0].message, item.error);
    await screenshot(page, 'widget-error.png');

    // Retry starts the file again: a second request, a second failure.
    await page.locator('video-upload-widget').getByRole('button', { name: 'Retry clip.mp4' }).click();
    await page.waitForFunction(() => window.errors.length === 2, null, { timeout: 15_000 });
    const [again] = await widgetItems(page);
    assert.equal(again.state, 'error');
    assert.equal(again.error, item.error);
    assert.deepEqual(page.errors, []);
  } finally {
    await page.context().close();
  }
});

test('an expired token: "This upload link has expired…"', async () => {
  const { token } = await server.createToken(1);
  await new Promise((resolve) => setTimeout(resolve, 2200));
  const { page, item, errors } = await failingUpload(`token=${token}`);
  try {
    assert.equal(item.state, 'error');
    assert.equal(item.error, 'This upload link has expired. Ask for a new link.');
    assert.equal(errors[0].error.status, 403);
  } finally {
    await page.context().close();
  }
});
