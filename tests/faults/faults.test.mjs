// Uploads through a proxy that fails 20 % of the upload requests (tests/faults/fault-proxy.mjs):
// 500, 503, 429 with X-RateLimit-Retry-After, a reset mid-body, an answer lost after the chunk
// was stored, a black-holed request. With default options (but a short stallTimeout, so that a
// black hole costs 2 s rather than 30), every upload must finish byte-identical.
//
//   FAULT_SEED=N   replays a run (the seed is printed at the start of each run)
//   FAULT_LOG=1    prints each fault as it is injected
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { startServer } from '../support/server.mjs';
import { startFaultProxy, FAULT_KINDS } from './fault-proxy.mjs';
import { API_KEY, MiB, createToken, expectedSha256, launchBrowser, newPage, pkgDir, repoRoot, sha256OfUrl, uploadInPage } from './helpers.mjs';

const RATE = 0.2;
const STALL_TIMEOUT_MS = 2000;
const CONCURRENCY = 4;
// 20 files of one request each (up to 50 MiB is one request with the default options), of
// awkward sizes, and two over 50 MiB: each of those is a 5 MiB first chunk, then 6 chunks sent
// in parallel. 34 chunks: at one failure in five requests, about 8 faults.
const SIZES = [
  1, 777, 4096, 65_537, 200_003, 333_333, 524_288, 999_999, 1 * MiB + 1, 1_500_001,
  2 * MiB - 1, 2_345_678, 3 * MiB + 17, 3_999_999, 4 * MiB, 4_500_005, 5 * MiB - 3, 5 * MiB + 3, 6_000_001, 7 * MiB + 7,
  56 * MiB + 5, 61 * MiB + 3,
];

const seed = process.env.FAULT_SEED ? Number(process.env.FAULT_SEED) : undefined;

let server;
let proxy;
let browser;
before(async () => {
  server = await startServer(['--static-dir', join(repoRoot, 'www'), '--static-dir', `/pkg=${pkgDir}`], { apiKey: API_KEY });
  proxy = await startFaultProxy({
    upstream: server.url,
    seed,
    rate: RATE,
    log: process.env.FAULT_LOG ? (line) => console.log(`[fault proxy] ${line}`) : undefined,
  });
  console.log(`# fault seed ${proxy.seed} (replay with FAULT_SEED=${proxy.seed})`);
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await proxy?.close();
  await server?.stop();
});

test(`${SIZES.length} uploads with default options, ${RATE * 100} % of the upload requests failing: all finish byte-identical`, async (t) => {
  const page = await newPage(browser);
  t.after(() => page.context().close());
  await page.goto(`${proxy.url}/`);

  const uploads = await Promise.all(
    SIZES.map(async (size, i) => ({ size, seed: 1000 + i, name: `clip-${i}.mp4`, token: await createToken(server.url, API_KEY) })),
  );
  const started = performance.now();
  // Largest first: the two big ones overlap the small ones.
  const order = [...uploads.keys()].sort((a, b) => uploads[b].size - uploads[a].size);
  const ordered = await uploadInPage(page, order.map((i) => uploads[i]), { concurrency: CONCURRENCY, options: { stallTimeout: STALL_TIMEOUT_MS } });
  const results = [];
  order.forEach((i, k) => (results[i] = ordered[k]));
  const seconds = (performance.now() - started) / 1000;
  const stats = proxy.stats();

  const replay = `(seed ${proxy.seed}: FAULT_SEED=${proxy.seed} replays it)`;
  const faultLog = () => stats.events.filter((e) => e.fault).map((e) => `#${e.n} ${e.fault} ${e.range} ${e.token}`).join('\n');

  // Every upload resolved, and the video's mp4 is the file, byte for byte.
  for (const [i, result] of results.entries()) {
    const { size, token } = uploads[i];
    assert.equal(result.error, null, `upload ${i} (${size} bytes, token ${token}) rejected ${replay}: ${JSON.stringify(result.error)}\n${faultLog()}`);
    assert.equal(await sha256OfUrl(result.mp4), expectedSha256(size, uploads[i].seed), `upload ${i} (${size} bytes) is not the file ${replay}`);
    // Progress survived the retries: it ends at the file's size and never claims more.
    assert.equal(result.lastUploaded, size, `upload ${i}: the last progress event says ${result.lastUploaded} of ${size} bytes`);
    assert.equal(result.overTotal, 0, `upload ${i}: ${result.overTotal} progress events over the file's size`);
  }
  assert.deepEqual(page.errors, []);

  // Exactly one upload request in five failed, and each kind of fault at least once.
  const blockSize = Math.round(1 / RATE);
  assert.ok(
    stats.faultCount >= Math.floor(stats.uploadRequests / blockSize) && stats.faultCount <= Math.ceil(stats.uploadRequests / blockSize),
    `${stats.faultCount} faults in ${stats.uploadRequests} upload requests`,
  );
  for (const kind of FAULT_KINDS) assert.ok(stats.faults[kind] > 0, `no ${kind} fault in ${stats.uploadRequests} upload requests ${replay}`);
  // After each fault the same chunk was sent again; after a 429, no sooner than its
  // X-RateLimit-Retry-After (1 s); a black hole was given up after stallTimeout.
  const gaps = Object.fromEntries(FAULT_KINDS.map((kind) => [kind, []]));
  const stalls = [];
  for (const fault of stats.events.filter((e) => e.fault)) {
    const retry = stats.events.find((e) => e.n > fault.n && e.token === fault.token && e.range === fault.range);
    assert.ok(retry, `#${fault.n} ${fault.fault} (${fault.range}): the chunk was never sent again ${replay}`);
    gaps[fault.fault].push(Math.round(retry.arrived - fault.ended));
    if (fault.fault === 'blackHole') stalls.push(Math.round(fault.ended - fault.bodyEnd));
  }
  // (No sooner than the default policy's first delay, 200 ms: the library's retry, not a resend
  // of the browser's own; 50 ms for the clocks of two processes.)
  for (const kind of FAULT_KINDS) {
    for (const gap of gaps[kind]) assert.ok(gap >= 200 - 50, `after a ${kind}, the chunk came again ${gap} ms later, before the 200 ms of a first retry`);
  }
  for (const gap of gaps.status429) assert.ok(gap >= 1000 - 50, `a 429 asked for 1 s, the chunk came again after ${gap} ms`);
  for (const stall of stalls) {
    assert.ok(stall >= STALL_TIMEOUT_MS - 250 && stall <= STALL_TIMEOUT_MS + 2000, `a black-holed request was given up ${stall} ms after its body (stallTimeout ${STALL_TIMEOUT_MS})`);
  }
  // The client gave up on every black-holed request (its stallTimeout) rather than leave it open.
  assert.equal(stats.blackHoledOpen, 0, 'a black-holed request is still open');

  // The proxy's count of file bytes is exact: an upload that met no fault is counted once.
  for (const { token, size } of uploads) {
    const counts = stats.byToken.get(token);
    if (counts.faults === 0) assert.deepEqual([counts.received, counts.forwarded], [size, size], `the proxy's count for a ${size}-byte upload without faults`);
  }

  // What the faults cost: the file bytes sent more than once.
  const fileBytes = SIZES.reduce((a, b) => a + b, 0);
  let received = 0;
  let forwarded = 0;
  for (const { token } of uploads) {
    const counts = stats.byToken.get(token);
    received += counts.received;
    forwarded += counts.forwarded;
  }
  const serverStats = await (await fetch(`${server.url}/_local/stats`)).json();
  const mib = (bytes) => `${(bytes / MiB).toFixed(2)} MiB`;
  const report = [
    `seed ${proxy.seed}; ${uploads.length} uploads, ${mib(fileBytes)} of files, in ${seconds.toFixed(1)} s (${CONCURRENCY} at a time, stallTimeout ${STALL_TIMEOUT_MS} ms)`,
    `${stats.uploadRequests} upload requests, ${stats.faultCount} faults (${((100 * stats.faultCount) / stats.uploadRequests).toFixed(1)} %): ` +
      FAULT_KINDS.map((kind) => `${kind} ${stats.faults[kind]}`).join(', '),
    `file bytes sent by the browser: ${mib(received)}, sent twice: ${mib(received - fileBytes)} (${((100 * (received - fileBytes)) / fileBytes).toFixed(1)} %)`,
    `file bytes forwarded to upload-server: ${mib(forwarded)}, sent twice: ${mib(forwarded - fileBytes)}; upload-server read ${mib(serverStats.receivedBytes)} in ${serverStats.uploadRequests} upload requests`,
    `from each fault to the chunk sent again, ms: ${FAULT_KINDS.map((kind) => `${kind} ${gaps[kind].join(', ')}`).join('; ')}; ` +
      `black holes given up ${stalls.join(', ')} ms after their body`,
    `slowest upload ${(Math.max(...results.map((r) => r.ms)) / 1000).toFixed(1)} s`,
  ];
  for (const line of report) t.diagnostic(line);
  assert.ok(received >= fileBytes && forwarded >= fileBytes, 'the proxy counted fewer bytes than the files hold');
});
