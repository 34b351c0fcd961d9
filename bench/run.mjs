// npm run bench: this library against the official @api.video/video-uploader, side by side in
// one headless Chromium against one local upload-server (release build, HTTPS because the
// official uploader only speaks https). Rounds alternate the order; the table gives medians
// and ratios, which stay meaningful on a noisy machine where absolute times do not.
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { repoRoot, startServer } from '../tests/support/server.mjs';

const MiB = 1024 * 1024;
const FILE_SIZE = Number(process.env.BENCH_FILE_MIB ?? 200) * MiB;
const CHUNK_SIZE = 10 * MiB;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONTENDERS = [
  { name: 'official @api.video/video-uploader', which: 'official', parallel: 1 },
  { name: 'video-uploader-wasm, parallelChunks 1', which: 'ours', parallel: 1 },
  { name: 'video-uploader-wasm, parallelChunks 3', which: 'ours', parallel: 3 },
];

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function gzipSize(path) {
  const { gzipSync } = await import('node:zlib');
  return gzipSync(await readFile(path), { level: 9 }).length;
}

function chart(rows) {
  const width = 640, bar = 28, gap = 14, left = 290, top = 40;
  const max = Math.max(...rows.map((r) => r.mbps));
  const bars = rows.map((r, i) => {
    const y = top + i * (bar + gap), w = Math.max(2, ((width - left - 70) * r.mbps) / max);
    return `<text x="${left - 10}" y="${y + bar / 2 + 5}" text-anchor="end">${r.name}</text>` +
      `<rect x="${left}" y="${y}" width="${w.toFixed(1)}" height="${bar}" fill="${r.which === 'official' ? '#9aa3b5' : '#3b6fd8'}"/>` +
      `<text x="${left + w + 6}" y="${y + bar / 2 + 5}">${r.mbps.toFixed(0)} MB/s</text>`;
  }).join('');
  const height = top + rows.length * (bar + gap) + 10;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="13">` +
    `<text x="10" y="22" font-size="15">Upload throughput, ${FILE_SIZE / MiB} MiB in ${CHUNK_SIZE / MiB} MiB chunks (median of ${ROUNDS})</text>${bars}</svg>\n`;
}

const site = await mkdtemp(join(tmpdir(), 'upload-bench-'));
await copyFile(join(repoRoot, 'bench', 'page.html'), join(site, 'index.html'));
await copyFile(join(repoRoot, 'node_modules/@api.video/video-uploader/dist/index.js'), join(site, 'official-video-uploader.js'));
const server = await startServer(['--tls-self-signed', '--static-dir', site, '--static-dir', `/pkg=${join(repoRoot, 'pkg')}`]);
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--ignore-certificate-errors'],
});
try {
  const page = await (await browser.newContext({ ignoreHTTPSErrors: true })).newPage();
  page.on('console', (message) => process.env.BENCH_VERBOSE && console.log('page:', message.text()));
  await page.goto(`${server.url}/`);
  await page.waitForFunction(() => typeof window.uploadWith === 'function' && typeof window.VideoUploader === 'function');
  await page.evaluate((size) => window.prepare(size), FILE_SIZE);

  const seconds = new Map(CONTENDERS.map((c) => [c.name, []]));
  for (let round = 0; round < ROUNDS; round++) {
    const order = round % 2 === 0 ? CONTENDERS : [...CONTENDERS].reverse();
    for (const c of order) {
      const result = await page.evaluate(([which, key, chunk, parallel]) => window.uploadWith(which, key, chunk, parallel),
        [c.which, server.apiKey, CHUNK_SIZE, c.parallel]);
      seconds.get(c.name).push(result.seconds);
      process.stderr.write(`round ${round + 1}: ${c.name}: ${result.seconds.toFixed(2)} s\n`);
    }
  }

  const official = median(seconds.get(CONTENDERS[0].name));
  const rows = CONTENDERS.map((c) => {
    const s = median(seconds.get(c.name));
    return { ...c, seconds: s, mbps: FILE_SIZE / MiB / s, speedup: official / s };
  });
  const wasm = join(repoRoot, 'pkg', 'video_uploader_wasm_bg.wasm');
  const sizes = {
    official: await gzipSize(join(repoRoot, 'node_modules/@api.video/video-uploader/dist/index.js')),
    ours: (await gzipSize(wasm)) + (await gzipSize(join(repoRoot, 'pkg', 'video_uploader_wasm.js'))) + (await gzipSize(join(repoRoot, 'pkg', 'index.js'))),
  };

  console.log(`\n${FILE_SIZE / MiB} MiB file, ${CHUNK_SIZE / MiB} MiB chunks, median of ${ROUNDS} rounds, headless Chromium, loopback\n`);
  console.log('| uploader | median time | throughput | speed vs official |');
  console.log('| --- | --- | --- | --- |');
  for (const r of rows) {
    console.log(`| ${r.name} | ${r.seconds.toFixed(2)} s | ${r.mbps.toFixed(0)} MiB/s | ${r.speedup.toFixed(2)}× |`);
  }
  console.log(`\ndownload size (gzip -9): official ${(sizes.official / 1024).toFixed(1)} KiB, video-uploader-wasm ${(sizes.ours / 1024).toFixed(1)} KiB (wasm + JS)`);
  await writeFile(join(repoRoot, 'bench', 'results.svg'), chart(rows));
  await writeFile(join(repoRoot, 'bench', 'results.json'), JSON.stringify({ fileSize: FILE_SIZE, chunkSize: CHUNK_SIZE, rounds: ROUNDS, seconds: Object.fromEntries(seconds), sizes }, null, 2) + '\n');
  console.log('chart: bench/results.svg');
} finally {
  await browser.close();
  await server.stop();
  await rm(site, { recursive: true, force: true });
}
