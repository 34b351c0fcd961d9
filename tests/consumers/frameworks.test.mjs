// Where most apps are built: the package's tarball imported in plain Node (where every
// server-side render imports it), a Node.js backend that mints upload tokens with
// video-uploader-wasm/tokens for its page, a Next.js app (App Router, rendered on the server),
// a Vue 3 app and a SvelteKit app (Svelte 5, adapter-node, rendered on the server). Each is
// installed and built the way users do it and driven in headless Chromium; every upload is
// checked byte for byte against the picked file.
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, test } from 'node:test';
import { API_KEY, newPage } from '../e2e/helpers.mjs';
import { assertSameBytes, assertUploaded, serve, setUp, shared, tearDown, uploadThroughPage, widgetOutcome } from './pages.mjs';
import { prepareApp, tarballPath } from './prepare.mjs';

let tarball;
before(async () => {
  tarball = await tarballPath();
  await setUp();
});
after(tearDown);

/** The node-backend app, installed and built once for the two groups that use it. */
let nodeBackendApp;
const nodeBackend = () => (nodeBackendApp ??= prepareApp('node-backend', tarball));

/** A TCP port nothing listens on now. */
async function freePort() {
  const server = createServer().listen(0, '127.0.0.1');
  await new Promise((listening) => server.once('listening', listening));
  const { port } = server.address();
  await new Promise((closed) => server.close(closed));
  return port;
}

/**
 * Runs `command` in `dir` until the test ends, and resolves with its URL once it answers HTTP
 * on `port`. Its output is kept for the failure messages.
 */
async function startApp(t, dir, command, args, port, env) {
  const child = spawn(command, args, { cwd: dir, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  t.after(async () => {
    child.kill();
    await exited;
  });
  const url = `http://127.0.0.1:${port}`;
  for (const started = Date.now(); Date.now() - started < 30_000; ) {
    if (child.exitCode !== null) break;
    // Any answer will do: a path no app has.
    if (await fetch(`${url}/not-a-page`).then(() => true, () => false)) return { url, output: () => output };
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${command} ${args.join(' ')} did not answer on ${url}:\n${output}`);
}

/** The console messages of a page: errors and warnings, and any that mentions hydration. */
function recordConsole(page) {
  const messages = [];
  page.on('console', (message) => {
    const text = message.text();
    // Chromium asks every site for /favicon.ico; these apps have none.
    if (message.location().url?.endsWith('/favicon.ico')) return;
    if (['error', 'warning'].includes(message.type()) || /hydrat/i.test(text)) messages.push(`${message.type()}: ${text}`);
  });
  return messages;
}

/** A new page at `url`, closed when the test ends, with its console recorded (`messages`). */
async function openPage(t, url) {
  const page = await newPage(shared.browser);
  t.after(() => page.context().close());
  const messages = recordConsole(page);
  await page.goto(url);
  return { page, messages };
}

/** The page's own upload-complete listener heard the upload: its `#widget-status` names the video. */
async function assertListenerHeard(page, item) {
  await page.waitForSelector('#widget-status');
  assert.equal(await page.locator('#widget-status').textContent(), `Uploaded: ${item.videoId}`);
}

/** Picks the file in the page's widget, waits for its row to end, checks the row and the bytes. */
async function uploadWithWidget(t, server, page) {
  await page.locator('video-upload-widget:not([hidden]) input[type="file"]').setInputFiles(shared.file.path);
  const item = await widgetOutcome(page);
  assert.equal(item.state, 'done', item.error ?? '');
  await assertSameBytes(t, server, item.videoId);
  return item;
}

describe('the tarball in plain Node, where server-side renders import it', () => {
  let dir;
  before(async () => {
    ({ dir } = await nodeBackend());
  });

  for (const [entry, names] of [
    ['video-uploader-wasm', ['VideoUploader', 'ProgressiveUploader', 'WasmLoadError', 'default', 'init', 'initProgressive']],
    ['video-uploader-wasm/tokens', ['UploadTokens', 'WasmLoadError', 'default', 'init']],
    ['video-uploader-wasm/widget', ['VideoUploadWidget']],
  ]) {
    test(`import("${entry}") does not throw where there is no DOM`, async (t) => {
      const script = `const m = await import(${JSON.stringify(entry)}); console.log(JSON.stringify(Object.keys(m).sort()));`;
      const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], { cwd: dir }).catch((error) => {
        // Node prints the line that threw, which is the whole minified file: its last lines say why.
        throw new Error(`node could not import ${entry}: ${error.stderr.trim().split('\n').slice(-4).join('\n')}`);
      });
      const exported = JSON.parse(stdout);
      t.diagnostic(`${entry}: ${exported.join(', ')}`);
      for (const name of names) assert.ok(exported.includes(name), `${entry} does not export ${name}`);
    });
  }

  test('the three wasm modules start in Node, read from the package\'s own files', async () => {
    const script = `
      const { default: init, initProgressive } = await import("video-uploader-wasm");
      const { default: initTokens } = await import("video-uploader-wasm/tokens");
      await Promise.all([init(), initProgressive(), initTokens()]);
      console.log("started");`;
    const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], { cwd: dir });
    assert.equal(stdout.trim(), 'started');
  });
});

describe("the README's Node.js backend (node:http), minting upload tokens for its page", () => {
  let dir;
  before(async () => {
    ({ dir } = await nodeBackend());
  });

  test('mints a token with a TTL for the signed-in user only, and the page uploads with it byte for byte', async (t) => {
    const { server } = await serve(t, []);
    const port = await freePort();
    const backend = await startApp(t, dir, process.execPath, ['server.mjs'], port, {
      PORT: String(port),
      API_VIDEO_KEY: API_KEY,
      API_VIDEO_HOST: server.url,
    });

    const anonymous = await fetch(`${backend.url}/upload-token`);
    assert.equal(anonymous.status, 401, 'no token without a session');

    const page = await newPage(shared.browser);
    t.after(() => page.context().close());
    await page.context().addCookies([{ name: 'session', value: 'ada', url: backend.url }]);
    const minted = page.waitForResponse(`${backend.url}/upload-token`);
    await page.goto(`${backend.url}/?api=${encodeURIComponent(server.url)}`);
    const response = await minted;
    assert.equal(response.status(), 200, backend.output());
    const { token } = await response.json();
    await page.waitForSelector('video-upload-widget[upload-token]', { state: 'attached' });
    const stored = await server.api(`/upload-tokens/${token}`);
    assert.equal(stored.ttl, 3600);
    t.diagnostic(`minted ${token} (ttl ${stored.ttl} s) through video-uploader-wasm/tokens in Node`);

    const item = await uploadWithWidget(t, server, page);
    assert.ok(item.videoId);
    assert.equal(await page.locator('video-upload-widget').getAttribute('upload-token'), token);
    assert.deepEqual(page.errors, []);
  });
});

describe('a Next.js app (App Router, TypeScript): server-rendered, its token minted on its server', () => {
  let dir;
  let buildOutput;
  before(async () => {
    // `next build`: Turbopack, and TypeScript checking the app, the widget's JSX types included.
    process.env.NEXT_TELEMETRY_DISABLED = '1';
    ({ dir, buildOutput } = await prepareApp('next-app', tarball));
  });

  async function startNext(t) {
    const { server } = await serve(t, []);
    const port = await freePort();
    const next = await startApp(t, dir, join(dir, 'node_modules', '.bin', 'next'), ['start', '-p', String(port), '-H', '127.0.0.1'], port, {
      API_VIDEO_KEY: API_KEY,
      API_VIDEO_HOST: server.url,
    });
    return { server, next };
  }

  test('builds (type-checked) with the wasm of the page\'s uploaders as assets', async () => {
    assert.match(buildOutput, /Running TypeScript/);
    const media = (await readdir(join(dir, '.next', 'static', 'media'))).filter((name) => name.endsWith('.wasm'));
    assert.deepEqual(media.map((name) => name.replace(/\.[\w-]+\.wasm$/, '')).sort(), ['video_uploader_wasm_bg', 'video_uploader_wasm_progressive_bg']);
  });

  test('the page is rendered on the server with a token minted there, and hydrates without a warning', async (t) => {
    const { server, next } = await startNext(t);
    const html = await (await fetch(`${next.url}/`)).text();
    const token = /<video-upload-widget upload-token="([^"]+)"/.exec(html)?.[1];
    assert.ok(token, `no server-rendered <video-upload-widget upload-token="…"> in:\n${html}\n${next.output()}`);
    assert.equal((await server.api(`/upload-tokens/${token}`)).ttl, 3600);

    const { page, messages } = await openPage(t, `${next.url}/`);
    await page.waitForSelector('body[data-hydrated]');
    assert.ok(await page.evaluate(() => !!customElements.get('video-upload-widget')), 'the widget is defined in the browser');
    assert.deepEqual(messages, []);
    assert.deepEqual(page.errors, []);
  });

  test('the widget (imported at the top of a client component) uploads byte for byte; its ref listener hears upload-complete', async (t) => {
    const { server, next } = await startNext(t);
    const { page, messages } = await openPage(t, `${next.url}/`);
    await page.waitForSelector('body[data-hydrated]');
    await assertListenerHeard(page, await uploadWithWidget(t, server, page));
    assert.deepEqual(messages, []);
    assert.deepEqual(page.errors, []);
  });

  test('VideoUploader in a client component uploads byte for byte, with its <progress>', async (t) => {
    const { server, next } = await startNext(t);
    const upload = await uploadThroughPage(t, `${next.url}/`);
    await assertUploaded(server, upload);
    assert.equal(await upload.page.locator('#bar').evaluate((bar) => bar.value), 1);
  });

  test('React 19 attaches an on… prop of the element only once it re-renders it, not when it hydrates it (the README says so)', async (t) => {
    const { next } = await startNext(t);
    const { page } = await openPage(t, `${next.url}/`);
    await page.waitForSelector('body[data-hydrated]');
    const fire = () => page.evaluate(() => document.querySelector('#probe').dispatchEvent(new CustomEvent('upload-complete')));
    await fire();
    assert.equal(await page.evaluate(() => window.probeEvents), undefined, 'React now attaches it on hydration: the README and the JSX types can say so');
    await page.evaluate(() => document.querySelector('#probe-rerender').click());
    await page.waitForSelector('#probe[data-renders="2"]', { state: 'attached' });
    await fire();
    assert.deepEqual(await page.evaluate(() => window.probeEvents), ['render 2']);
  });
});

describe('a Vue 3 + Vite app in TypeScript (vue-tsc)', () => {
  let dir;
  before(async () => {
    // `npm run build` is `vue-tsc --noEmit && vite build`, with strictTemplates: the element's
    // attributes and events are checked in the template.
    ({ dir } = await prepareApp('vue-app', tarball));
  });

  test('the widget in a template uploads byte for byte, and @upload-complete hears it', async (t) => {
    assert.ok(existsSync(join(dir, 'dist', 'index.html')));
    const { server, token } = await serve(t, [join(dir, 'dist')]);
    const { page, messages } = await openPage(t, `${server.url}/?token=${token}`);
    await assertListenerHeard(page, await uploadWithWidget(t, server, page));
    assert.deepEqual(messages, []);
    assert.deepEqual(page.errors, []);
  });

  test('VideoUploader in a composable uploads byte for byte, with its <progress>', async (t) => {
    const { server, token } = await serve(t, [join(dir, 'dist')]);
    const upload = await uploadThroughPage(t, `${server.url}/?token=${token}`);
    await assertUploaded(server, upload);
    assert.equal(await upload.page.locator('#bar').evaluate((bar) => bar.value), 1);
  });
});

describe('a SvelteKit app (Svelte 5, TypeScript, adapter-node): server-rendered, its token minted on its server', () => {
  let dir;
  let buildOutput;
  before(async () => {
    // `npm run build` is `svelte-kit sync && svelte-check --fail-on-warnings && vite build`: the
    // widget's attributes and events checked in the template, then a Node.js server in build/.
    ({ dir, buildOutput } = await prepareApp('sveltekit-app', tarball));
  });

  /** The built app (`node build`), minting its tokens on the upload-server it is given. */
  async function startSvelteKit(t) {
    const { server } = await serve(t, []);
    const port = await freePort();
    const app = await startApp(t, dir, process.execPath, ['build'], port, {
      PORT: String(port),
      HOST: '127.0.0.1',
      API_VIDEO_KEY: API_KEY,
      API_VIDEO_HOST: server.url,
    });
    return { server, app };
  }

  test('svelte-check passes on the app; the page\'s uploaders\' wasm are client assets, the server imports the package from node_modules', async () => {
    assert.match(buildOutput, /svelte-check found 0 errors and 0 warnings/);
    const assets = await readdir(join(dir, 'build', 'client', '_app', 'immutable', 'assets'));
    const wasm = assets.filter((name) => name.endsWith('.wasm'));
    assert.deepEqual(wasm.map((name) => name.replace(/\.[\w-]+\.wasm$/, '')).sort(), ['video_uploader_wasm_bg', 'video_uploader_wasm_progressive_bg']);
    // A dependency (not a devDependency), so adapter-node leaves it out of build/: bundled there,
    // the package would look for its wasm beside the bundle, where it is not.
    const serverFiles = await readdir(join(dir, 'build', 'server'), { recursive: true });
    const load = serverFiles.find((name) => /_page\.server\.ts\.js-[\w-]+\.js$/.test(name));
    assert.match(await readFile(join(dir, 'build', 'server', load), 'utf8'), /from 'video-uploader-wasm\/tokens'/);
    assert.deepEqual(serverFiles.filter((name) => name.endsWith('.wasm')), []);
  });

  test('svelte-check fails on a wrong attribute and on a wrong field of an event\'s detail, and only there (type-errors/)', async () => {
    const fixture = 'type-errors/WrongWidget.svelte';
    const expected = new Map();
    (await readFile(join(dir, fixture), 'utf8')).split('\n').forEach((line, index) => {
      const text = /<!-- expect: (.*?) -->/.exec(line)?.[1];
      if (text) expected.set(index + 1, text);
    });
    assert.equal(expected.size, 7, `the expect: markers of ${fixture}`);
    const check = promisify(execFile)(join(dir, 'node_modules', '.bin', 'svelte-check'), ['--tsconfig', './type-errors/tsconfig.json', '--output', 'machine'], { cwd: dir });
    const { code, stdout } = await check.then(() => ({ code: 0, stdout: '' }), (error) => error);
    assert.equal(code, 1, `svelte-check passed on ${fixture}`);
    // `<time> ERROR "<file>" <line>:<column> "<message>"`
    const errors = [...stdout.matchAll(/^\d+ ERROR "([^"]+)" (\d+):\d+ (".*")$/gm)].map(([, file, line, message]) => ({ file, line: Number(line), message: JSON.parse(message) }));
    assert.deepEqual(errors.map((e) => `${e.file}:${e.line}`), [...expected.keys()].map((line) => `${fixture}:${line}`), stdout);
    for (const { line, message } of errors) assert.ok(message.includes(expected.get(line)), `line ${line}: ${message}`);
  });

  test('the page is rendered on the server with a token minted there, and hydrates without a warning', async (t) => {
    const { server, app } = await startSvelteKit(t);
    const html = await (await fetch(`${app.url}/`)).text();
    const [, token, apiHost] = /<video-upload-widget upload-token="([^"]+)" api-host="([^"]+)"><\/video-upload-widget>/.exec(html) ?? [];
    assert.ok(token, `no server-rendered <video-upload-widget upload-token="…"> in:\n${html}\n${app.output()}`);
    assert.equal(apiHost, server.url);
    assert.equal((await server.api(`/upload-tokens/${token}`)).ttl, 3600);

    const { page, messages } = await openPage(t, `${app.url}/`);
    await page.waitForSelector('body[data-hydrated]');
    assert.ok(await page.evaluate(() => !!customElements.get('video-upload-widget')), 'the widget is defined in the browser');
    assert.deepEqual(messages, []);
    assert.deepEqual(page.errors, []);
  });

  test('the widget in the template uploads byte for byte; its onupload-complete, attached as Svelte hydrated the server\'s HTML, hears it', async (t) => {
    const { server, app } = await startSvelteKit(t);
    const { page, messages } = await openPage(t, `${app.url}/`);
    await page.waitForSelector('body[data-hydrated]');
    await assertListenerHeard(page, await uploadWithWidget(t, server, page));
    assert.deepEqual(messages, []);
    assert.deepEqual(page.errors, []);
  });

  test('VideoUploader in a component uploads byte for byte, with its <progress>', async (t) => {
    const { server, app } = await startSvelteKit(t);
    const upload = await uploadThroughPage(t, `${app.url}/`);
    await assertUploaded(server, upload);
    assert.equal(await upload.page.locator('#bar').evaluate((bar) => bar.value), 1);
  });
});
