// Drop-in: the official @api.video/video-uploader and ours in one headless Chromium page, given
// the same mistakes and the same answers, side by side. Each test states what must be the same
// and where ours differs on purpose (README, "Migrating from @api.video/video-uploader").
//
// The answers come from Playwright's network interception (page.route), so both libraries see
// exactly the same HTTP answer through the browser's own network stack.
import assert from 'node:assert/strict';
import { copyFile, cp, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { chromium } from 'playwright-core';
import { tempDir } from '../support/files.mjs';
import { repoRoot, startServer } from '../support/server.mjs';

const limit = { timeout: 60_000 };
const require = createRequire(import.meta.url);

let site;
let server;
let browser;
let page;

before(async () => {
  site = await tempDir('drop-in-site-');
  await copyFile(require.resolve('@api.video/video-uploader'), join(site.dir, 'video-uploader.js'));
  await cp(join(repoRoot, 'pkg'), join(site.dir, 'pkg'), { recursive: true });
  // The official UMD bundle defines window.VideoUploader and window.ProgressiveUploader; ours
  // is imported as a module under window.ours.
  await writeFile(
    join(site.dir, 'index.html'),
    `<!doctype html><meta charset="utf-8"><title>drop-in</title>
<script src="video-uploader.js"></script>
<script type="module">
  import * as ours from "./pkg/index.js";
  await Promise.all([ours.init(), ours.initProgressive()]);
  window.ours = ours;
</script>`,
  );
  // The official uploader only speaks https://{apiHost}: the page and the API share one origin.
  server = await startServer(['--tls-self-signed', '--static-dir', site.dir]);
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--ignore-certificate-errors'],
  });
  page = await (await browser.newContext({ ignoreHTTPSErrors: true })).newPage();
  page.on('pageerror', (error) => console.error('page error:', error));
  await page.goto(`${server.url}/`);
  await page.waitForFunction(() => window.ours);
});

after(async () => {
  await browser?.close();
  await server?.stop();
  await site?.cleanup();
});

/** Every upload request gets this answer while `use` runs. */
async function answeringUploads(answer, use) {
  const handler = (route) => route.fulfill(answer);
  await page.route('**/upload?token=*', handler);
  try {
    return await use();
  } finally {
    await page.unroute('**/upload?token=*', handler);
  }
}

/** What each library's VideoUploader and ProgressiveUploader reject with, given no retry. */
function rejections() {
  return page.evaluate(async () => {
    const options = { uploadToken: 'to1tcmSFHeYY5KzyhOqVKMKb', apiHost: location.host, retryStrategy: () => null };
    const file = new File([new Uint8Array(1024)], 'clip.mp4');
    const settle = (promise) => promise.then((value) => ({ resolved: value }), (error) => ({ ...error }));
    return {
      official: {
        video: await settle(new VideoUploader({ ...options, file }).upload()),
        progressive: await settle(new ProgressiveUploader(options).uploadLastPart(file)),
      },
      ours: {
        video: await settle(new window.ours.VideoUploader({ ...options, file }).upload()),
        progressive: await settle(new window.ours.ProgressiveUploader(options).uploadLastPart(file)),
      },
    };
  });
}

test('an answer whose JSON is not a problem: both reject with its fields spread, plus status and raw; ours adds reason, title and retryable', limit, async () => {
  const raw = '{"error": "oups", "requestId": "r-42"}';
  const seen = await answeringUploads({ status: 500, contentType: 'application/json', body: raw }, rejections);
  for (const uploader of ['video', 'progressive']) {
    const { official, ours } = { official: seen.official[uploader], ours: seen.ours[uploader] };
    assert.deepEqual(official, { status: 500, raw, error: 'oups', requestId: 'r-42' }, `official ${uploader}`);
    // The official's object, and the three fields every error of ours has (README: migration
    // notes): the answer gives no reason, so the status gives one, with words to show.
    assert.deepEqual(
      ours,
      { ...official, reason: 'SERVER_ERROR', title: 'The server failed (500): try again later.', retryable: true },
      `ours ${uploader}`,
    );
  }
});

test('a problem answer: its extra fields are spread too; ours keep their own title and status where names meet', limit, async () => {
  const problem = { type: 'https://docs.api.video/reference/invalid-attribute', title: 'An attribute is invalid.', status: 400, detail: 'The file is damaged.', requestId: 'r-7' };
  const raw = JSON.stringify(problem);
  const seen = await answeringUploads({ status: 400, contentType: 'application/problem+json', body: raw }, rejections);
  for (const uploader of ['video', 'progressive']) {
    const { official, ours } = { official: seen.official[uploader], ours: seen.ours[uploader] };
    assert.deepEqual(official, { status: 400, raw, ...problem }, `official ${uploader}`);
    // Every field of the official's is there with the same value, but `title`: ours adds the
    // problem's detail to it (README: migration notes).
    for (const [key, value] of Object.entries(official)) {
      if (key !== 'title') assert.deepEqual(ours[key], value, `ours ${uploader}: ${key}`);
    }
    assert.equal(ours.title, `${problem.title}: ${problem.detail}`);
  }
});

test('an answer that is not JSON: the same status and raw; reason "UNKNOWN" where the official spells it "UNKWOWN"', limit, async () => {
  const raw = '<html>Bad gateway</html>';
  const seen = await answeringUploads({ status: 502, contentType: 'text/html', body: raw }, rejections);
  for (const uploader of ['video', 'progressive']) {
    assert.deepEqual(seen.official[uploader], { status: 502, raw, reason: 'UNKWOWN' }, `official ${uploader}`);
    const { title, ...ours } = seen.ours[uploader];
    assert.deepEqual(ours, { status: 502, raw, reason: 'UNKNOWN', retryable: true }, `ours ${uploader}`);
    assert.match(title, /not JSON.*apiHost/, `ours ${uploader}: the title says what to check`);
  }
});

test('several mistakes at once: ours rejects upload() with the official first message (ours may add how to fix it), where the official constructor throws it', limit, async () => {
  const messages = await page.evaluate(async () => {
    const empty = () => new File([''], '');
    const file = () => new File([new Uint8Array(16)], 'clip.mp4');
    const badOrigin = { application: { name: 'no spaces allowed', version: '1.0' } };
    const cases = {
      'nothing at all': {},
      'an access token without videoId, an empty file': { accessToken: 'a', file: empty() },
      'an API key without videoId': { apiKey: 'k', file: file() },
      'a bad origin and no file': { uploadToken: 'to1', origin: badOrigin },
      'no file and a chunk size out of range': { uploadToken: 'to1', chunkSize: 1 },
      'an empty file and a chunk size out of range': { uploadToken: 'to1', file: empty(), chunkSize: 1 },
      'an empty file and a chunk size too large': { uploadToken: 'to1', file: empty(), chunkSize: 200 * 1024 * 1024 },
      'a bad origin version and an empty file': { uploadToken: 'to1', file: empty(), origin: { sdk: { name: 'sdk', version: '1.2.3.4' } } },
    };
    const thrown = (make) => {
      try {
        make();
        return 'did not throw';
      } catch (error) {
        return error.message;
      }
    };
    // Ours never throws from its constructor (whether or not its module had started): the
    // mistake rejects upload(), as an Error with reason INVALID_OPTION and the option's name.
    const rejected = async (options) => {
      let uploader;
      try {
        uploader = new window.ours.VideoUploader(options);
      } catch (error) {
        return `the constructor threw: ${error.message}`;
      }
      return uploader.upload().then(
        () => 'resolved',
        (error) => (error instanceof Error && error.reason === 'INVALID_OPTION' && error.title === error.message && error.name ? error.message : `not an option Error: ${JSON.stringify(error)}`),
      );
    };
    const seen = {};
    for (const [name, options] of Object.entries(cases)) {
      seen[name] = { official: thrown(() => new VideoUploader(options)), ours: await rejected(options) };
    }
    return seen;
  });
  for (const [name, { official, ours }] of Object.entries(messages)) {
    assert.notEqual(official, 'did not throw', `official: ${name}`);
    assert.ok(ours.startsWith(official), `${name}: ours ${JSON.stringify(ours)} should start with the official ${JSON.stringify(official)}`);
  }
});

test('the same requests but Content-Range, and the same video object', limit, async () => {
  const answer = {
    videoId: 'vi4blUQJFrYWbaG44NChkH27',
    title: 'clip',
    public: true,
    createdAt: '2026-11-25T10:00:00+00:00',
    updatedAt: '2026-11-25T10:00:01+00:00',
    publishedAt: '2026-11-25T10:00:02+00:00',
    assets: { player: 'https://embed.api.video/vod/vi4blUQJFrYWbaG44NChkH27', mp4: 'https://vod.api.video/vod/vi4blUQJFrYWbaG44NChkH27/mp4/source.mp4' },
  };
  const seen = [];
  const handler = async (route) => {
    const request = route.request();
    const body = request.postDataBuffer()?.toString('latin1') ?? '';
    const fields = [...body.matchAll(/name="([^"]+)"(?:; filename="([^"]*)")?/g)].map(([, name, filename]) => (filename === undefined ? name : `${name}:${filename}`));
    seen.push({ url: new URL(request.url()).pathname + new URL(request.url()).search, headers: await request.allHeaders(), fields });
    await route.fulfill({ status: 201, contentType: 'application/json', body: JSON.stringify(answer) });
  };
  await page.route('**/upload?token=*', handler);
  try {
    const videos = await page.evaluate(async () => {
      const MiB = 1024 * 1024;
      const file = new File([new Uint8Array(6 * MiB)], 'clip.mp4');
      const options = { uploadToken: 'to1tcmSFHeYY5KzyhOqVKMKb', apiHost: location.host, videoName: 'My clip', chunkSize: 5 * MiB, origin: { application: { name: 'my-app', version: '1.2' } } };
      const official = await new VideoUploader({ ...options, file }).upload();
      const ours = await new window.ours.VideoUploader({ ...options, file, parallelChunks: 1 }).upload();
      return { official, ours };
    });
    assert.deepEqual(videos.ours, videos.official, 'the video object: `_public`, dates as Date');
    assert.ok(videos.ours.createdAt instanceof Date && videos.ours._public === true && !('public' in videos.ours));
  } finally {
    await page.unroute('**/upload?token=*', handler);
  }
  assert.equal(seen.length, 4, 'two chunks each');
  const [official, ours] = [seen.slice(0, 2), seen.slice(2)];
  for (const [index, request] of ours.entries()) {
    const theirs = official[index];
    assert.equal(request.url, theirs.url);
    assert.deepEqual(request.fields, theirs.fields, `chunk ${index + 1}: the form's fields (videoId from the second on, the file named videoName)`);
    assert.equal(request.headers['av-origin-app'], theirs.headers['av-origin-app']);
    assert.equal(theirs.headers['av-origin-client'].split(':')[0], 'typescript-uploader');
    assert.equal(request.headers['av-origin-client'].split(':')[0], 'video-uploader-wasm');
  }
  // By design: the official OpenAPI's Content-Range (pattern ^bytes [0-9]*-[0-9]*\/[0-9]*$).
  assert.deepEqual(official.map((r) => r.headers['content-range']), ['part 1/2', 'part 2/2']);
  assert.deepEqual(ours.map((r) => r.headers['content-range']), [`bytes 0-5242879/6291456`, `bytes 5242880-6291455/6291456`]);
  assert.deepEqual(official[1].fields, ['videoId', 'file:My clip']);
});

test('upload() twice: the official uploads again, ours rejects with ALREADY_STARTED', limit, async () => {
  const handler = (route) => route.fulfill({ status: 201, contentType: 'application/json', body: '{"videoId":"vi4blUQJFrYWbaG44NChkH27"}' });
  await page.route('**/upload?token=*', handler);
  try {
    const outcome = await page.evaluate(async () => {
      const options = { uploadToken: 'to1tcmSFHeYY5KzyhOqVKMKb', apiHost: location.host, file: new File([new Uint8Array(1024)], 'clip.mp4') };
      const twice = async (uploader) => {
        await uploader.upload();
        return uploader.upload().then((video) => `resolved ${video.videoId}`, (error) => `rejected ${error.reason}`);
      };
      return { official: await twice(new VideoUploader(options)), ours: await twice(new window.ours.VideoUploader(options)) };
    });
    assert.deepEqual(outcome, { official: 'resolved vi4blUQJFrYWbaG44NChkH27', ours: 'rejected ALREADY_STARTED' });
  } finally {
    await page.unroute('**/upload?token=*', handler);
  }
});
