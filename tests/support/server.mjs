// Starts target/debug/upload-server on a free port with a fresh data directory,
// for the tests that drive it with the official api.video clients.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
// UPLOAD_SERVER_BIN runs the tests against another build, e.g. target/release/upload-server.
export const serverBinary = process.env.UPLOAD_SERVER_BIN || join(repoRoot, 'target', 'debug', 'upload-server');

const START_TIMEOUT_MS = 30_000;

function buildIfMissing() {
  if (existsSync(serverBinary)) return;
  const build = spawnSync('cargo', ['build', '-p', 'upload-server'], { cwd: repoRoot, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('cargo build -p upload-server failed');
}

/**
 * Spawns upload-server with `args` and waits for its "listening on" line.
 * @returns {Promise<{child, url: string, exited: Promise<{code, signal}>, stderr: () => string}>}
 */
async function spawnServer(args) {
  const child = spawn(serverBinary, args, { stdio: ['ignore', 'pipe', 'pipe'] });

  let stderr = '';
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
    if (process.env.UPLOAD_SERVER_LOG) process.stderr.write(chunk);
  });
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));

  const url = await new Promise((resolve, reject) => {
    let settled = false;
    const timer = setTimeout(() => fail(`no "listening on" line within ${START_TIMEOUT_MS} ms`), START_TIMEOUT_MS);
    function fail(why) {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`upload-server ${why}\n--- its stderr ---\n${stderr}`));
    }
    createInterface({ input: child.stdout }).on('line', (line) => {
      const listening = /^listening on (\S+)/.exec(line);
      if (listening && !settled) {
        settled = true;
        clearTimeout(timer);
        resolve(listening[1].replace(/\/$/, ''));
      }
    });
    child.once('error', (err) => fail(`could not be started: ${err.message}`));
    exited.then(({ code, signal }) => fail(`exited (code ${code}, signal ${signal}) before listening`));
  });
  return { child, url, exited, stderr: () => stderr };
}

/**
 * @param {string[]} extraArgs e.g. ['--tls-self-signed', '--static-dir', dir]
 * @param {{apiKey?: string}} options a fixed API key (default: a random one)
 * @returns {Promise<{url: string, apiKey: string, dataDir: string, stop: () => Promise<void>}>}
 */
export async function startServer(extraArgs = [], { apiKey = randomBytes(16).toString('hex') } = {}) {
  buildIfMissing();
  const dataDir = await mkdtemp(join(tmpdir(), 'upload-server-test-'));
  const { child, url, exited, stderr } = await spawnServer(['--listen', '127.0.0.1:0', '--data-dir', dataDir, '--api-key', apiKey, ...extraArgs]);

  // A server that dies during a test is worth knowing about: say so with its stderr.
  let stopping = false;
  exited.then(({ code, signal }) => {
    if (!stopping) console.error(`upload-server died (code ${code}, signal ${signal})\n${stderr()}`);
  });

  return {
    url,
    apiKey,
    dataDir,
    get stderr() {
      return stderr();
    },
    async stop() {
      stopping = true;
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Like startServer, for tests that crash the server: `crash()` kills it (SIGKILL by default,
 * no chance to clean up) and `restart()` starts it again on the same address and port, with the
 * same data directory, API key and arguments, so that clients find it where it was.
 * `url` stays the same across restarts; `stderr` holds every run's, in order.
 * @returns {Promise<{url: string, port: number, apiKey: string, dataDir: string, running: boolean,
 *   crash: (signal?: string) => Promise<void>, restart: () => Promise<void>, stop: () => Promise<void>}>}
 */
export async function startRestartableServer(extraArgs = [], { apiKey = randomBytes(16).toString('hex') } = {}) {
  buildIfMissing();
  const dataDir = await mkdtemp(join(tmpdir(), 'upload-server-test-'));
  const args = (listen) => ['--listen', listen, '--data-dir', dataDir, '--api-key', apiKey, ...extraArgs];
  let logs = '';
  let current = await spawnServer(args('127.0.0.1:0'));
  const { url } = current;
  const { hostname, port } = new URL(url);
  let expectedExit = false;

  function watch(run) {
    run.exited.then(({ code, signal }) => {
      logs += run.stderr();
      if (!expectedExit) console.error(`upload-server died (code ${code}, signal ${signal})\n${run.stderr()}`);
    });
  }
  watch(current);

  async function kill(signal) {
    const run = current;
    if (!run) return;
    current = null;
    expectedExit = true;
    if (run.child.exitCode === null && run.child.signalCode === null) run.child.kill(signal);
    const timer = setTimeout(() => run.child.kill('SIGKILL'), 5_000);
    await run.exited;
    clearTimeout(timer);
  }

  return {
    url,
    port: Number(port),
    apiKey,
    dataDir,
    get running() {
      return current !== null;
    },
    get stderr() {
      return logs + (current ? current.stderr() : '');
    },
    /** Kills the server (SIGKILL unless told) and waits until it has exited. */
    crash: (signal = 'SIGKILL') => kill(signal),
    /** Starts it again where it was: same host, port, data directory and arguments. */
    async restart() {
      if (current) throw new Error('restart(): upload-server is still running; crash() it first');
      const run = await spawnServer(args(`${hostname}:${port}`));
      if (run.url !== url) throw new Error(`restarted upload-server listens on ${run.url}, not ${url}`);
      expectedExit = false;
      current = run;
      watch(run);
    },
    async stop() {
      await kill('SIGTERM');
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Runs `upload-server token create` against a data directory and returns the token. */
export function createTokenWithCli(dataDir, ttl) {
  const args = ['token', 'create', '--data-dir', dataDir];
  if (ttl !== undefined) args.push('--ttl', String(ttl));
  const run = spawnSync(serverBinary, args, { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`upload-server ${args.join(' ')} failed:\n${run.stderr}`);
  return run.stdout.trim();
}
