// What a page downloads from the package, measured in headless Chromium: every JavaScript and
// WebAssembly response a page receives from the package while it does its job (an upload, or
// token calls), each compressed with `gzip -9`, summed. (gzip itself, as the README's earlier
// figures and the official uploader's were measured: node's zlib at level 9 gives up to 2 %
// more on the wasm.) The size budget (scripts/check-size-budget.mjs) and the benchmark (bench/run.mjs) use it.
//
// The pages load the package the way the static-site consumer does (tests/consumers/static-site):
// its files as they ship, copied into vendor/video-uploader-wasm/ and imported from there with
// no build step. That is what a page downloads from a CDN, and the most a bundled app downloads:
// a bundler (Vite, webpack) only re-minifies and joins the same files, and the figure would then
// depend on its version. The VideoUploader and widget pages are the static site's own pages; the
// ProgressiveUploader and UploadTokens pages, which it does not have, are in tests/size/.
//
// Each page runs in a fresh browser context (nothing cached) against a real upload-server
// (started as the e2e tests start it, tests/e2e/helpers.mjs; UPLOAD_SERVER_BIN picks the build)
// and must succeed: a page that failed half-way would have downloaded less.
import { execFileSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { widgetOutcome } from '../tests/consumers/pages.mjs';
import { launchBrowser, newPage, repoRoot, startServer, testFile } from '../tests/e2e/helpers.mjs';

const STATIC_SITE = join(repoRoot, 'tests', 'consumers', 'static-site', 'site');
const SIZE_PAGES = join(repoRoot, 'tests', 'size');
/** Where the static site keeps the package, as its `vendor` script copies it. */
const PACKAGE_PATH = '/vendor/video-uploader-wasm/';
const FILE_BYTES = 6 * 1024 * 1024 + 12345; // two parts for ProgressiveUploader
const TIMEOUT_MS = 30_000;

/**
 * The pages measured: the path to open (with the credentials it needs), then what it does and
 * the text that says it succeeded.
 */
export const PAGES = {
  VideoUploader: {
    about: 'uploads a picked file with VideoUploader (tests/consumers/static-site/site/library.html)',
    url: ({ token }) => `/library.html?token=${token}`,
    run: (page, file) => pickAndWait(page, '#video', file, '#status', /^Uploaded: /),
  },
  widget: {
    about: 'uploads a picked file with <video-upload-widget> (tests/consumers/static-site/site/index.html)',
    url: ({ token }) => `/index.html?token=${token}`,
    async run(page, file) {
      await page.locator('video-upload-widget input[type="file"]').setInputFiles(file);
      const item = await widgetOutcome(page);
      if (item.state !== 'done') throw new Error(`the widget's upload ended as ${item.state}: ${item.error}`);
    },
  },
  ProgressiveUploader: {
    about: 'uploads a picked file part by part with ProgressiveUploader (tests/size/progressive.html)',
    url: ({ token }) => `/size/progressive.html?token=${token}`,
    run: (page, file) => pickAndWait(page, '#video', file, '#status', /^Uploaded: /),
  },
  UploadTokens: {
    about: 'creates and lists upload tokens with UploadTokens (tests/size/tokens.html)',
    url: ({ apiKey }) => `/size/tokens.html?apiKey=${apiKey}`,
    run: (page) => waitForStatus(page, '#status', /^Created: /),
  },
};

async function pickAndWait(page, input, file, status, success) {
  await page.locator(input).setInputFiles(file);
  await waitForStatus(page, status, success);
}

async function waitForStatus(page, status, success) {
  await page.waitForFunction((selector) => document.querySelector(selector)?.textContent !== '', status, { timeout: TIMEOUT_MS });
  const text = await page.locator(status).textContent();
  if (!success.test(text)) throw new Error(`the page says "${text}"`);
}

/** The length of `bytes` after `gzip -9` (-n: no name or time in the header, as for a stream). */
export const gzippedLength = (bytes) => execFileSync('gzip', ['-9n'], { input: bytes, maxBuffer: 1 << 30 }).length;

/**
 * Opens each page on a server that serves the package from `pkgDir` and returns, per page,
 * `{ bytes, files: { path: gzipped bytes } }`, where `bytes` is the sum.
 *
 * @param {string} pkgDir the package's files (pkg/: what its tarball holds)
 * @param {string[]} names which of PAGES to measure (default: all)
 */
export async function measurePageWeights(pkgDir, names = Object.keys(PAGES)) {
  const server = await startServer([STATIC_SITE, `/size=${SIZE_PAGES}`, `${PACKAGE_PATH.replace(/\/$/, '')}=${resolve(pkgDir)}`]);
  const browser = await launchBrowser();
  const file = await testFile('clip.mp4', FILE_BYTES, 3);
  try {
    const { token } = await server.createToken();
    const results = {};
    for (const name of names) {
      // A fresh context per page: nothing cached.
      const page = await newPage(browser);
      try {
        const downloads = [];
        page.on('response', (response) => {
          const { pathname } = new URL(response.url());
          if (pathname.startsWith(PACKAGE_PATH) && /\.(m?js|wasm)$/.test(pathname)) {
            downloads.push(response.body().then((body) => [pathname.slice(PACKAGE_PATH.length), gzippedLength(body)]));
          }
        });
        await page.goto(`${server.url}${PAGES[name].url({ token, apiKey: server.apiKey })}`);
        await PAGES[name].run(page, file.path).catch((error) => {
          const errors = page.errors.map((e) => e.message);
          throw new Error(`${name} page: ${error.message}${errors.length ? ` (page errors: ${errors.join('; ')})` : ''}`);
        });
        const files = Object.fromEntries((await Promise.all(downloads)).sort(([a], [b]) => a.localeCompare(b)));
        if (Object.keys(files).length === 0) throw new Error(`${name} page: downloaded nothing from ${PACKAGE_PATH}`);
        results[name] = { bytes: Object.values(files).reduce((sum, n) => sum + n, 0), files };
      } finally {
        await page.context().close();
      }
    }
    return results;
  } finally {
    await browser.close();
    await server.stop();
    await file.cleanup();
  }
}
