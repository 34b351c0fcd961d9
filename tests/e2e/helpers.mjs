// Shared by the end-to-end tests: the real upload-server serving www/ and pkg/, headless
// Chromium through playwright-core, deterministic files and hashes.
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { pseudoRandomBytes, sha256 } from '../support/files.mjs';
import { startServer as startUploadServer } from '../support/server.mjs';

export { pseudoRandomBytes, sha256 };

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
export const screenshotDir = join(repoRoot, 'tests', 'e2e', 'screenshots');
export const MiB = 1024 * 1024;
export const API_KEY = 'e2e-api-key-0123456789abcdef';
// E2E_PKG_DIR serves another build of the package at /pkg (default: pkg/, built by run.sh).
export const pkgDir = process.env.E2E_PKG_DIR || join(repoRoot, 'pkg');

/** Fails early, with what to run, when the package has not been built. */
function assertPackageBuilt() {
  if (!existsSync(join(pkgDir, 'index.js'))) {
    throw new Error(`no package in ${pkgDir}: run tests/e2e/run.sh, or bash scripts/build-package.sh`);
  }
}

/**
 * Starts upload-server (tests/support/server.mjs) serving www/ at / and the package at /pkg
 * (or the `--static-dir` specs given), with the known API key API_KEY, plus two API-key calls
 * the tests use.
 */
export async function startServer(staticDirs = [join(repoRoot, 'www'), `/pkg=${pkgDir}`]) {
  if (staticDirs.includes(`/pkg=${pkgDir}`)) assertPackageBuilt();
  const server = await startUploadServer(
    staticDirs.flatMap((spec) => ['--static-dir', spec]),
    { apiKey: API_KEY },
  );
  const authorization = `Basic ${Buffer.from(`${API_KEY}:`).toString('base64')}`;
  return Object.assign(server, {
    /** POST /upload-tokens with the API key; returns the token object. */
    async createToken(ttl = 3600) {
      const response = await fetch(`${server.url}/upload-tokens`, {
        method: 'POST',
        headers: { authorization, 'content-type': 'application/json' },
        body: JSON.stringify({ ttl }),
      });
      if (!response.ok) throw new Error(`POST /upload-tokens: ${response.status} ${await response.text()}`);
      return response.json();
    },
    /** GET with the API key, as JSON. */
    async api(path) {
      const response = await fetch(`${server.url}${path}`, { headers: { authorization } });
      if (!response.ok) throw new Error(`GET ${path}: ${response.status} ${await response.text()}`);
      return response.json();
    },
    /** What the server received for `token`: `{ uploadRequests, receivedBytes }`. */
    stats(token) {
      return this.api(`/_local/stats?token=${token}`);
    },
  });
}

export async function launchBrowser(extraArgs = []) {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_BIN || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', ...extraArgs],
  });
}

/** A page in a light-scheme context that fails the test on uncaught page errors. */
export async function newPage(browser, { width = 900, height = 900, colorScheme = 'light' } = {}) {
  const context = await browser.newContext({ viewport: { width, height }, colorScheme });
  const page = await context.newPage();
  page.errors = [];
  page.on('pageerror', (error) => page.errors.push(error));
  page.on('console', (message) => {
    if (process.env.E2E_CONSOLE) console.error(`[page ${message.type()}] ${message.text()}`);
  });
  return page;
}

/**
 * Loads and starts /pkg/index.js (and the token entry, /pkg/tokens.js) in a page; throws with the browser's
 * message when it fails, so that the tests that need the package fail at once, and clearly.
 */
export async function assertPackageLoads(browser, serverUrl) {
  const page = await newPage(browser);
  try {
    await page.goto(`${serverUrl}/`);
    const result = await page.evaluate(async () => {
      try {
        const pkg = await import('/pkg/index.js');
        await pkg.default();
        const tokens = await import('/pkg/tokens.js');
        await tokens.default();
        const all = { ...pkg, UploadTokens: tokens.UploadTokens };
        return { ok: true, exports: ['VideoUploader', 'ProgressiveUploader', 'UploadTokens'].filter((n) => typeof all[n] === 'function') };
      } catch (error) {
        return { ok: false, message: String(error?.message ?? error) };
      }
    });
    if (!result.ok) throw new Error(`init() of /pkg/index.js or /pkg/tokens.js (${pkgDir}) failed in Chromium: ${result.message}`);
    return result.exports;
  } finally {
    await page.context().close();
  }
}

/** Limits the page's upload speed (bytes per second) through the DevTools protocol. */
export async function throttleUploads(page, bytesPerSecond) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: 0,
    downloadThroughput: -1,
    uploadThroughput: bytesPerSecond,
  });
  return cdp;
}

/** Writes deterministic bytes to a temporary file (setInputFiles with a path is instant; a
 * 30 MiB buffer takes ~15 s through the protocol) and returns { path, bytes, cleanup }. */
export async function testFile(name, size, seed) {
  const dir = await mkdtemp(join(tmpdir(), 'e2e-file-'));
  const path = join(dir, name);
  const bytes = pseudoRandomBytes(size, seed);
  await writeFile(path, bytes);
  return { path, bytes, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

export async function sha256OfUrl(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`GET ${url}: ${response.status} ${await response.text()}`);
  return sha256(Buffer.from(await response.arrayBuffer()));
}

export async function screenshot(page, name) {
  await mkdir(screenshotDir, { recursive: true });
  await page.screenshot({ path: join(screenshotDir, name), fullPage: true });
}

/**
 * Runs in the page: the widget's shadow-DOM rows as plain data, for assertions. Self-contained,
 * so that WebDriver tests (tests/webkit) run it too, as `return (${readWidgetItems})()`.
 */
export function readWidgetItems() {
  const widget = document.querySelector('video-upload-widget');
  return [...widget.shadowRoot.querySelectorAll('.item')].map((li) => ({
    state: li.dataset.state,
    name: li.querySelector('.name').textContent,
    value: li.querySelector('progress').value,
    percent: li.querySelector('.percent').textContent,
    error: li.querySelector('.error')?.textContent ?? null,
    buttons: [...li.querySelectorAll('button')].map((b) => b.textContent),
    player: li.querySelector('iframe')?.src ?? null,
    videoId: li.querySelector('.video-id')?.textContent ?? null,
  }));
}

/**
 * Waits until `count` uploads (at least) each have at least `chunks` chunks acknowledged and
 * remembered in the library's resume states (localStorage, JSON).
 */
export function waitForChunks(page, chunks, count = 1) {
  return page.waitForFunction(
    ([chunks, count]) =>
      Object.entries(localStorage).filter(([key, value]) => key.startsWith('video-uploader-wasm:resume:') && JSON.parse(value).done.length >= chunks).length >= count,
    [chunks, count],
    { timeout: 20_000 },
  );
}

/** The widget's shadow-DOM rows as plain data, for assertions. */
export async function widgetItems(page) {
  return page.evaluate(readWidgetItems);
}

/**
 * Runs in the page: records every event the widget sends, where a page would listen (they
 * bubble out of the shadow DOM), in window.events, and every value of the first bar in
 * window.barValues. Self-contained, like readWidgetItems.
 */
export function recordWidgetEvents() {
  window.events = [];
  for (const type of ['upload-progress', 'upload-complete', 'upload-error']) {
    document.addEventListener(type, (e) => window.events.push({ type, composed: e.composed, bubbles: e.bubbles, detail: JSON.parse(JSON.stringify(e.detail)) }));
  }
  window.barValues = [];
  const widget = document.querySelector('video-upload-widget');
  new MutationObserver(() => {
    const bar = widget.shadowRoot.querySelector('progress');
    if (bar) window.barValues.push(bar.value);
  }).observe(widget.shadowRoot, { subtree: true, attributes: true, childList: true, characterData: true });
}
