// A traffic-shaping reverse proxy for the benchmark, because this machine's kernel has no netem.
// It sits between the browser and upload-server, speaks HTTP/1.1 over TLS to the browser and
// forwards every request (the page, the package, the API calls, the uploads) to one upstream.
//
// The knobs, and why each exists:
//
//   latencyMs       Delay added to every request before it is forwarded. Each round trip on a
//                   real network costs time, and an uploader that sends its chunks one after the
//                   other pays it once per chunk; one that overlaps them pays it once.
//   connectionRate  Bytes/s cap on each client connection's request bodies. Real long paths cap
//                   a single TCP connection (window / RTT, a per-flow policer), so one connection
//                   cannot fill the link while several can.
//   linkRate        One bytes/s cap shared by every connection's request bodies, fairly (round
//                   robin in small quanta). That is the user's uplink: the physical limit that
//                   no amount of parallelism can beat, and the figure to report ours against.
//   answerDelayMs   The time the service takes to answer an upload request after its body has
//                   arrived (storing, checking, replicating). The answer leaves at least this
//                   long after the last body byte was forwarded. An uploader that waits for each
//                   answer before sending the next chunk leaves the link idle meanwhile.
//
// Only request bodies (the upload direction) are rate-shaped; answers pass unshaped, apart from
// the answer delay. 0 (or absent) turns a knob off.
//
//   node bench/shaping-proxy.mjs --upstream https://127.0.0.1:8443 --upstream-ca DIR/tls/cert.pem \
//     --cert DIR/tls/cert.pem --key DIR/tls/key.pem --latency-ms 40 --connection-rate 12500000
//
// Its self-check: node --test bench/shaping-proxy.test.mjs
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { endToEndHeaders, listenOn } from '../tests/support/http-proxy.mjs';

/** Bytes a body is cut into before pacing: small enough that round robin between connections is fair. */
const QUANTUM = 16 * 1024;
/** How far a pacer may catch up after its timer fired late; also the largest burst after idling. */
const CATCH_UP_MS = 20;

/**
 * Grants bytes at `bytesPerSecond`, first come first served. Each body asks for one quantum at a
 * time and asks again only after it was granted, so a FIFO is round robin between connections.
 */
export class Pacer {
  #msPerByte;
  #nextFree = 0;
  #queue = [];
  #timer = null;

  constructor(bytesPerSecond) {
    this.#msPerByte = 1000 / bytesPerSecond;
  }

  /** Resolves when `bytes` may be sent. */
  take(bytes) {
    return new Promise((resolve) => {
      this.#queue.push({ bytes, resolve });
      this.#grant();
    });
  }

  #grant() {
    const now = performance.now();
    this.#nextFree = Math.max(this.#nextFree, now - CATCH_UP_MS);
    while (this.#queue.length > 0 && this.#nextFree <= now) {
      const { bytes, resolve } = this.#queue.shift();
      this.#nextFree += bytes * this.#msPerByte;
      resolve();
    }
    if (this.#queue.length > 0 && this.#timer === null) {
      this.#timer = setTimeout(() => {
        this.#timer = null;
        this.#grant();
      }, Math.max(1, this.#nextFree - now));
    }
  }
}

/** The requests the answer delay applies to: chunks sent to the upload endpoints. */
function isUpload(req) {
  const path = req.url.split('?')[0];
  return req.method === 'POST' && (path === '/upload' || /^\/videos\/[^/]+\/source$/.test(path));
}

/**
 * Starts the proxy.
 * @param {object} o
 * @param {string} o.upstream        e.g. 'https://127.0.0.1:8443' (or http://)
 * @param {string|Buffer} [o.upstreamCa] PEM the upstream's certificate must chain to
 * @param {string|Buffer} o.cert      PEM certificate the proxy shows the browser
 * @param {string|Buffer} o.key       its private key
 * @param {string} [o.listen]         'host:port', default '127.0.0.1:0'
 * @param {number} [o.latencyMs] @param {number} [o.connectionRate] @param {number} [o.linkRate] @param {number} [o.answerDelayMs]
 * @returns {Promise<{url: string, close: () => Promise<void>}>}
 */
export async function startShapingProxy({ upstream, upstreamCa, cert, key, listen = '127.0.0.1:0', latencyMs = 0, connectionRate = 0, linkRate = 0, answerDelayMs = 0 }) {
  const target = new URL(upstream);
  const client = target.protocol === 'https:' ? https : http;
  const agent = new client.Agent({ keepAlive: true, ca: upstreamCa });
  const link = linkRate > 0 ? new Pacer(linkRate) : null;
  const connectionPacers = new WeakMap(); // client socket -> its Pacer

  function pacerOf(socket) {
    if (!(connectionRate > 0)) return null;
    if (!connectionPacers.has(socket)) connectionPacers.set(socket, new Pacer(connectionRate));
    return connectionPacers.get(socket);
  }

  /** Copies the request body upstream in quanta, each granted by the connection's pacer and the link's. */
  async function forwardBody(req, upstreamReq) {
    const connection = pacerOf(req.socket);
    for await (const chunk of req) {
      for (let offset = 0; offset < chunk.length; offset += QUANTUM) {
        const slice = chunk.subarray(offset, offset + QUANTUM);
        if (connection) await connection.take(slice.length);
        if (link) await link.take(slice.length);
        if (!upstreamReq.write(slice)) await once(upstreamReq, 'drain');
      }
    }
    upstreamReq.end();
  }

  async function handle(req, res) {
    if (latencyMs > 0) await sleep(latencyMs);
    const upstreamReq = client.request({
      protocol: target.protocol,
      hostname: target.hostname,
      port: target.port,
      method: req.method,
      path: req.url,
      headers: endToEndHeaders(req.headers),
      agent,
    });
    const fail = (error) => {
      upstreamReq.destroy();
      if (!res.headersSent) {
        res.writeHead(502, { 'content-type': 'text/plain' }).end(`shaping proxy: ${error.message}\n`);
      } else {
        res.destroy(error);
      }
    };
    upstreamReq.on('error', fail);
    res.on('close', () => {
      if (!res.writableFinished) upstreamReq.destroy();
    });

    let bodyDoneAt = null; // when the body's last byte went upstream
    const bodySent = forwardBody(req, upstreamReq).then(() => {
      bodyDoneAt = performance.now();
    }, fail);

    // No answer when the upstream request failed or was given up (the client went away).
    const upstreamRes = await new Promise((resolve) => {
      upstreamReq.once('response', resolve);
      upstreamReq.once('close', () => resolve(null));
    });
    if (!upstreamRes) return;
    if (isUpload(req) && answerDelayMs > 0) {
      // The service answers no sooner than answerDelayMs after the body arrived.
      await bodySent;
      if (bodyDoneAt === null) return;
      const wait = bodyDoneAt + answerDelayMs - performance.now();
      if (wait > 0) await sleep(wait);
    }
    res.writeHead(upstreamRes.statusCode, endToEndHeaders(upstreamRes.headers));
    upstreamRes.pipe(res);
    upstreamRes.on('error', (error) => res.destroy(error));
  }

  const server = https.createServer(
    // Uploads to a far host are slow by design: no request timeout.
    { cert, key, ALPNProtocols: ['http/1.1'], requestTimeout: 0, keepAliveTimeout: 60_000 },
    (req, res) => {
      handle(req, res).catch((error) => res.destroy(error));
    },
  );
  const address = await listenOn(server, listen);
  return {
    url: `https://${address.address}:${address.port}`,
    async close() {
      server.closeAllConnections();
      server.close();
      agent.destroy();
    },
  };
}

// Run by itself: the command line above.
if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({
    options: {
      upstream: { type: 'string' },
      'upstream-ca': { type: 'string' },
      cert: { type: 'string' },
      key: { type: 'string' },
      listen: { type: 'string', default: '127.0.0.1:0' },
      'latency-ms': { type: 'string', default: '0' },
      'connection-rate': { type: 'string', default: '0' },
      'link-rate': { type: 'string', default: '0' },
      'answer-delay-ms': { type: 'string', default: '0' },
    },
  });
  if (!values.upstream || !values.cert || !values.key) {
    console.error('usage: node bench/shaping-proxy.mjs --upstream URL --cert PEM --key PEM [--upstream-ca PEM] [--listen HOST:PORT]\n' +
      '         [--latency-ms N] [--connection-rate BYTES_PER_S] [--link-rate BYTES_PER_S] [--answer-delay-ms N]');
    process.exit(2);
  }
  const proxy = await startShapingProxy({
    upstream: values.upstream,
    upstreamCa: values['upstream-ca'] && readFileSync(values['upstream-ca']),
    cert: readFileSync(values.cert),
    key: readFileSync(values.key),
    listen: values.listen,
    latencyMs: Number(values['latency-ms']),
    connectionRate: Number(values['connection-rate']),
    linkRate: Number(values['link-rate']),
    answerDelayMs: Number(values['answer-delay-ms']),
  });
  console.log(`listening on ${proxy.url}`);
  process.on('SIGINT', () => proxy.close().then(() => process.exit(0)));
  process.on('SIGTERM', () => proxy.close().then(() => process.exit(0)));
}
