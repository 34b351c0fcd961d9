// upload-server killed (SIGKILL) in the middle of an upload and started again ~2 s later on the
// same port with the same data directory: the upload under way (the same uploader, default
// options but a short stallTimeout) must finish, byte-identical, without being started again.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { startRestartableServer } from '../support/server.mjs';
import { API_KEY, MiB, createToken, expectedSha256, launchBrowser, newPage, pkgDir, repoRoot, sha256OfUrl, throttleUploads, uploadInPage } from './helpers.mjs';

const SIZE = 60 * MiB + 1; // over 50 MiB: a 5 MiB first chunk, then 6 chunks sent in parallel
// Of the bytes, by the page's progress events; FAULT_CRASH_AT=0.05 kills it during the first chunk.
const CRASH_AT = Number(process.env.FAULT_CRASH_AT || 0.4);
const DOWN_MS = 2000;
const STALL_TIMEOUT_MS = 2000;
// Slow enough that the crash lands while the parallel chunks are on their way.
const UPLOAD_BYTES_PER_SECOND = 16 * MiB;

let server;
let browser;
before(async () => {
  server = await startRestartableServer(['--static-dir', join(repoRoot, 'www'), '--static-dir', `/pkg=${pkgDir}`], { apiKey: API_KEY });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

test(`upload-server killed at ${CRASH_AT * 100} % of an upload and restarted ${DOWN_MS / 1000} s later on the same port: the upload finishes byte-identical`, async (t) => {
  const page = await newPage(browser);
  t.after(() => page.context().close());
  await page.goto(`${server.url}/`);
  await page.evaluate(() => import('/pkg/index.js')); // loaded before the server goes away
  await throttleUploads(page, UPLOAD_BYTES_PER_SECOND);
  const token = await createToken(server.url, API_KEY);

  const timings = { start: null, crash: null, restarted: null, crashedAtBytes: null, lowestAfterCrash: null, backAtCrashBytes: null };
  let outage = null;
  const since = () => Math.round(performance.now() - timings.start);
  await page.exposeFunction('faultsProgress', (_index, uploaded, total) => {
    timings.start ??= performance.now();
    if (timings.crash !== null) {
      timings.lowestAfterCrash = Math.min(timings.lowestAfterCrash ?? Infinity, uploaded);
      if (timings.restarted !== null && timings.backAtCrashBytes === null && uploaded >= timings.crashedAtBytes) timings.backAtCrashBytes = since();
    }
    if (outage === null && uploaded >= CRASH_AT * total) {
      timings.crash = since();
      timings.crashedAtBytes = uploaded;
      outage = (async () => {
        await server.crash('SIGKILL');
        await sleep(DOWN_MS);
        await server.restart();
        timings.restarted = since();
      })();
    }
  });

  const [result] = await uploadInPage(page, [{ token, size: SIZE, seed: 77, name: 'crash.mp4' }], { options: { stallTimeout: STALL_TIMEOUT_MS } });
  const done = since();
  assert.ok(outage, 'the upload finished before the server was killed');
  await outage;

  assert.equal(result.error, null, `the upload rejected: ${JSON.stringify(result.error)}\n--- upload-server ---\n${server.stderr}`);
  assert.ok(timings.restarted < done, `the upload finished (${done} ms) before the server was back (${timings.restarted} ms)`);
  assert.equal(await sha256OfUrl(result.mp4), expectedSha256(SIZE, 77), 'the uploaded video is not the file');
  assert.equal(result.lastUploaded, SIZE, 'the last progress event is not the whole file');
  assert.equal(result.overTotal, 0, 'progress went over the file size');
  assert.deepEqual(page.errors, []);
  const stats = await (await fetch(`${server.url}/_local/stats?token=${token}`)).json();

  const mib = (bytes) => `${(bytes / MiB).toFixed(1)} MiB`;
  for (const line of [
    `${mib(SIZE)} at ${mib(UPLOAD_BYTES_PER_SECOND)}/s; killed at ${timings.crash} ms (${mib(timings.crashedAtBytes)}, ${((100 * timings.crashedAtBytes) / SIZE).toFixed(0)} %), ` +
      `listening again at ${timings.restarted} ms, done at ${done} ms (${result.ms} ms in upload())`,
    `progress went back to ${mib(timings.lowestAfterCrash ?? timings.crashedAtBytes)} (the chunks in flight), was back at the crash's ${mib(timings.crashedAtBytes)} at ${timings.backAtCrashBytes} ms`,
    `the restarted upload-server received ${mib(stats.receivedBytes)} in ${stats.uploadRequests} upload requests`,
  ]) t.diagnostic(line);
});
