// The demo page without a token explains how to get one; with one, the widget is reachable
// from the keyboard, fits a phone's width, and follows the dark colour scheme.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { MiB, launchBrowser, newPage, screenshot, startServer, testFile } from './helpers.mjs';

let server;
let browser;
before(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

test('without a token: an explanation of how to get one, no widget', async () => {
  const page = await newPage(browser);
  try {
    await page.goto(`${server.url}/`);
    const explanation = page.getByRole('region', { name: 'This page needs an upload token' });
    assert.ok(await explanation.isVisible());
    const text = await explanation.textContent();
    assert.match(text, /npm start/);
    assert.match(text, /\?token=/);
    assert.equal(await page.locator('video-upload-widget').count(), 0);
    // The embedding snippet names the widget and this server.
    const snippet = await page.locator('#snippet').textContent();
    assert.match(snippet, /<video-upload-widget/);
    assert.match(snippet, new RegExp(`api-host="${server.url}"`));
    await screenshot(page, 'demo-no-token.png');
    assert.deepEqual(page.errors, []);
  } finally {
    await page.context().close();
  }
});

test('the drop zone is a button: Tab reaches it, Enter and Space open the file picker', async () => {
  const { token } = await server.createToken(3600);
  const page = await newPage(browser);
  // Listening from the start: Playwright intercepts file choosers once a listener exists, and
  // a listener added just before the key press can lose that race on a loaded machine.
  const choosers = [];
  page.on('filechooser', (chooser) => choosers.push(chooser));
  // The <input type=file> picker, as in Firefox and Safari: Playwright cannot answer Chromium's
  // showOpenFilePicker, which the widget prefers (widget-resume.test.mjs checks that one).
  await page.addInitScript(() => (window.showOpenFilePicker = undefined));
  try {
    await page.goto(`${server.url}/?token=${token}`);
    const dropZone = page.locator('video-upload-widget').getByRole('button', { name: /Drop videos here or choose files/ });
    assert.equal(await dropZone.count(), 1);
    // Tab from the top of the page until the drop zone has the focus.
    let focused = false;
    for (let i = 0; i < 10 && !focused; i++) {
      await page.keyboard.press('Tab');
      focused = await dropZone.evaluate((el) => el.getRootNode().activeElement === el);
    }
    assert.ok(focused, 'the drop zone is not reachable with Tab');
    for (const [n, key] of ['Enter', ' '].entries()) {
      await page.keyboard.press(key);
      for (let waited = 0; choosers.length <= n && waited < 5_000; waited += 50) await page.waitForTimeout(50);
      assert.equal(choosers.length, n + 1, `${JSON.stringify(key)} opened no file picker`);
      assert.ok(choosers[n].isMultiple(), 'the picker takes several files');
    }
    // The live region and the labelled progress bar exist for screen readers.
    assert.equal(await page.locator('video-upload-widget [role="status"]').getAttribute('aria-live'), 'polite');
  } finally {
    await page.context().close();
  }
});

test('at 360 px wide nothing overflows; the dark scheme is dark', async () => {
  const { token } = await server.createToken(3600);
  const file = await testFile('a-video-with-a-rather-long-name-from-a-phone-camera.mp4', 6 * MiB, 5);
  try {
    for (const colorScheme of ['light', 'dark']) {
      const page = await newPage(browser, { width: 360, height: 780, colorScheme });
      try {
        await page.goto(`${server.url}/?token=${token}`);
        await page.locator('video-upload-widget input[type="file"]').setInputFiles(file.path);
        await page.waitForFunction(() => document.querySelector('video-upload-widget').shadowRoot.querySelector('iframe.player'), null, { timeout: 15_000 });
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        assert.equal(overflow, 0, `${colorScheme}: the page scrolls sideways by ${overflow} px at 360 px`);
        const background = await page.locator('video-upload-widget .item').evaluate((el) => getComputedStyle(el).backgroundColor);
        const [r, g, b] = background.match(/\d+/g).map(Number);
        const light = (r + g + b) / 3 > 128;
        assert.equal(light, colorScheme === 'light', `${colorScheme} scheme: item background ${background}`);
        await screenshot(page, `widget-phone-${colorScheme}.png`);
        assert.deepEqual(page.errors, []);
      } finally {
        await page.context().close();
      }
    }
  } finally {
    await file.cleanup();
  }
});
