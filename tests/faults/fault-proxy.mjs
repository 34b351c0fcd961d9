// A fault-injecting reverse proxy for the fault suite (tests/faults/): it sits between the
// browser and upload-server, passes every request through, and fails a share of the upload
// requests (POST /upload) in one of six ways, the ways a real network and a real service fail:
//
//   status500    answers 500 with a problem body (the body is read, nothing is forwarded)
//   status503    answers 503, the same way
//   status429    answers 429 with X-RateLimit-Retry-After (1 s by default): the client should
//                wait that long, then try again
//   reset        forwards part of the body to upload-server, then destroys both connections
//                (the server sees a truncated request, the browser a reset)
//   lostAnswer   forwards the whole request, waits for upload-server's answer (the chunk is
//                stored), then destroys the browser's connection without answering
//   blackHole    reads the whole body and never answers, keeping the connection open (only the
//                client's stallTimeout gets it out)
//
// Which requests fail, and how, comes from a seeded PRNG, so that a failing run can be replayed:
// the upload requests are taken in blocks of round(1 / rate) in order of arrival, and exactly one
// request of each block fails, at a position the PRNG picks; its kind is drawn from a bag that
// holds each kind once (reshuffled when empty). So a rate of 0.2 fails exactly one request in
// five, and the first six faults cover the six kinds (and each six after them). The same seed
// gives the same sequence of faults in order of arrival (which upload gets which fault also
// depends on the order in which concurrent uploads' requests arrive).
//
// Each answer closes its connection: when a reused connection closes without an answer, Chromium
// sends the request again by itself, and the library would never see the reset or the lost answer.
//
// It also counts, per upload token, the file bytes of the chunk bodies: those the browser sent
// (`received`) and those forwarded to upload-server (`forwarded`), so that a test can tell how
// many bytes were sent twice.
//
//   node tests/faults/fault-proxy.mjs --upstream http://127.0.0.1:8080 [--listen 127.0.0.1:8081]
//     [--rate 0.2] [--seed N] [--retry-after 1] [--kinds status500,reset,...]
import { randomInt } from 'node:crypto';
import { once } from 'node:events';
import { performance } from 'node:perf_hooks';
import http from 'node:http';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { endToEndHeaders, listenOn } from '../support/http-proxy.mjs';

export const FAULT_KINDS = ['status500', 'status503', 'status429', 'reset', 'lostAnswer', 'blackHole'];

/** mulberry32: a small, fast 32-bit PRNG; the same seed gives the same stream. */
export function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The fault plan: `next()` says what to do with the next upload request, `null` for nothing.
 * One fault per block of `blockSize` requests, at a random position; kinds from a shuffled bag.
 */
export class FaultPlan {
  #random;
  #kinds;
  #blockSize;
  #faultAt = -1;
  #index = 0;
  #bag = [];

  constructor({ seed, rate, kinds = FAULT_KINDS }) {
    this.#random = prng(seed);
    this.#kinds = kinds;
    this.#blockSize = rate > 0 ? Math.max(1, Math.round(1 / rate)) : Infinity;
  }

  /** A number in [0, 1) from the plan's stream (the proxy uses it to pick where a reset cuts). */
  random() {
    return this.#random();
  }

  next() {
    if (this.#blockSize === Infinity || this.#kinds.length === 0) return null;
    const position = this.#index++ % this.#blockSize;
    if (position === 0) this.#faultAt = Math.floor(this.#random() * this.#blockSize);
    if (position !== this.#faultAt) return null;
    if (this.#bag.length === 0) {
      this.#bag = [...this.#kinds];
      for (let i = this.#bag.length - 1; i > 0; i--) {
        const j = Math.floor(this.#random() * (i + 1));
        [this.#bag[i], this.#bag[j]] = [this.#bag[j], this.#bag[i]];
      }
    }
    return this.#bag.pop();
  }
}

/** Upload requests: the chunks sent to the upload endpoint with a delegated token. */
function isUpload(req) {
  return req.method === 'POST' && req.url.split('?')[0] === '/upload';
}

/** What upload-server's answers carry too: any origin, and the rate-limit headers readable. */
const CORS = {
  'access-control-allow-origin': '*',
  'access-control-expose-headers': 'X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Retry-After',
};

/**
 * Finds the file bytes in a multipart body as it streams by: they start after the headers of
 * the part that carries a filename and end before the closing boundary (the file is the last
 * part, as the library sends it). `payloadIn(from, to)` says how many file bytes lie in the
 * body's byte range [from, to).
 */
class PayloadMeter {
  #head = Buffer.alloc(0);
  #contentLength;
  #boundary;
  start = null; // offset of the first file byte, once known
  end = null;

  constructor(headers) {
    this.#contentLength = Number(headers['content-length']);
    this.#boundary = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(headers['content-type'] ?? '')?.slice(1).find(Boolean);
  }

  /** Feeds the body's next bytes (only the first few KiB are kept, to find the file part). */
  see(chunk) {
    if (this.start !== null || !this.#boundary || !Number.isFinite(this.#contentLength)) return;
    this.#head = Buffer.concat([this.#head, chunk.subarray(0, 64 * 1024)]);
    const filename = this.#head.indexOf('filename=');
    const headersEnd = filename < 0 ? -1 : this.#head.indexOf('\r\n\r\n', filename);
    if (headersEnd >= 0) {
      this.start = headersEnd + 4;
      this.end = this.#contentLength - Buffer.byteLength(`\r\n--${this.#boundary}--\r\n`);
      this.#head = null;
    }
  }

  payloadIn(from, to) {
    if (this.start === null) return 0;
    return Math.max(0, Math.min(to, this.end) - Math.max(from, this.start));
  }
}

/**
 * Starts the proxy.
 * @param {object} o
 * @param {string} o.upstream          upload-server's URL, e.g. 'http://127.0.0.1:8080'
 * @param {number} [o.seed]            the PRNG's seed (default: a random one; read `seed` back)
 * @param {number} [o.rate]            the share of upload requests that fail, default 0.2
 * @param {string[]} [o.kinds]         the kinds of fault to inject, default all six
 * @param {number} [o.retryAfterSeconds]  X-RateLimit-Retry-After of the 429s, default 1
 * @param {string} [o.listen]          'host:port', default '127.0.0.1:0'
 * @param {(line: string) => void} [o.log]  hears one line per fault
 */
export async function startFaultProxy({ upstream, seed = randomInt(2 ** 32), rate = 0.2, kinds = FAULT_KINDS, retryAfterSeconds = 1, listen = '127.0.0.1:0', log = () => {} }) {
  const target = new URL(upstream);
  const agent = new http.Agent({ keepAlive: true });
  const plan = new FaultPlan({ seed, rate, kinds });
  const faults = Object.fromEntries(FAULT_KINDS.map((kind) => [kind, 0]));
  const byToken = new Map();
  // Every upload request: { n, token, range, fault, upstreamStatus, arrived, bodyEnd, ended }, times
  // in performance.now() ms: when it arrived, when its body was all read (faults that read it),
  // when the proxy was done with it (answered, destroyed, or for a black hole, the client closed it).
  const events = [];
  const blackHoled = new Set(); // sockets held open without an answer
  let uploadRequests = 0;

  function account(token) {
    if (!byToken.has(token)) byToken.set(token, { requests: 0, faults: 0, received: 0, forwarded: 0, stored: 0 });
    return byToken.get(token);
  }

  function forwardRequest(req) {
    return http.request({
      protocol: target.protocol,
      hostname: target.hostname,
      port: target.port,
      method: req.method,
      path: req.url,
      headers: endToEndHeaders(req.headers),
      agent,
    });
  }

  /** Passes a request through untouched; for an upload, `meter` counts what is forwarded. */
  async function passThrough(req, res, { onBody, onAnswer } = {}) {
    const upstreamReq = forwardRequest(req);
    const fail = (error) => {
      upstreamReq.destroy();
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain', ...CORS }).end(`fault proxy: ${error.message}\n`);
      else res.destroy(error);
    };
    upstreamReq.on('error', fail);
    res.on('close', () => {
      if (!res.writableFinished) upstreamReq.destroy();
    });
    (async () => {
      for await (const chunk of req) {
        onBody?.(chunk);
        if (!upstreamReq.write(chunk)) await once(upstreamReq, 'drain');
      }
      upstreamReq.end();
    })().catch(fail);
    const upstreamRes = await new Promise((resolve) => {
      upstreamReq.once('response', resolve);
      upstreamReq.once('close', () => resolve(null));
    });
    if (!upstreamRes) return;
    if (onAnswer) {
      await onAnswer(upstreamRes);
      return;
    }
    res.writeHead(upstreamRes.statusCode, endToEndHeaders(upstreamRes.headers));
    upstreamRes.pipe(res);
    upstreamRes.on('error', (error) => res.destroy(error));
  }

  /** Reads the whole request body, counting its file bytes as received. */
  async function drain(req, meter, counts, event) {
    let offset = 0;
    for await (const chunk of req) {
      meter.see(chunk);
      counts.received += meter.payloadIn(offset, offset + chunk.length);
      offset += chunk.length;
    }
    event.bodyEnd = performance.now();
  }

  function answerProblem(res, status, title, extraHeaders = {}) {
    const body = JSON.stringify({ type: 'https://docs.api.video/reference/fault-proxy', title, status });
    res.writeHead(status, { 'content-type': 'application/problem+json', 'content-length': Buffer.byteLength(body), ...CORS, ...extraHeaders });
    res.end(body);
  }

  async function handleUpload(req, res) {
    const n = ++uploadRequests;
    const token = new URL(req.url, 'http://proxy').searchParams.get('token') ?? '(none)';
    const counts = account(token);
    counts.requests++;
    const fault = plan.next();
    const event = { n, token, range: req.headers['content-range'] ?? null, fault, upstreamStatus: null, arrived: performance.now(), bodyEnd: null, ended: null };
    const ended = () => (event.ended ??= performance.now());
    res.on('close', ended);
    events.push(event);
    if (fault) {
      faults[fault]++;
      counts.faults++;
      log(`#${n} ${fault} (${event.range}, token ${token})`);
    }
    const meter = new PayloadMeter(req.headers);
    let offset = 0;
    const countForwarded = (chunk) => {
      meter.see(chunk);
      const payload = meter.payloadIn(offset, offset + chunk.length);
      counts.received += payload;
      counts.forwarded += payload;
      offset += chunk.length;
    };

    switch (fault) {
      case null:
        return passThrough(req, res, {
          onBody: countForwarded,
          onAnswer: async (upstreamRes) => {
            event.upstreamStatus = upstreamRes.statusCode;
            if (upstreamRes.statusCode < 300) counts.stored++;
            res.writeHead(upstreamRes.statusCode, endToEndHeaders(upstreamRes.headers));
            upstreamRes.pipe(res);
            upstreamRes.on('error', (error) => res.destroy(error));
          },
        });
      case 'status500':
        await drain(req, meter, counts, event);
        return answerProblem(res, 500, 'Internal Server Error (injected by the fault proxy)');
      case 'status503':
        await drain(req, meter, counts, event);
        return answerProblem(res, 503, 'Service Unavailable (injected by the fault proxy)');
      case 'status429':
        await drain(req, meter, counts, event);
        return answerProblem(res, 429, 'Too Many Requests (injected by the fault proxy)', {
          'x-ratelimit-limit': '100',
          'x-ratelimit-remaining': '0',
          'x-ratelimit-retry-after': String(retryAfterSeconds),
        });
      case 'reset': {
        // Somewhere in the body: 10 % to 90 % of it.
        const length = Number(req.headers['content-length']) || 0;
        const cut = Math.floor(length * (0.1 + 0.8 * plan.random()));
        const upstreamReq = forwardRequest(req);
        upstreamReq.on('error', () => {}); // destroyed on purpose
        let sent = 0;
        for await (const chunk of req) {
          const part = chunk.subarray(0, cut - sent);
          countForwarded(part);
          sent += part.length;
          if (part.length > 0) await new Promise((resolve) => upstreamReq.write(part, resolve));
          if (sent >= cut) break;
        }
        req.socket.destroy();
        ended();
        upstreamReq.destroy();
        return;
      }
      case 'lostAnswer':
        return passThrough(req, res, {
          onBody: countForwarded,
          onAnswer: async (upstreamRes) => {
            event.upstreamStatus = upstreamRes.statusCode;
            upstreamRes.resume();
            await once(upstreamRes, 'end').catch(() => {});
            if (upstreamRes.statusCode < 300) counts.stored++;
            req.socket.destroy();
            ended();
          },
        });
      case 'blackHole':
        await drain(req, meter, counts, event);
        blackHoled.add(req.socket);
        req.socket.once('close', () => blackHoled.delete(req.socket));
        return; // never answered
    }
  }

  const server = http.createServer(
    // A black-holed request stays open until the client gives up: no server-side timeouts.
    { requestTimeout: 0, keepAliveTimeout: 60_000 },
    (req, res) => {
      // Every request on a connection of its own (each answer closes it): when a reused
      // connection closes without an answer, Chromium sends the request again by itself, and
      // the library would never see the reset or the lost answer.
      res.shouldKeepAlive = false;
      const handled = isUpload(req) ? handleUpload(req, res) : passThrough(req, res);
      handled.catch((error) => res.destroy(error));
    },
  );
  const address = await listenOn(server, listen);
  return {
    url: `http://${address.address}:${address.port}`,
    seed,
    /** Counts so far: upload requests, faults by kind, per-token bytes, every upload request. */
    stats() {
      return {
        uploadRequests,
        faults: { ...faults },
        faultCount: Object.values(faults).reduce((a, b) => a + b, 0),
        byToken: new Map([...byToken].map(([token, counts]) => [token, { ...counts }])),
        events: events.map((e) => ({ ...e })),
        blackHoledOpen: blackHoled.size,
      };
    },
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
      listen: { type: 'string', default: '127.0.0.1:0' },
      rate: { type: 'string', default: '0.2' },
      seed: { type: 'string' },
      'retry-after': { type: 'string', default: '1' },
      kinds: { type: 'string', default: FAULT_KINDS.join(',') },
    },
  });
  if (!values.upstream) {
    console.error('usage: node tests/faults/fault-proxy.mjs --upstream URL [--listen HOST:PORT] [--rate 0.2] [--seed N] [--retry-after S] [--kinds a,b,...]');
    process.exit(2);
  }
  const proxy = await startFaultProxy({
    upstream: values.upstream,
    listen: values.listen,
    rate: Number(values.rate),
    seed: values.seed === undefined ? undefined : Number(values.seed),
    retryAfterSeconds: Number(values['retry-after']),
    kinds: values.kinds.split(',').filter(Boolean),
    log: (line) => console.log(line),
  });
  console.log(`listening on ${proxy.url} (seed ${proxy.seed})`);
  const stop = () => proxy.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
