// Loads the assembled package (pkg/) in headless Chromium and fails unless init() succeeds
// (three times at once, as harmless as once), the token entry's init() too, the classes are
// exported and the widget entry registers its element: a build step (such as an optimiser)
// can break a module that every unit test still passes.
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, resolve } from 'node:path';
import { chromium } from 'playwright-core';

const dir = resolve(process.argv[2] ?? 'pkg');
const types = { '.js': 'text/javascript', '.wasm': 'application/wasm' };
const page = `<script type="module">
  import init, { VideoUploader, ProgressiveUploader } from "/pkg/index.js";
  import initTokens, { UploadTokens } from "/pkg/tokens.js";
  try {
    await Promise.all([init(), init(), init()]);
    await init();
    await initTokens();
    await import("/pkg/widget.js");
    document.title = ![VideoUploader, ProgressiveUploader, UploadTokens].every((c) => typeof c === "function")
      ? "missing exports"
      : !customElements.get("video-upload-widget") ? "the widget entry registers no element" : "loaded";
  } catch (error) {
    document.title = "failed: " + error.message;
  }
</script>`;
const server = createServer(async (request, response) => {
  if (request.url === '/') {
    response.setHeader('content-type', 'text/html');
    return response.end(page);
  }
  try {
    const body = await readFile(join(dir, request.url.replace(/^\/pkg\//, '')));
    response.setHeader('content-type', types[extname(request.url)] ?? 'application/octet-stream');
    response.end(body);
  } catch {
    response.statusCode = 404;
    response.end();
  }
}).listen(0, '127.0.0.1');
await new Promise((ready) => server.once('listening', ready));
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
});
try {
  const tab = await browser.newPage();
  await tab.goto(`http://127.0.0.1:${server.address().port}/`);
  await tab.waitForFunction(() => document.title !== '', null, { timeout: 20_000 });
  const outcome = await tab.title();
  if (outcome !== 'loaded') {
    console.error(`${dir}: the package does not load in Chromium: ${outcome}`);
    process.exitCode = 1;
  } else {
    console.log(`${dir}: loads in Chromium`);
  }
} finally {
  await browser.close();
  server.close();
}
