// The package as users get it: its tarball (from `npm run package`) installed into three
// apps built the way users build them — Vite + TypeScript, webpack 5, and a static site with
// no build step — each served as built by upload-server and driven in headless Chromium. A
// picked file must upload, and the assembled video must be byte for byte the file. The
// frameworks that render on a server (Next.js), Vue, and a Node.js backend: frameworks.test.mjs.
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startServer, widgetItems } from '../e2e/helpers.mjs';
import {
  assertOnlyWhatPagesLoad,
  assertSameBytes,
  assertUploaded,
  assertWidgetUploaded,
  recordUploadErrors,
  serve,
  setUp,
  shared,
  tearDown,
  uploadThroughPage,
  uploadThroughWidget,
} from './pages.mjs';
import { prepareApp, readmeSnippet, repoRoot, tarballPath } from './prepare.mjs';

const CSP_WORDS = /Content-Security-Policy.*'wasm-unsafe-eval'/s;

let tarball;
before(async () => {
  tarball = await tarballPath();
  await setUp();
});
after(tearDown);

test('the tarball holds what a browser loads, its types, README and LICENSE: nothing else', () => {
  const listing = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).trim().split('\n').sort();
  assert.deepEqual(listing, [
    'package/LICENSE',
    'package/README.md',
    'package/index.d.ts',
    'package/index.js',
    'package/loader.js',
    'package/package.json',
    'package/tokens.d.ts',
    'package/tokens.js',
    'package/video_uploader_wasm.d.ts',
    'package/video_uploader_wasm.js',
    'package/video_uploader_wasm_bg.wasm',
    'package/video_uploader_wasm_progressive.d.ts',
    'package/video_uploader_wasm_progressive.js',
    'package/video_uploader_wasm_progressive_bg.wasm',
    'package/video_uploader_wasm_tokens.d.ts',
    'package/video_uploader_wasm_tokens.js',
    'package/video_uploader_wasm_tokens_bg.wasm',
    'package/widget.d.ts',
    'package/widget.js',
    'package/widget/attributes.js',
    'package/widget/element.js',
    'package/widget/entry.js',
    'package/widget/format.js',
    'package/widget/interrupted.js',
    'package/widget/library.js',
    'package/widget/store.js',
    'package/widget/strings/en.js',
    'package/widget/strings/fr.js',
    'package/widget/styles.js',
    'package/widget/words.js',
  ]);
  const manifest = JSON.parse(execFileSync('tar', ['-xzOf', tarball, 'package/package.json'], { encoding: 'utf8' }));
  assert.deepEqual(Object.keys(manifest.exports), [
    '.',
    './widget',
    './tokens',
    './video_uploader_wasm_bg.wasm',
    './video_uploader_wasm_progressive_bg.wasm',
    './video_uploader_wasm_tokens_bg.wasm',
    './package.json',
  ]);
  assert.deepEqual(manifest.sideEffects, ['./widget.js']);
  assert.equal(manifest.type, 'module');
});

test('the README shows the consumers\' code as they run it', async () => {
  const readme = await readFile(join(repoRoot, 'README.md'), 'utf8');
  for (const [fileName, name] of [
    ['vite-app/src/main.ts', 'vite'],
    ['webpack-app/src/index.js', 'webpack'],
    ['static-site/site/index.html', 'static-site'],
    ['static-site/site/library.html', 'plain-page'],
    ['next-app/next.config.ts', 'next-config'],
    ['next-app/app/page.tsx', 'next-page'],
    ['next-app/app/upload-widget.tsx', 'next-widget'],
    ['next-app/app/file-upload.tsx', 'next-uploader'],
    ['vue-app/vite.config.ts', 'vue-config'],
    ['vue-app/src/App.vue', 'vue-app'],
    ['vue-app/src/useVideoUpload.ts', 'vue-composable'],
    ['sveltekit-app/src/routes/+page.server.ts', 'sveltekit-load'],
    ['sveltekit-app/src/routes/+page.svelte', 'sveltekit-page'],
    ['sveltekit-app/src/lib/FileUpload.svelte', 'sveltekit-uploader'],
    ['node-backend/server.mjs', 'backend'],
    ['node-backend/page/index.html', 'backend-page'],
  ]) {
    const snippet = await readmeSnippet(fileName, name);
    assert.ok(readme.includes(snippet), `README.md lacks the code of tests/consumers/${fileName} (${name}), verbatim:\n${snippet}`);
  }
});

describe('a Vite app in TypeScript', () => {
  let dir;
  before(async () => {
    // `npm run build` is `tsc --noEmit && vite build`: the package's types check in strict mode.
    ({ dir } = await prepareApp('vite-app', tarball));
  });

  test('builds with the wasm as an asset, and uploads a file byte for byte', async (t) => {
    await assertOnlyWhatPagesLoad(join(dir, 'dist'));
    const { server, token } = await serve(t, [join(dir, 'dist')]);
    const upload = await uploadThroughPage(t, `${server.url}/?token=${token}`);
    await assertUploaded(server, upload);
    assert.equal(await upload.page.locator('#bar').evaluate((bar) => bar.value), 1);
  });

  test('in Vite\'s dev server too (vite, no configuration for the package), a file uploads byte for byte', async (t) => {
    const { server, token } = await serve(t, []);
    const vite = spawn(join(dir, 'node_modules', '.bin', 'vite'), ['--port', '0', '--host', '127.0.0.1'], {
      cwd: dir,
      // Without colours: with CI set, Vite colours its output even into a pipe.
      env: { ...process.env, UPLOAD_SERVER_URL: server.url, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    t.after(() => vite.kill());
    const url = await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('vite printed no Local: URL within 30 s')), 30_000);
      createInterface({ input: vite.stdout }).on('line', (line) => {
        const local = /Local:\s+(http\S+)/.exec(line.replace(/\x1b\[[0-9;]*m/g, ''));
        if (local) {
          clearTimeout(timer);
          resolve(local[1]);
        }
      });
      vite.once('exit', (code) => reject(new Error(`vite exited (${code})`)));
    });
    await assertUploaded(server, await uploadThroughPage(t, `${url}?token=${token}`));
    await assertUploaded(server, await uploadThroughPage(t, `${url}progressive.html?token=${token}`));
  });

  test('ProgressiveUploader, whose module is a chunk of its own, uploads a file part by part', async (t) => {
    const { server, token } = await serve(t, [join(dir, 'dist')]);
    const upload = await uploadThroughPage(t, `${server.url}/progressive.html?token=${token}`);
    await assertUploaded(server, upload);
    const wasm = upload.page.requested.filter((url) => url.endsWith('.wasm'));
    assert.equal(wasm.length, 1, `one wasm downloaded: ${wasm}`);
    assert.match(wasm[0], /progressive/);
  });

  test('the README snippet shows every error in its words: no token (picked twice), a token the server does not know', async (t) => {
    const { server } = await serve(t, [join(dir, 'dist')]);
    const { page, status } = await uploadThroughPage(t, `${server.url}/`);
    // The snippet passes `?token=` or "": the library says what is wrong and what to pass.
    const noToken = /^Failed: 'uploadToken' is empty: pass a delegated upload token, created with POST \/upload-tokens\.$/;
    assert.match(status, noToken);
    // A second pick in the same page: the uploader is made again, and its mistake shown again.
    await page.locator('#status').evaluate((output) => (output.textContent = ''));
    await page.locator('#video').setInputFiles([]);
    await page.locator('#video').setInputFiles(shared.file.path);
    await page.waitForFunction(() => /^Failed/.test(document.querySelector('#status').textContent), null, { timeout: 30_000 });
    assert.match(await page.locator('#status').textContent(), noToken);
    const unknown = await uploadThroughPage(t, `${server.url}/?token=to1tcmSFHeYY5KzyhOqVKMKb`);
    assert.match(unknown.status, /^Failed: \S/);
    assert.doesNotMatch(unknown.status, /undefined|\[object Object\]/);
    assert.deepEqual([...page.errors, ...unknown.page.errors], [], 'nothing thrown uncaught');
  });

  test('under a CSP without \'wasm-unsafe-eval\', upload() rejects with the cause and the fix', async (t) => {
    const { server, token } = await serve(t, [join(dir, 'dist')]);
    const { page, status } = await uploadThroughPage(t, `${server.url}/csp.html?token=${token}`);
    assert.match(status, /^Failed: video-uploader-wasm could not start: this page's Content-Security-Policy does not allow WebAssembly\./);
    assert.match(status, CSP_WORDS);
    assert.deepEqual(page.errors, [], 'nothing thrown uncaught');
  });
});

describe('a webpack 5 app using the widget entry point', () => {
  let dir;
  before(async () => {
    ({ dir } = await prepareApp('webpack-app', tarball));
  });

  test('builds with the wasm as an asset, and the widget uploads a file byte for byte', async (t) => {
    await assertOnlyWhatPagesLoad(join(dir, 'dist'));
    const { server, token } = await serve(t, [join(dir, 'dist')]);
    await assertWidgetUploaded(server, await uploadThroughWidget(t, `${server.url}/?token=${token}`));
  });
});

describe('a static site with the package copied into a sub-folder', () => {
  let site;
  let installed;
  before(async () => {
    const { dir } = await prepareApp('static-site', tarball, 'vendor');
    site = join(dir, 'site');
    installed = join(dir, 'node_modules', 'video-uploader-wasm');
    assert.ok(existsSync(join(site, 'vendor', 'video-uploader-wasm', 'widget.js')));
  });

  test('the widget from vendor/video-uploader-wasm/ uploads a file byte for byte', async (t) => {
    const { server, token } = await serve(t, [site]);
    await assertWidgetUploaded(server, await uploadThroughWidget(t, `${server.url}/?token=${token}`));
  });

  test('a plain page imports the library from the sub-folder and uploads byte for byte', async (t) => {
    const { server, token } = await serve(t, [site]);
    await assertUploaded(server, await uploadThroughPage(t, `${server.url}/library.html?token=${token}`));
  });

  test('the widget from a CDN-style path on another origin uploads byte for byte', async (t) => {
    const { server, token } = await serve(t, [site]);
    const version = JSON.parse(await readFile(join(installed, 'package.json'), 'utf8')).version;
    const cdn = await startServer([`/npm/video-uploader-wasm@${version}=${installed}`]);
    t.after(() => cdn.stop());
    const from = `${cdn.url}/npm/video-uploader-wasm@${version}`;
    await assertWidgetUploaded(server, await uploadThroughWidget(t, `${server.url}/cdn.html?token=${token}&cdn=${encodeURIComponent(from)}`));
  });

  test('under a CSP without \'wasm-unsafe-eval\', the widget says so in plain words and fires upload-error', async (t) => {
    const { server, token } = await serve(t, [site]);
    const { page, item } = await uploadThroughWidget(t, `${server.url}/csp.html?token=${token}`, recordUploadErrors);
    assert.equal(item.state, 'error');
    assert.match(item.error, /^Uploads cannot start on this page: its security policy blocks WebAssembly/);
    assert.match(item.error, /'wasm-unsafe-eval'/);
    assert.deepEqual(await page.evaluate(() => window.uploadErrors), [{ message: item.error, reason: 'WASM_BLOCKED_BY_CSP' }]);
    assert.deepEqual(page.errors, [], 'nothing thrown uncaught');
  });

  for (const [why, reason, routeWasm, words] of [
    ['a wasm that answers 404', 'WASM_NOT_FOUND', (route) => route.fulfill({ status: 404, body: 'not found' }), /a file of the uploader is missing or damaged/],
    ['a wasm path that serves an HTML page', 'WASM_INVALID', (route) => route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><p>index</p>' }), /a file of the uploader is missing or damaged/],
    ['being offline', 'WASM_UNREACHABLE', (route) => route.abort('internetdisconnected'), /could not be downloaded\. Check your connection/],
  ]) {
    test(`${why}: the widget says what happened, fires upload-error, and Retry works once it is fixed`, async (t) => {
      const { server, token } = await serve(t, [site]);
      const { page, item } = await uploadThroughWidget(t, `${server.url}/?token=${token}`, async (page) => {
        await recordUploadErrors(page);
        await page.route('**/video_uploader_wasm_bg.wasm', routeWasm);
      });
      assert.equal(item.state, 'error');
      assert.match(item.error, words);
      assert.deepEqual(await page.evaluate(() => window.uploadErrors), [{ message: item.error, reason }]);
      // The library's own message names the cause and the fix.
      const message = await page.evaluate(async () => {
        const { init } = await import('./vendor/video-uploader-wasm/index.js');
        return init().then(() => 'started', (error) => error.message);
      });
      assert.match(message, /^video-uploader-wasm could not start: /);
      assert.match(message, reason === 'WASM_UNREACHABLE' ? /online/ : /video_uploader_wasm_bg\.wasm/);
      assert.deepEqual(page.errors, [], 'nothing thrown uncaught');

      // Fixed (the file is back): Retry starts the module and uploads.
      await page.unroute('**/video_uploader_wasm_bg.wasm');
      await page.locator('video-upload-widget').getByRole('button', { name: 'Retry clip.mp4' }).click();
      await page.waitForFunction(() => document.querySelector('video-upload-widget').shadowRoot.querySelector('.item[data-state="done"]'), null, { timeout: 30_000 });
      const [done] = await widgetItems(page);
      await assertSameBytes(t, server, done.videoId);
    });
  }
});
