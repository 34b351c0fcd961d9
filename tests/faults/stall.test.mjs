// stallTimeout must time out silent requests, not requests that wait for a connection: over
// HTTP/1.1 a browser opens 6 connections to a host and queues the other requests, which show no
// upload progress meanwhile. With parallelChunks above 6 (README: "more than 6 only queue") or
// several uploaders in a page on a slow link, a queued chunk waits as long as a chunk takes to
// send; that wait is no stall, and must not cost a retry.
//
// src/browser/xhr.rs `finish` counts a request's silence from its first sign of life (upload
// progress, the body sent, the answer), not from send(); this test failed when it counted from
// send().
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { startServer } from '../support/server.mjs';
import { API_KEY, MiB, createToken, expectedSha256, launchBrowser, newPage, pkgDir, repoRoot, sha256OfUrl, throttleUploads, uploadInPage } from './helpers.mjs';

const SIZE = 51 * MiB; // a 5 MiB first chunk, then 8 chunks of 5.75 MiB: 2 of them wait for a connection
const PARALLEL = 8;
const STALL_TIMEOUT_MS = 2000;
const UPLOAD_BYTES_PER_SECOND = 6 * MiB; // 6 chunks share it: each takes ~5.8 s, the 2 others wait as long

let server;
let browser;
before(async () => {
  server = await startServer(['--static-dir', join(repoRoot, 'www'), '--static-dir', `/pkg=${pkgDir}`], { apiKey: API_KEY });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

test(
  `parallelChunks ${PARALLEL} on a slow link: the chunks queued by the browser are not timed out (stallTimeout ${STALL_TIMEOUT_MS} ms, retries 0)`,
  async (t) => {
    const page = await newPage(browser);
    t.after(() => page.context().close());
    await page.goto(`${server.url}/`);
    await throttleUploads(page, UPLOAD_BYTES_PER_SECOND);
    const token = await createToken(server.url, API_KEY);
    // retries: 0, so that a chunk timed out by mistake shows as a rejection, at once.
    const [result] = await uploadInPage(page, [{ token, size: SIZE, seed: 5, name: 'queued.mp4' }], {
      options: { parallelChunks: PARALLEL, stallTimeout: STALL_TIMEOUT_MS, retries: 0 },
    });
    assert.equal(result.error, null, `upload() rejected after ${result.ms} ms: ${JSON.stringify(result.error)}`);
    assert.equal(await sha256OfUrl(result.mp4), expectedSha256(SIZE, 5));
    const stats = await (await fetch(`${server.url}/_local/stats?token=${token}`)).json();
    assert.equal(stats.uploadRequests, 9, 'one request per chunk');
    t.diagnostic(`${SIZE / MiB} MiB at ${UPLOAD_BYTES_PER_SECOND / MiB} MiB/s with parallelChunks ${PARALLEL}: ${result.ms} ms`);
  },
);
