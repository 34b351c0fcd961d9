// A minimal W3C WebDriver client for WebKitGTK: starts Debian's WebKitWebDriver on a free port,
// opens a session in WebKitGTK's MiniBrowser (on the X display in $DISPLAY, which
// scripts/webkit-tests.sh starts with Xvfb) and offers the few commands the WebKit tests use.
// No dependency: fetch() and child_process. Playwright cannot drive WebKitGTK's MiniBrowser,
// and its own WebKit build cannot be downloaded here.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

const ELEMENT = 'element-6066-11e4-a52e-4f735466cecf'; // W3C WebDriver's web element identifier
const START_TIMEOUT_MS = 15_000;
/**
 * No command takes this long when WebKit is well (scripts get 30 s, setScriptTimeout): past it,
 * WebKit is stuck, and the test fails now, naming the command, rather than at undici's 300 s.
 */
const COMMAND_TIMEOUT_MS = 60_000;
/**
 * WebKitGTK settings for the session. Media is off: WebKitGTK's GStreamer deadlocked its web
 * process's main thread (gst_pad_activate_mode against the `typefind:sink` thread) when a page
 * navigated away while a player <iframe> was still type-finding an uploaded test file, which is
 * not a real video; every WebDriver command then hung. The tests read the player's <video> element,
 * never play it.
 */
const MINIBROWSER_ARGS = ['--automation', '--enable-media=false'];

export const webKitWebDriver = process.env.WEBKITDRIVER || '/usr/bin/WebKitWebDriver';

/** WebKitGTK's MiniBrowser: $MINIBROWSER, or the one the libwebkit2gtk package ships. */
export function findMiniBrowser() {
  if (process.env.MINIBROWSER) return process.env.MINIBROWSER;
  for (const lib of ['/usr/lib/x86_64-linux-gnu', '/usr/lib/aarch64-linux-gnu', '/usr/lib']) {
    if (!existsSync(lib)) continue;
    for (const dir of readdirSync(lib).filter((d) => /^webkit2?gtk-/.test(d)).sort().reverse()) {
      const path = `${lib}/${dir}/MiniBrowser`;
      if (existsSync(path)) return path;
    }
  }
  throw new Error('no WebKitGTK MiniBrowser found (Debian package libwebkit2gtk-4.1-0): run scripts/ensure-tools.sh');
}

async function freePort() {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

class WebDriverError extends Error {}

/**
 * Starts WebKitWebDriver and a MiniBrowser session. Returns the session; `await session.close()`
 * ends both (the browser first, then the driver).
 */
export async function startWebKit() {
  if (!process.env.DISPLAY) throw new Error('WebKitGTK needs an X display: run scripts/webkit-tests.sh (it starts Xvfb)');
  const port = await freePort();
  const driver = spawn(webKitWebDriver, [`--port=${port}`], { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  driver.stdout.on('data', (chunk) => (log += chunk));
  driver.stderr.on('data', (chunk) => (log += chunk));
  const exited = new Promise((resolve) => driver.once('exit', resolve));
  driver.once('error', (error) => (log += `could not start ${webKitWebDriver}: ${error.message}\n`));
  const base = `http://127.0.0.1:${port}`;

  async function command(method, path, body) {
    let response;
    try {
      response = await fetch(`${base}${path}`, {
        method,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(COMMAND_TIMEOUT_MS),
      });
    } catch (error) {
      if (error.name !== 'TimeoutError') throw error;
      throw new Error(`WebDriver ${method} ${path}: no answer within ${COMMAND_TIMEOUT_MS / 1000} s: WebKit is stuck\n--- WebKitWebDriver ---\n${log}`);
    }
    const json = await response.json().catch(() => ({}));
    if (!response.ok || json.value?.error) {
      const error = json.value?.error ?? response.status;
      throw new WebDriverError(`WebDriver ${method} ${path}: ${error}: ${json.value?.message ?? ''}`);
    }
    return json.value;
  }

  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    if (driver.exitCode !== null || driver.signalCode !== null) throw new Error(`WebKitWebDriver exited:\n${log}`);
    try {
      await command('GET', '/status');
      break;
    } catch (error) {
      if (error instanceof WebDriverError) break; // it answers
      if (Date.now() > deadline) {
        driver.kill('SIGKILL');
        throw new Error(`WebKitWebDriver did not listen on ${port} within ${START_TIMEOUT_MS} ms:\n${log}`);
      }
      await sleep(50);
    }
  }

  let sessionId;
  try {
    const created = await command('POST', '/session', {
      capabilities: {
        alwaysMatch: {
          'webkitgtk:browserOptions': { binary: findMiniBrowser(), args: MINIBROWSER_ARGS },
        },
      },
    });
    sessionId = created.sessionId;
  } catch (error) {
    driver.kill('SIGKILL');
    await exited;
    throw new Error(`${error.message}\n--- WebKitWebDriver ---\n${log}`);
  }
  const session = (method, path, body) => command(method, `/session/${sessionId}${path}`, body);

  return {
    get driverLog() {
      return log;
    },
    async goto(url) {
      await session('POST', '/url', { url });
    },
    /** Runs `script` (a function body; its arguments are `arguments`) and returns its result. */
    async execute(script, ...args) {
      return session('POST', '/execute/sync', { script, args });
    },
    /** Runs `script`, which calls its last argument with the result (WebDriver's async script). */
    async executeAsync(script, ...args) {
      return session('POST', '/execute/async', { script, args });
    },
    async setScriptTimeout(ms) {
      await session('POST', '/timeouts', { script: ms });
    },
    /** An element reference for what `script` returns (a DOM element, e.g. in a shadow root). */
    async elementFrom(script, ...args) {
      const value = await this.execute(script, ...args);
      if (!value?.[ELEMENT]) throw new Error(`not an element: ${JSON.stringify(value)}`);
      return value;
    },
    /** WebDriver's Element Send Keys: on an <input type=file>, the path of a file to pick. */
    async sendKeys(element, text) {
      await session('POST', `/element/${element[ELEMENT]}/value`, { text });
    },
    /** WebDriver's Element Click: scrolls to the element and clicks it as a user would. */
    async click(element) {
      await session('POST', `/element/${element[ELEMENT]}/click`, {});
    },
    /** Polls `script` until it returns a truthy value (which is returned) or `timeoutMs` passes. */
    async waitFor(script, { timeoutMs = 30_000, what = script } = {}) {
      const end = Date.now() + timeoutMs;
      for (;;) {
        const value = await this.execute(script);
        if (value) return value;
        if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for: ${what}`);
        await sleep(100);
      }
    },
    async close() {
      try {
        await session('DELETE', '');
      } catch {
        // the browser is gone already: end the driver anyway
      }
      driver.kill('SIGTERM');
      const timer = setTimeout(() => driver.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
