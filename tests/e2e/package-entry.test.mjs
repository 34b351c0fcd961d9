// The package's main entry point (pkg/index.js) starts the WebAssembly modules by itself (one
// for VideoUploader, one for ProgressiveUploader, each downloaded only when used):
// init() is optional and harmless to repeat, and what is asked of an uploader before the
// module is ready (listeners, pause, cancel, parts) waits and keeps its order.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { MiB, assertPackageLoads, launchBrowser, newPage, sha256OfUrl, startServer } from './helpers.mjs';

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

/** A page of the demo site that has not started the module (the upload page without a token). */
async function freshPage(t) {
  const page = await newPage(browser);
  t.after(() => page.context().close());
  page.wasmRequests = 0;
  page.packageFiles = []; // the package's files the page asked for, by name
  page.on('request', (request) => {
    if (request.url().endsWith('.wasm')) page.wasmRequests++;
    const path = new URL(request.url()).pathname;
    // (widget.js and its modules in widget/: the demo page's own)
    if (path.startsWith('/pkg/') && path !== '/pkg/widget.js' && !path.startsWith('/pkg/widget/')) page.packageFiles.push(path.slice('/pkg/'.length));
  });
  await page.goto(`${server.url}/`);
  return page;
}

test('without init(): upload() starts the module once, however many ask at once, and uploads', async (t) => {
  const page = await freshPage(t);
  const { token } = await server.createToken();
  const result = await page.evaluate(
    async ({ token, size }) => {
      const { default: init, VideoUploader } = await import('/pkg/index.js');
      const bytes = new Uint8Array(size).map((_, i) => (i * 31 + (i >> 9)) & 255);
      const file = new File([bytes], 'clip.mp4', { type: 'video/mp4' });
      const uploader = new VideoUploader({ file, uploadToken: token, apiHost: location.origin, chunkSize: 5 * 1024 * 1024 });
      const events = [];
      uploader.onProgress((e) => events.push(e.uploadedBytes)); // registered before the module started
      const [video] = await Promise.all([uploader.upload(), init(), init(), new VideoUploader({ file, uploadToken: token }).free()]);
      await init(); // once more, after the start: harmless
      const digest = await crypto.subtle.digest('SHA-256', bytes);
      return {
        videoId: video.videoId,
        mp4: video.assets.mp4,
        lastProgress: events.at(-1),
        sha256: [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join(''),
      };
    },
    { token, size: 11 * MiB + 7 },
  );
  assert.equal(result.lastProgress, 11 * MiB + 7);
  assert.equal(await sha256OfUrl(result.mp4), result.sha256);
  assert.equal(page.wasmRequests, 1);
  // ProgressiveUploader's module (its glue and its wasm) is not downloaded for a VideoUploader.
  assert.deepEqual(page.packageFiles.sort(), ['index.js', 'loader.js', 'video_uploader_wasm.js', 'video_uploader_wasm_bg.wasm']);
  assert.deepEqual(page.errors, []);
});

test('a mistake in the options: upload() rejects with the same Error before and after init(); the constructor never throws', async (t) => {
  const page = await freshPage(t);
  const outcome = await page.evaluate(async () => {
    const { init, VideoUploader } = await import('/pkg/index.js');
    const options = { file: new File(['x'], 'clip.mp4'), uploadToken: 'to1tcmSFHeYY5KzyhOqVKMKb', chunkSize: 1024 };
    const seen = (error) => ({ isError: error instanceof Error, message: error.message, reason: error.reason, title: error.title, name: error.name, retryable: error.retryable });
    const rejection = async () => {
      let uploader;
      try {
        uploader = new VideoUploader(options);
      } catch (error) {
        return { thrown: error.message };
      }
      uploader.onProgress(() => {}); // a method that needs no answer: ignored, not thrown
      return uploader.upload().then(() => 'resolved', seen);
    };
    const before = await rejection();
    await init();
    const after = await rejection();
    return { before, after };
  });
  assert.equal(outcome.before.isError, true);
  assert.match(outcome.before.message, /chunkSize/);
  assert.deepEqual(
    { ...outcome.before, message: undefined, title: undefined },
    { isError: true, message: undefined, reason: 'INVALID_OPTION', title: undefined, name: 'chunkSize', retryable: false },
  );
  assert.equal(outcome.before.title, outcome.before.message);
  assert.deepEqual(outcome.after, outcome.before);
});

test('cancel() before the module started: upload() rejects with ABORTED and sends nothing', async (t) => {
  const page = await freshPage(t);
  const { token } = await server.createToken();
  const reason = await page.evaluate(async (token) => {
    const { VideoUploader } = await import('/pkg/index.js');
    const uploader = new VideoUploader({ file: new File([new Uint8Array(1024)], 'clip.mp4'), uploadToken: token, apiHost: location.origin });
    uploader.cancel();
    return uploader.upload().then(() => 'resolved', (error) => error.reason);
  }, token);
  assert.equal(reason, 'ABORTED');
  assert.equal((await server.stats(token)).uploadRequests, 0);
});

test('pause() before the module started holds the upload until resume()', async (t) => {
  const page = await freshPage(t);
  const { token } = await server.createToken();
  await page.evaluate(async (token) => {
    const { VideoUploader } = await import('/pkg/index.js');
    window.uploader = new VideoUploader({ file: new File([new Uint8Array(12 * 1024 * 1024)], 'clip.mp4'), uploadToken: token, apiHost: location.origin, chunkSize: 5 * 1024 * 1024 });
    window.uploader.pause();
    window.done = window.uploader.upload();
  }, token);
  await page.waitForTimeout(1000);
  // Paused before the first chunk: nothing sent.
  assert.equal((await server.stats(token)).uploadRequests, 0);
  const videoId = await page.evaluate(async () => {
    window.uploader.resume();
    return (await window.done).videoId;
  });
  assert.match(videoId, /^vi/);
  assert.equal((await server.stats(token)).uploadRequests, 3);
});

test('ProgressiveUploader without init(): parts sent in the order of the calls', async (t) => {
  const page = await freshPage(t);
  const { token } = await server.createToken();
  const result = await page.evaluate(async (token) => {
    const { ProgressiveUploader } = await import('/pkg/index.js');
    const part = (size, value) => new Blob([new Uint8Array(size).fill(value)]);
    const parts = [part(5 * 1024 * 1024, 1), part(5 * 1024 * 1024, 2), part(1000, 3)];
    const uploader = new ProgressiveUploader({ uploadToken: token, apiHost: location.origin });
    const sent = [uploader.uploadPart(parts[0]), uploader.uploadPart(parts[1])];
    const video = await uploader.uploadLastPart(parts[2]);
    await Promise.all(sent);
    const digest = await crypto.subtle.digest('SHA-256', await new Blob(parts).arrayBuffer());
    return { mp4: video.assets.mp4, sha256: [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('') };
  }, token);
  assert.equal(await sha256OfUrl(result.mp4), result.sha256);
  // Its own module, imported on first use; VideoUploader's wasm is not downloaded.
  assert.deepEqual(page.packageFiles.sort(), [
    'index.js',
    'loader.js',
    'video_uploader_wasm.js',
    'video_uploader_wasm_progressive.js',
    'video_uploader_wasm_progressive_bg.wasm',
  ]);
  assert.deepEqual(page.errors, []);
});

test('initProgressive(): a mistake in ProgressiveUploader\'s options rejects the first part the same before and after it', async (t) => {
  const page = await freshPage(t);
  const outcome = await page.evaluate(async () => {
    const { initProgressive, ProgressiveUploader } = await import('/pkg/index.js');
    const options = { uploadToken: 'to1tcmSFHeYY5KzyhOqVKMKb', apiHost: 'ftp://example.com' };
    const rejection = () =>
      new ProgressiveUploader(options).uploadLastPart(new Blob(['x'])).then(() => 'resolved', (error) => `${error.name} ${error.reason}: ${error.message}`);
    const before = await rejection();
    await Promise.all([initProgressive(), initProgressive()]);
    const after = await rejection();
    return { before, after };
  });
  assert.match(outcome.before, /^apiHost INVALID_OPTION: .*apiHost/);
  assert.equal(outcome.after, outcome.before);
  assert.equal(page.packageFiles.filter((f) => f === 'video_uploader_wasm_progressive_bg.wasm').length, 1);
});

test('resumeKey() and forgetUpload() without init(): the key a resumable upload is remembered under, for a File or its description; forgetting it', async (t) => {
  const page = await freshPage(t);
  const { token } = await server.createToken();
  const result = await page.evaluate(async (token) => {
    const { resumeKey, forgetUpload, VideoUploader } = await import('/pkg/index.js');
    const file = new File([new Uint8Array(12 * 1024 * 1024)], 'clip.mp4', { lastModified: 1700000000000 });
    const key = await resumeKey({ file, uploadToken: token }); // starts the module itself
    const keys = {
      described: await resumeKey({ file: { name: 'clip.mp4', size: file.size, lastModified: 1700000000000 }, uploadToken: token }),
      otherToken: await resumeKey({ file, uploadToken: `${token}x` }),
      otherDate: await resumeKey({ file: new File([file], 'clip.mp4', { lastModified: 1700000000001 }), uploadToken: token }),
      blob: await resumeKey({ file: new Blob(['x']), uploadToken: token }),
    };
    // A resumable upload, cancelled once its first chunk is acknowledged: remembered under that key.
    const uploader = new VideoUploader({ file, uploadToken: token, apiHost: location.origin, chunkSize: 5 * 1024 * 1024, parallelChunks: 1, resume: true });
    const done = uploader.upload().catch((error) => error.reason);
    while (localStorage.getItem(key) === null) await new Promise((resolve) => setTimeout(resolve, 20));
    uploader.cancel();
    const reason = await done;
    const before = Object.keys(localStorage);
    await forgetUpload(key);
    return { key, keys, reason, before, after: Object.keys(localStorage) };
  }, token);
  assert.match(result.key, /^video-uploader-wasm:resume:[0-9a-f]{16}$/);
  assert.equal(result.keys.described, result.key);
  assert.notEqual(result.keys.otherToken, result.key);
  assert.notEqual(result.keys.otherDate, result.key);
  assert.equal(result.keys.blob, undefined);
  assert.equal(result.reason, 'ABORTED');
  assert.deepEqual(result.before, [result.key]);
  assert.deepEqual(result.after, []);
  assert.deepEqual(page.errors, []);
});
