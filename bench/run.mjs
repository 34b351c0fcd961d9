// npm run bench: video-uploader-wasm against the official @api.video/video-uploader, both with
// their default options, in headless Chromium against one release-built upload-server, under
// several network profiles (bench/profiles.mjs; the shaped ones through bench/shaping-proxy.mjs).
// Rounds alternate the order and the table gives medians and ratios, which stay meaningful on a
// noisy machine where absolute times do not. Every upload is checked (its video exists and its
// assembled source has the file's size) before it counts; a failed upload fails the benchmark.
// Then the renderer's peak memory for a small and a large file, and the download sizes.
//
// Settings (environment):
//   BENCH_FILE_MIB=200          the file uploaded in the throughput rounds
//   BENCH_ROUNDS=5              rounds per profile
//   BENCH_PROFILES=a,b          profile ids (default: all): loopback, long-fat-path, shared-uplink
//   BENCH_OURS_OPTIONS='{...}'  also run ours with these options, as an extra row
//   BENCH_MEMORY=0              skip the memory measurement
//   BENCH_MEMORY_MIB=256,2048   the two file sizes of the memory measurement
//   BENCH_WRITE=0               print only: leave bench/results.*, README.md alone
//   BENCH_VERBOSE=1             print the pages' console
//   BENCH_TIMEOUT_MIN=90        give up (and clean up) after this long
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium, rendererPeaks } from './chromium.mjs';
import { selectProfiles } from './profiles.mjs';
import { MEMORY_GOAL_BYTES, chart, markdown, rewriteReadme } from './report.mjs';
import { startShapingProxy } from './shaping-proxy.mjs';
import { writeTestFile } from './test-file.mjs';
import { uploadServerApi } from './upload-server-api.mjs';

const MiB = 1024 * 1024;
const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const env = process.env;

function setting(name, fallback, valid, what) {
  const value = Number(env[name] ?? fallback);
  if (!valid(value)) throw new Error(`${name}=${env[name]}: expected ${what}`);
  return value;
}
const FILE_BYTES = setting('BENCH_FILE_MIB', 200, (v) => Number.isInteger(v) && v >= 1, 'a whole number of MiB') * MiB;
const ROUNDS = setting('BENCH_ROUNDS', 5, (v) => Number.isInteger(v) && v >= 1 && v <= 100, 'a whole number from 1 to 100');
const PROFILES = selectProfiles(env.BENCH_PROFILES);
const OURS_TRIAL_OPTIONS = env.BENCH_OURS_OPTIONS ? JSON.parse(env.BENCH_OURS_OPTIONS) : null;
const MEMORY = env.BENCH_MEMORY !== '0';
const MEMORY_SIZES = (env.BENCH_MEMORY_MIB ?? '256,2048').split(',').map((mib) => Number(mib) * MiB);
if (MEMORY && (MEMORY_SIZES.length !== 2 || !MEMORY_SIZES.every((b) => Number.isInteger(b) && b > 0))) {
  throw new Error(`BENCH_MEMORY_MIB=${env.BENCH_MEMORY_MIB}: expected two sizes in MiB, e.g. 256,2048`);
}
const WRITE = env.BENCH_WRITE !== '0';
const TIMEOUT_MIN = setting('BENCH_TIMEOUT_MIN', 90, (v) => v > 0, 'minutes');
/** The protocol's limit for a whole file in one request: past it raw XHR cannot be measured. */
const ONE_REQUEST_LIMIT = 200 * MiB;

const OFFICIAL_BUNDLE = join(repoRoot, 'node_modules/@api.video/video-uploader/dist/index.js');
const PKG = join(repoRoot, 'pkg');

const log = (line) => process.stderr.write(`${line}\n`);
const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/** Rejects when `promise` takes longer than `ms` (the caller's clean-up then ends the browser). */
function withTimeout(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no result within ${(ms / 1000).toFixed(0)} s`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Time allowed for one upload: a floor of 2 MB/s plus a minute. */
const uploadTimeoutMs = (bytes) => 60_000 + bytes / 2e3;

function contendersFor(profile) {
  const list = [
    { id: 'official', name: 'official @api.video/video-uploader', options: {} },
    { id: 'ours', name: 'video-uploader-wasm', options: {} },
  ];
  if (OURS_TRIAL_OPTIONS) {
    list.push({ id: 'ours-trial', name: `video-uploader-wasm ${JSON.stringify(OURS_TRIAL_OPTIONS)}`, options: OURS_TRIAL_OPTIONS });
  }
  if (!profile.shaping && FILE_BYTES <= ONE_REQUEST_LIMIT) {
    list.push({ id: 'raw-xhr', name: 'one raw XMLHttpRequest', options: {} });
  }
  return list;
}

/** A page of `baseUrl` with `filePath` chosen in its file input. */
async function openPage(browser, baseUrl, filePath) {
  const context = await browser.newContext({ ignoreHTTPSErrors: true });
  const page = await context.newPage();
  page.on('console', (message) => env.BENCH_VERBOSE && log(`page: ${message.text()}`));
  await page.goto(`${baseUrl}/`);
  await page.waitForFunction(() => window.benchReady === true);
  await page.setInputFiles('#file', filePath);
  return { context, page };
}

/** One upload, checked on the server and then deleted there (rounds would fill the disk). */
async function uploadOnce(page, api, contender, fileBytes) {
  const token = await api.createToken();
  const which = contender.id === 'ours-trial' ? 'ours' : contender.id;
  const result = await withTimeout(
    page.evaluate(([w, t, o]) => window.upload(w, t, o), [which, token, contender.options]),
    uploadTimeoutMs(fileBytes),
    contender.name,
  );
  if (!result.videoId) throw new Error(`${contender.name}: the upload answered no videoId`);
  const uploadRequests = await api.verify(result.videoId, token, fileBytes);
  await api.deleteVideo(result.videoId);
  return { seconds: result.seconds, uploadRequests, requests: result.requests };
}

function summarise(contender) {
  const seconds = median(contender.rounds.map((r) => r.seconds));
  const protocols = [...new Set(contender.rounds.flatMap((r) => r.requests.map((q) => q.protocol)))];
  const uploadRequests = median(contender.rounds.map((r) => r.uploadRequests));
  return { ...contender, medianSeconds: seconds, mbps: FILE_BYTES / 1e6 / seconds, uploadRequests, protocols };
}

async function runProfile(browser, server, tls, api, profile, filePath) {
  const proxy = profile.shaping
    ? await startShapingProxy({ upstream: server.url, upstreamCa: tls.cert, cert: tls.cert, key: tls.key, ...profile.shaping })
    : null;
  const { context, page } = await openPage(browser, proxy?.url ?? server.url, filePath);
  try {
    const contenders = contendersFor(profile).map((c) => ({ ...c, rounds: [] }));
    for (let round = 0; round < ROUNDS; round++) {
      for (const c of round % 2 === 0 ? contenders : [...contenders].reverse()) {
        const r = await uploadOnce(page, api, c, FILE_BYTES);
        c.rounds.push(r);
        const protocols = [...new Set(r.requests.map((q) => q.protocol))].join(',');
        log(`${profile.id} round ${round + 1}/${ROUNDS}: ${c.name}: ${r.seconds.toFixed(2)} s, ` +
          `${(FILE_BYTES / 1e6 / r.seconds).toFixed(1)} MB/s, ${r.uploadRequests} upload requests, ${protocols}`);
      }
    }
    const { id, name, about, shaping } = profile;
    return { id, name, about, shaping, contenders: contenders.map(summarise) };
  } finally {
    await context.close();
    await proxy?.close();
  }
}

/** Peak renderer RSS with ours uploading each file from disk, a fresh browser for each. */
async function measureMemory(server, api, dir) {
  const measurements = [];
  for (const bytes of MEMORY_SIZES) {
    const path = await writeTestFile(dir, `memory-${bytes}.mp4`, bytes);
    const browser = await launchChromium();
    try {
      const { page } = await openPage(browser, server.url, path);
      const r = await uploadOnce(page, api, { id: 'ours', name: 'video-uploader-wasm', options: {} }, bytes);
      const renderers = rendererPeaks();
      if (renderers.length === 0) throw new Error('memory: found no Chromium renderer process under this one');
      const peakBytes = Math.max(...renderers.map((p) => p.peakBytes));
      measurements.push({ fileBytes: bytes, peakBytes, renderers, seconds: r.seconds });
      log(`memory: ${bytes / MiB} MiB file: renderer peak ${(peakBytes / MiB).toFixed(0)} MiB (${renderers.length} renderer processes), ${r.seconds.toFixed(1)} s`);
    } finally {
      await browser.close();
      await rm(path, { force: true });
    }
  }
  return {
    uploader: 'video-uploader-wasm, default options, loopback',
    measurements,
    differenceBytes: measurements[1].peakBytes - measurements[0].peakBytes,
    goalBytes: MEMORY_GOAL_BYTES,
  };
}

/**
 * gzip -9 of what a page downloads to upload: for ours, the VideoUploader page of the size budget,
 * measured in Chromium (scripts/page-weight.mjs); for the official uploader, its one bundle.
 */
async function downloadSizes() {
  // Imported here, once UPLOAD_SERVER_BIN is set (the module reads it when it loads).
  const { gzippedLength, measurePageWeights } = await import('../scripts/page-weight.mjs');
  const { VideoUploader } = await measurePageWeights(PKG, ['VideoUploader']);
  return {
    officialBytes: gzippedLength(await readFile(OFFICIAL_BUNDLE)),
    oursBytes: VideoUploader.bytes,
    oursFiles: VideoUploader.files,
  };
}

// ---- the run ----

process.env.UPLOAD_SERVER_BIN ||= join(repoRoot, 'target', 'release', 'upload-server');
for (const [path, fix] of [
  [process.env.UPLOAD_SERVER_BIN, 'cargo build --release -p upload-server'],
  [join(PKG, 'index.js'), 'bash scripts/build-package.sh'],
  [OFFICIAL_BUNDLE, 'npm ci'],
]) {
  if (!existsSync(path)) throw new Error(`${path} is missing: run ${fix} (npm run bench does it all)`);
}
const { startServer } = await import('../tests/support/server.mjs');

const cleanups = [];
async function cleanUp() {
  while (cleanups.length) await cleanups.pop()().catch((error) => log(`clean-up: ${error.message}`));
}
const watchdog = setTimeout(() => {
  log(`bench: still running after ${TIMEOUT_MIN} min; giving up`);
  cleanUp().finally(() => process.exit(1));
}, TIMEOUT_MIN * 60_000);
watchdog.unref();
for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => cleanUp().finally(() => process.exit(130)));

try {
  const work = await mkdtemp(join(tmpdir(), 'upload-bench-'));
  cleanups.push(() => rm(work, { recursive: true, force: true }));
  const site = join(work, 'site');
  await mkdir(site);
  await copyFile(join(repoRoot, 'bench', 'page.html'), join(site, 'index.html'));
  await copyFile(OFFICIAL_BUNDLE, join(site, 'official-video-uploader.js'));

  const server = await startServer(['--tls-self-signed', '--static-dir', site, '--static-dir', `/pkg=${PKG}`]);
  cleanups.push(() => server.stop());
  const tls = {
    cert: await readFile(join(server.dataDir, 'tls', 'cert.pem')),
    key: await readFile(join(server.dataDir, 'tls', 'key.pem')),
  };
  const api = uploadServerApi(server.url, server.apiKey, tls.cert);
  const startLoad = loadavg()[0];

  log(`bench: ${FILE_BYTES / MiB} MiB, ${ROUNDS} round(s), profiles ${PROFILES.map((p) => p.id).join(', ')}; upload-server ${server.url}`);
  const filePath = await writeTestFile(work, 'bench.mp4', FILE_BYTES);
  const browser = await launchChromium();
  cleanups.push(() => browser.close());
  const chromiumVersion = browser.version();
  const profiles = [];
  for (const profile of PROFILES) profiles.push(await runProfile(browser, server, tls, api, profile, filePath));
  await cleanups.pop()(); // this browser: the memory measurement wants its renderers alone
  await rm(filePath, { force: true });

  const memory = MEMORY ? await measureMemory(server, api, work) : null;
  const results = {
    date: new Date().toISOString(),
    chromium: chromiumVersion,
    cpus: cpus().length,
    loadAverageAtStart: startLoad,
    unit: 'MB/s = 10^6 bytes/s; memory in bytes',
    fileBytes: FILE_BYTES,
    rounds: ROUNDS,
    profiles,
    memory,
    size: await downloadSizes(),
  };

  const table = markdown(results);
  console.log(`\n${table}\n`);
  if (WRITE) {
    await writeFile(join(repoRoot, 'bench', 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
    await writeFile(join(repoRoot, 'bench', 'results.svg'), chart(results));
    await rewriteReadme(join(repoRoot, 'README.md'), table);
    log('wrote bench/results.json, bench/results.svg and the table in README.md');
  }
} finally {
  await cleanUp();
}
