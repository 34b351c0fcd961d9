// Self-check of the shaping proxy: each knob is applied, within a tolerance, in a few seconds.
// Not part of npm test (timing on a shared machine is the benchmark's business):
//
//   node --test bench/shaping-proxy.test.mjs
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { after, before, test } from 'node:test';
import { startShapingProxy } from './shaping-proxy.mjs';

let cert, key, upstream, upstreamUrl;

before(async () => {
  // A throwaway certificate for 127.0.0.1, made by the openssl CLI.
  const dir = mkdtempSync(join(tmpdir(), 'shaping-proxy-test-'));
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
    '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-days', '1', '-subj', '/CN=127.0.0.1',
    '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
  [cert, key] = [readFileSync(join(dir, 'cert.pem')), readFileSync(join(dir, 'key.pem'))];
  rmSync(dir, { recursive: true, force: true });

  // The "service": reads the body and answers with how many bytes it got.
  upstream = http.createServer(async (req, res) => {
    let received = 0;
    for await (const chunk of req) received += chunk.length;
    res.end(String(received));
  });
  upstream.listen(0, '127.0.0.1');
  await once(upstream, 'listening');
  upstreamUrl = `http://127.0.0.1:${upstream.address().port}`;
});

after(() => upstream.close());

/** Shaping options -> a started proxy, closed after `fn`. */
async function withProxy(shaping, fn) {
  const proxy = await startShapingProxy({ upstream: upstreamUrl, cert, key, ...shaping });
  try {
    return await fn(proxy.url);
  } finally {
    await proxy.close();
  }
}

/**
 * One request (on its own connection unless an agent is given); resolves with the seconds until
 * the whole answer arrived.
 */
function timedRequest(base, method, path, bodyBytes = 0, agent = false) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const req = https.request(`${base}${path}`, { method, ca: cert, agent }, (res) => {
      let text = '';
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () => {
        assert.equal(Number(text), bodyBytes, 'the upstream got the whole body');
        resolve((performance.now() - started) / 1000);
      });
    });
    req.on('error', reject);
    req.end(Buffer.alloc(bodyBytes, 7));
  });
}

const near = (actual, expected, tolerance, what) =>
  assert.ok(actual >= expected * (1 - tolerance) && actual <= expected * (1 + tolerance),
    `${what}: ${actual.toFixed(3)} s, expected ${expected.toFixed(3)} s ± ${tolerance * 100} %`);

test('per-connection rate: 1.5 MB at 3 MB/s takes 0.5 s', async () => {
  const seconds = await withProxy({ connectionRate: 3e6 }, (url) => timedRequest(url, 'POST', '/upload', 1.5e6));
  near(seconds, 0.5, 0.25, 'one connection');
});

test('per-connection rate applies to each connection: two at once take no longer than one', async () => {
  const seconds = await withProxy({ connectionRate: 3e6 }, (url) =>
    Promise.all([timedRequest(url, 'POST', '/upload', 1.5e6), timedRequest(url, 'POST', '/upload', 1.5e6)]));
  for (const s of seconds) near(s, 0.5, 0.25, 'each of two connections');
});

test('shared link rate: two connections share 4 MB/s fairly (1 MB each: both end near 0.5 s)', async () => {
  const seconds = await withProxy({ linkRate: 4e6 }, (url) =>
    Promise.all([timedRequest(url, 'POST', '/upload', 1e6), timedRequest(url, 'POST', '/upload', 1e6)]));
  for (const s of seconds) near(s, 0.5, 0.25, 'each of two connections');
});

/** Requests on one kept-alive connection, opened before `fn` so that its TLS handshake is not timed. */
async function onWarmConnection(url, fn) {
  const agent = new https.Agent({ keepAlive: true, maxSockets: 1, ca: cert });
  try {
    await timedRequest(url, 'GET', '/warm-up', 0, agent);
    return await fn((method, path, bytes) => timedRequest(url, method, path, bytes, agent));
  } finally {
    agent.destroy();
  }
}

test('latency: each request is forwarded 150 ms late', async () => {
  const seconds = await withProxy({ latencyMs: 150 }, (url) => onWarmConnection(url, async (timed) => [
    await timed('GET', '/index.html'),
    await timed('POST', '/upload', 1000),
  ]));
  for (const s of seconds) assert.ok(s >= 0.15 && s < 0.3, `${s.toFixed(3)} s, expected 0.15 s to 0.3 s`);
});

test('answer delay: upload answers leave 200 ms after their body, other answers at once', async () => {
  const [upload, page] = await withProxy({ answerDelayMs: 200 }, (url) => onWarmConnection(url, async (timed) => [
    await timed('POST', '/upload?token=x', 1000),
    await timed('GET', '/index.html'),
  ]));
  assert.ok(upload >= 0.2 && upload < 0.35, `upload: ${upload.toFixed(3)} s, expected 0.2 s to 0.35 s`);
  assert.ok(page < 0.1, `page: ${page.toFixed(3)} s, expected under 0.1 s`);
});
