// The token console: the API key typed in (not stored unless asked), create two tokens with
// different lifetimes, list them, sort by lifetime both ways, page, show one, delete one.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { API_KEY, assertPackageLoads, launchBrowser, newPage, screenshot, startServer } from './helpers.mjs';

let server;
let browser;
before(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  await assertPackageLoads(browser, server.url);
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

const rows = (page) =>
  page.$$eval('#tokens tbody tr[data-token]', (trs) => trs.map((tr) => ({ token: tr.dataset.token, ttl: Number(tr.cells[1].dataset.ttl) })));

test('create, list, sort, page, show and delete tokens', async () => {
  const page = await newPage(browser);
  page.on('dialog', (dialog) => dialog.accept());
  try {
    await page.goto(`${server.url}/tokens.html`);
    await assert.doesNotReject(page.getByText('Local development tool: never publish this page.').waitFor());

    // A wrong key: the server's 401 in words.
    await page.locator('#api-key').fill('not-the-key');
    await page.getByRole('button', { name: 'Use this key' }).click();
    await page.locator('#error:not([hidden])').waitFor();
    assert.match(await page.locator('#error').textContent(), /refused the API key \(401\)/);

    // The right key, not remembered.
    await page.locator('#api-key').fill(API_KEY);
    await page.getByRole('button', { name: 'Use this key' }).click();
    await page.getByText('Page 1 of 1 · 0 tokens').waitFor();
    assert.equal(await page.evaluate(() => localStorage.length), 0, 'the key was stored without "remember"');

    // Two tokens, the short-lived one first.
    await page.getByLabel('Lifetime in seconds').fill('60');
    await page.getByRole('button', { name: 'Create token' }).click();
    await page.getByText('Page 1 of 1 · 1 token').waitFor();
    const short = await page.locator('#created-token').textContent();
    await page.getByLabel('Lifetime in seconds').fill('7200');
    await page.getByRole('button', { name: 'Create token' }).click();
    await page.getByText('Page 1 of 1 · 2 tokens').waitFor();
    const long = await page.locator('#created-token').textContent();
    assert.notEqual(short, long);
    assert.equal(await page.locator('#created-link').getAttribute('href'), `${server.url}/?token=${long}`);

    // Listed in creation order; by lifetime descending the longer one comes first; ascending, last.
    assert.deepEqual(await rows(page), [{ token: short, ttl: 60 }, { token: long, ttl: 7200 }]);
    await page.getByLabel('Sort by').selectOption('ttl');
    await page.getByLabel('Order').selectOption('desc');
    await page.waitForFunction((token) => document.querySelector('#tokens tbody tr')?.dataset.token === token, long);
    assert.deepEqual((await rows(page)).map((r) => r.ttl), [7200, 60]);
    await page.getByLabel('Order').selectOption('asc');
    await page.waitForFunction((token) => document.querySelector('#tokens tbody tr')?.dataset.token === token, short);
    assert.deepEqual((await rows(page)).map((r) => r.ttl), [60, 7200]);
    await screenshot(page, 'tokens-console.png');

    // Pages: 12 tokens at 10 a page.
    for (let i = 0; i < 10; i++) await server.createToken(100 + i);
    await page.getByLabel('Per page').selectOption('10');
    await page.getByText('Page 1 of 2 · 12 tokens').waitFor();
    assert.equal((await rows(page)).length, 10);
    assert.ok(await page.getByRole('button', { name: 'Previous page' }).isDisabled());
    await page.getByRole('button', { name: 'Next page' }).click();
    await page.getByText('Page 2 of 2 · 12 tokens').waitFor();
    assert.deepEqual((await rows(page)).map((r) => r.ttl), [109, 7200]); // ttl ascending: 60, 100…109, 7200
    assert.ok(await page.getByRole('button', { name: 'Next page' }).isDisabled());

    // Show one: its JSON from getToken.
    await page.getByRole('button', { name: `Show token ${long}` }).click();
    await page.locator('#details:not([hidden])').waitFor();
    const details = JSON.parse(await page.locator('#details-json').textContent());
    assert.equal(details.token, long);
    assert.equal(details.ttl, 7200);

    // Delete it: gone from the list and from the server.
    await page.getByRole('button', { name: `Delete token ${long}` }).click();
    await page.getByText('Page 2 of 2 · 11 tokens').waitFor();
    assert.deepEqual((await rows(page)).map((r) => r.ttl), [109]);
    const response = await fetch(`${server.url}/upload-tokens/${long}`, {
      headers: { authorization: `Basic ${Buffer.from(`${API_KEY}:`).toString('base64')}` },
    });
    assert.equal(response.status, 404);

    // "Remember" stores the key; unticking forgets it.
    await page.getByLabel(/Remember in this browser/).check();
    assert.equal(await page.evaluate(() => localStorage.getItem('video-uploader-wasm:api-key')), API_KEY);
    await page.reload();
    assert.equal(await page.locator('#api-key').inputValue(), API_KEY);
    await page.getByLabel(/Remember in this browser/).uncheck();
    assert.equal(await page.evaluate(() => localStorage.length), 0);
    assert.deepEqual(page.errors, []);
  } finally {
    await page.context().close();
  }
});
