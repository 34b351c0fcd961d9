// What the widget checks before any byte is sent: its attributes, when it connects and when
// they change (a value it or the library cannot use disables it, with a banner and a console
// error naming the attribute, until it is fixed; no file is taken meanwhile), and each file
// (max-size, max-duration, accept, on picked and dropped files alike), each refusal in plain
// words with no request to the server; and the first frame of each video as a thumbnail.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { MiB, assertPackageLoads, launchBrowser, newPage, screenshot, startServer, testFile, widgetItems } from './helpers.mjs';

let server;
let browser;
let big;
let small;
before(async () => {
  [server, browser, big, small] = await Promise.all([startServer(), launchBrowser(), testFile('big.mp4', 2 * MiB, 4), testFile('small.mp4', MiB / 2, 5)]);
  await assertPackageLoads(browser, server.url);
});
after(async () => {
  await browser?.close();
  await server?.stop();
  await big?.cleanup();
  await small?.cleanup();
});

/**
 * The demo page with `query`; records the upload-error events (window.errors) and what the page
 * writes with console.error (window.told). Returns the page and its token.
 */
async function openWidget(query = '') {
  const { token } = await server.createToken(3600);
  const page = await newPage(browser);
  await page.addInitScript(() => {
    window.errors = [];
    document.addEventListener('upload-error', (e) => window.errors.push({ fileName: e.detail.fileName, reason: e.detail.error?.reason, message: e.detail.message }));
    window.told = [];
    const error = console.error;
    console.error = (...args) => {
      window.told.push(args.map(String).join(' '));
      error.apply(console, args);
    };
  });
  await page.goto(`${server.url}/?token=${token}${query}`);
  return { page, token };
}

/** The banner above the queue (its text, one line per problem), or null when it is hidden. */
const banner = (page) =>
  page.evaluate(() => {
    const p = document.querySelector('video-upload-widget').shadowRoot.querySelector('.config-error');
    return p.hidden ? null : p.textContent;
  });
const dropDisabled = (page) => page.locator('video-upload-widget .drop').getAttribute('aria-disabled');
/** What the widget wrote with console.error. */
const told = (page) => page.evaluate(() => window.told.filter((text) => text.startsWith('<video-upload-widget>')));
const setAttribute = (page, name, value) =>
  page.evaluate(([name, value]) => {
    const widget = document.querySelector('video-upload-widget');
    if (value === null) widget.removeAttribute(name);
    else widget.setAttribute(name, value);
  }, [name, value]);
const pick = (page, path) => page.locator('video-upload-widget input[type="file"]').setInputFiles(path);
/** Gives a file every way a page or a person can while the widget is disabled: none may be queued. */
async function offerFiles(page, path) {
  await pick(page, path);
  await page.evaluate(async () => {
    const widget = document.querySelector('video-upload-widget');
    await widget.addFiles([new File([new Uint8Array(1000)], 'given.mp4', { type: 'video/mp4' })]);
    const data = new DataTransfer();
    data.items.add(new File([new Uint8Array(1000)], 'dropped.mp4', { type: 'video/mp4' }));
    widget.shadowRoot.querySelector('.drop').dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
  });
  // A queued file gets its row at once: give it time all the same.
  await page.waitForTimeout(300);
}

/** Waits until no row is waiting or uploading. */
const settled = (page, rows) =>
  page.waitForFunction(
    (rows) => {
      const items = [...document.querySelector('video-upload-widget').shadowRoot.querySelectorAll('.item')];
      return items.length === rows && items.every((li) => ['done', 'error', 'refused', 'cancelled'].includes(li.dataset.state));
    },
    rows,
    { timeout: 20_000 },
  );
const hint = (page) => page.locator('video-upload-widget #hint').textContent();

/** Records a `seconds`-long WebM from a canvas in the page, as window.recorded (a File named `name`). */
function recordVideo(page, name, seconds) {
  return page.evaluate(
    async ([name, seconds]) => {
      const canvas = Object.assign(document.createElement('canvas'), { width: 320, height: 180 });
      const ctx = canvas.getContext('2d');
      const recorder = new MediaRecorder(canvas.captureStream(30), { mimeType: 'video/webm' });
      const chunks = [];
      recorder.ondataavailable = (e) => chunks.push(e.data);
      const stopped = new Promise((resolve) => (recorder.onstop = resolve));
      recorder.start();
      const start = performance.now();
      await new Promise((resolve) => {
        const frame = () => {
          const t = (performance.now() - start) / 1000;
          ctx.fillStyle = '#f97316';
          ctx.fillRect(0, 0, 320, 180);
          ctx.fillStyle = '#1e3a8a';
          ctx.fillRect(0, 90, 320, 90);
          if (t < seconds) requestAnimationFrame(frame);
          else resolve();
        };
        requestAnimationFrame(frame);
      });
      recorder.stop();
      await stopped;
      window.recorded = new File(chunks, name, { type: 'video/webm' });
    },
    [name, seconds],
  );
}

test('max-size: a larger file is refused in plain words and nothing is sent; a smaller one uploads', async () => {
  const { page, token } = await openWidget('&max-size=1MB');
  try {
    assert.equal(await hint(page), 'Several files upload one after another. Up to 1 MB a file.');
    await page.locator('video-upload-widget input[type="file"]').setInputFiles([big.path, small.path]);
    await settled(page, 2);
    const [refused, done] = await widgetItems(page);
    assert.equal(refused.state, 'refused');
    // Decimal units, as the widget shows every size: max-size="1MB" is 1,000,000 bytes, and the
    // 2 MiB file (2,097,152 bytes) is "2.1 MB".
    assert.equal(refused.error, 'big.mp4 is 2.1 MB: larger than the 1 MB allowed.');
    assert.deepEqual(refused.buttons, ['Remove']);
    assert.equal(await page.locator('video-upload-widget .item .state').first().textContent(), 'Refused');
    assert.equal(done.state, 'done');
    assert.deepEqual(await page.evaluate(() => window.errors), [{ fileName: 'big.mp4', reason: 'FILE_TOO_LARGE', message: refused.error }]);
    // One request: the small file's.
    assert.deepEqual(await server.stats(token), { uploadRequests: 1, receivedBytes: MiB / 2 });
    await screenshot(page, 'widget-refused.png');

    // Binary units where written so (2 GiB = 2,147,483,648 bytes, "2.1 GB"), decimal otherwise;
    // Remove takes the row away.
    await page.locator('video-upload-widget').evaluate((widget) => widget.setAttribute('max-size', '2 GiB'));
    assert.equal(await hint(page), 'Several files upload one after another. Up to 2.1 GB a file.');
    await page.locator('video-upload-widget').evaluate((widget) => widget.setAttribute('max-size', '2GB'));
    assert.equal(await hint(page), 'Several files upload one after another. Up to 2 GB a file.');
    await page.locator('video-upload-widget').getByRole('button', { name: 'Remove big.mp4' }).click();
    assert.deepEqual((await widgetItems(page)).map((item) => item.name), ['small.mp4']);
    assert.deepEqual(page.errors, []);
  } finally {
    await page.context().close();
  }
});

test('max-duration: a 1.5 s video is refused with max-duration="1" and taken with "5"; a file whose duration cannot be read is refused; nothing refused is sent', async () => {
  const { page, token } = await openWidget('&max-duration=1');
  try {
    assert.equal(await hint(page), 'Several files upload one after another. Up to 1 second a video.');
    await recordVideo(page, 'clip.webm', 1.5);
    const size = await page.evaluate(() => window.recorded.size);
    await page.evaluate(() => document.querySelector('video-upload-widget').addFiles([window.recorded]));
    await settled(page, 1);
    let [item] = await widgetItems(page);
    assert.equal(item.state, 'refused');
    assert.equal(item.error, 'clip.webm is longer than the 1 second allowed.');
    assert.deepEqual(item.buttons, ['Remove']);

    // A file that is not a video: its duration cannot be read.
    await page.locator('video-upload-widget input[type="file"]').setInputFiles(small.path);
    await settled(page, 2);
    item = (await widgetItems(page))[1];
    assert.equal(item.state, 'refused');
    assert.equal(item.error, 'The length of small.mp4 cannot be read: is it a video this browser can play?');
    assert.deepEqual(
      (await page.evaluate(() => window.errors)).map((e) => e.reason),
      ['VIDEO_TOO_LONG', 'INVALID_VIDEO'],
    );
    assert.deepEqual(await server.stats(token), { uploadRequests: 0, receivedBytes: 0 });

    // Longer allowed: the same video uploads.
    await page.locator('video-upload-widget').evaluate((widget) => widget.setAttribute('max-duration', '5'));
    await page.evaluate(() => document.querySelector('video-upload-widget').addFiles([window.recorded]));
    await settled(page, 3);
    assert.equal((await widgetItems(page))[2].state, 'done');
    assert.deepEqual(await server.stats(token), { uploadRequests: 1, receivedBytes: size });
    assert.deepEqual(page.errors, []);
  } finally {
    await page.context().close();
  }
});

test('accept: a dropped file of another type is refused, the others upload; with accept=".mov,video/webm" the words name them', async () => {
  const { page, token } = await openWidget();
  try {
    const drop = (files) =>
      page.evaluate((files) => {
        const data = new DataTransfer();
        for (const [name, type] of files) data.items.add(new File([new Uint8Array(1000).fill(7)], name, { type }));
        const zone = document.querySelector('video-upload-widget').shadowRoot.querySelector('.drop');
        zone.dispatchEvent(new DragEvent('dragover', { dataTransfer: data, bubbles: true, cancelable: true }));
        zone.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
      }, files);
    await drop([['notes.txt', 'text/plain'], ['clip.mp4', 'video/mp4'], ['film.mkv', '']]);
    await settled(page, 3);
    const items = await widgetItems(page);
    assert.deepEqual(items.map((item) => [item.name, item.state]), [['notes.txt', 'refused'], ['clip.mp4', 'done'], ['film.mkv', 'done']]);
    assert.equal(items[0].error, 'notes.txt cannot be uploaded here: only videos are accepted.');
    assert.deepEqual(await page.evaluate(() => window.errors.map((e) => e.reason)), ['FILE_TYPE_NOT_ACCEPTED']);
    assert.deepEqual(await server.stats(token), { uploadRequests: 2, receivedBytes: 2000 });

    await page.locator('video-upload-widget').evaluate((widget) => widget.setAttribute('accept', '.mov,video/webm'));
    assert.equal(await page.locator('video-upload-widget input[type="file"]').getAttribute('accept'), '.mov,video/webm');
    await drop([['clip.mp4', 'video/mp4'], ['take.MOV', 'video/quicktime']]);
    await settled(page, 5);
    const [refused, taken] = (await widgetItems(page)).slice(3);
    assert.equal(refused.error, 'clip.mp4 cannot be uploaded here: only .mov or video/webm are accepted.');
    assert.equal(taken.state, 'done');
    assert.deepEqual(page.errors, []);
  } finally {
    await page.context().close();
  }
});

test('a preview: the first frame of a video the browser decodes, as a thumbnail; none (and no error) for a file it cannot decode', async () => {
  const { page } = await openWidget();
  try {
    await recordVideo(page, 'sunset.webm', 0.5);
    await page.evaluate(() => document.querySelector('video-upload-widget').addFiles([window.recorded]));
    await page.locator('video-upload-widget input[type="file"]').setInputFiles(small.path);
    await settled(page, 2);
    await page.waitForFunction(() => document.querySelector('video-upload-widget').shadowRoot.querySelector('.thumb'));
    const thumbnails = await page.evaluate(() =>
      [...document.querySelector('video-upload-widget').shadowRoot.querySelectorAll('.item')].map((li) => {
        const canvas = li.querySelector('canvas.thumb');
        if (!canvas) return null;
        // The frame: orange above, blue below.
        const pixel = (y) => [...canvas.getContext('2d').getImageData(80, y, 1, 1).data.slice(0, 3)];
        return { width: canvas.width, height: canvas.height, top: pixel(10), bottom: pixel(canvas.height - 10) };
      }),
    );
    assert.equal(thumbnails[1], null, 'a thumbnail for a file that is not a video');
    const { width, height, top, bottom } = thumbnails[0];
    assert.deepEqual([width, height], [160, 90]);
    assert.ok(top[0] > 200 && top[2] < 80, `the top of the thumbnail is not orange: ${top}`);
    assert.ok(bottom[2] > 100 && bottom[0] < 80, `the bottom of the thumbnail is not blue: ${bottom}`);
    await screenshot(page, 'widget-thumbnail.png');
    assert.deepEqual(page.errors, []);
  } finally {
    await page.context().close();
  }
});

test('chunk-size="1MB": a console error naming chunk-size, a banner, the drop zone disabled, no row for a file given; fixed, a file uploads', async () => {
  const { page, token } = await openWidget('&chunk-size=1MB');
  try {
    assert.equal(
      await banner(page),
      'The chunk-size attribute of <video-upload-widget> cannot be "1MB": give a size from 5MB to 128MB, such as 50MB, or leave it out.',
    );
    assert.equal(await page.locator('video-upload-widget .config-error').getAttribute('role'), 'alert');
    assert.equal(await dropDisabled(page), 'true');
    const [said, ...more] = await told(page);
    assert.match(said, /^<video-upload-widget> chunk-size="1MB": that is 1,048,576 bytes, under the library’s minimum; give a size such as 50MB \(5MB to 128MB, where MB = MiB\)/);
    assert.deepEqual(more, [], 'told more than once');

    // Picked, given to addFiles, dropped: no row, no event, no request (the drop zone ignores
    // the drop; the picker's and addFiles' files are refused, each told).
    await offerFiles(page, small.path);
    assert.deepEqual((await told(page)).slice(1), Array(2).fill('<video-upload-widget> no file taken: fix chunk-size="1MB" first.'));
    assert.deepEqual(await widgetItems(page), []);
    assert.deepEqual(await page.evaluate(() => window.errors), []);
    assert.deepEqual(await server.stats(token), { uploadRequests: 0, receivedBytes: 0 });
    await screenshot(page, 'widget-bad-attribute.png');

    // Fixed: the banner goes, the drop zone takes files, and one uploads.
    await setAttribute(page, 'chunk-size', '5MB');
    assert.equal(await banner(page), null);
    assert.equal(await dropDisabled(page), 'false');
    await pick(page, big.path);
    await settled(page, 1);
    assert.equal((await widgetItems(page))[0].state, 'done');
    // 2 MiB in 5 MiB chunks (chunk-size's MB is the library's: 5MB = 5 MiB): one request.
    assert.deepEqual(await server.stats(token), { uploadRequests: 1, receivedBytes: 2 * MiB });

    // Wrong again, the other way: told again, disabled again, the done row kept.
    await setAttribute(page, 'chunk-size', '200MB');
    assert.match(await banner(page), /^The chunk-size attribute of <video-upload-widget> cannot be "200MB"/);
    assert.equal(await dropDisabled(page), 'true');
    const saidAgain = (await told(page)).slice(3);
    assert.equal(saidAgain.length, 1);
    assert.match(saidAgain[0], /^<video-upload-widget> chunk-size="200MB": that is 209,715,200 bytes, over the library’s maximum/);
    assert.equal((await widgetItems(page)).length, 1);
    // Left out: the library's own plan.
    await setAttribute(page, 'chunk-size', null);
    assert.equal(await banner(page), null);
    assert.deepEqual(page.errors, []);
  } finally {
    await page.context().close();
  }
});

test('an api-host with a path: a console error naming api-host, a banner, no row for a file given; another wrong one is told too; fixed, a file uploads', async () => {
  const { page, token } = await openWidget(`&apiHost=${encodeURIComponent(`${server.url}/api`)}`);
  try {
    assert.equal(
      await banner(page),
      `The api-host attribute of <video-upload-widget> cannot be "${server.url}/api": give a host such as ws.api.video, or an origin such as http://127.0.0.1:8080, with no path.`,
    );
    assert.equal(await dropDisabled(page), 'true');
    assert.deepEqual(await told(page), [
      `<video-upload-widget> api-host="${server.url}/api": it must be a host (and port) only, without a path, query or fragment; give a host such as ws.api.video or an origin such as http://127.0.0.1:8080, with no path.`,
    ]);
    await offerFiles(page, small.path);
    assert.deepEqual(await widgetItems(page), []);
    assert.deepEqual(await server.stats(token), { uploadRequests: 0, receivedBytes: 0 });

    await setAttribute(page, 'api-host', 'ftp://127.0.0.1');
    assert.match(await banner(page), /cannot be "ftp:\/\/127\.0\.0\.1"/);
    assert.match((await told(page)).at(-1), /^<video-upload-widget> api-host="ftp:\/\/127\.0\.0\.1": only http:\/\/ and https:\/\/ are supported;/);

    await setAttribute(page, 'api-host', server.url);
    assert.equal(await banner(page), null);
    assert.equal(await dropDisabled(page), 'false');
    await pick(page, small.path);
    await settled(page, 1);
    assert.equal((await widgetItems(page))[0].state, 'done');
    assert.deepEqual(await server.stats(token), { uploadRequests: 1, receivedBytes: MiB / 2 });
    assert.deepEqual(page.errors, []);
  } finally {
    await page.context().close();
  }
});

test('every attribute the widget reads is checked: each wrong value disables it with its own words, the right ones do not; several at once, one line each; in the widget’s language', async () => {
  const { page } = await openWidget();
  try {
    const wrong = [
      ['api-host', '   ', /it is empty/],
      ['api-host', 'localhost:0', /the port must be a number from 1 to 65535/],
      ['module', 'http://[', /not a URL/],
      ['chunk-size', 'big', /not a size/],
      ['chunk-size', '5.5 MiB per chunk', /not a size/],
      ['parallel-chunks', '17', /at most 16/],
      ['parallel-chunks', '1.5', /a whole number from 1 to 16/],
      ['resume', 'yes', /write resume or resume="true" \(on\)/],
      ['concurrency', '0', /a whole number from 1 up/],
      ['concurrency', 'two', /a whole number from 1 up/],
      ['accept', 'mp4', /"mp4" is neither a MIME type nor an extension/],
      ['max-size', '1 banana', /give a size above 0/],
      ['max-size', '0', /give a size above 0/],
      ['max-duration', 'ten', /a number of seconds/],
      ['max-duration', '-5', /a number of seconds/],
      ['lang', 'fr_FR', /not a language tag/],
    ];
    for (const [name, value, why] of wrong) {
      const before = (await told(page)).length;
      await setAttribute(page, name, value);
      const text = await banner(page);
      assert.ok(text?.startsWith(`The ${name} attribute of <video-upload-widget> cannot be "${value}": `), `${name}="${value}": ${text}`);
      assert.equal(await dropDisabled(page), 'true', `${name}="${value}"`);
      const said = (await told(page)).slice(before);
      assert.equal(said.length, 1, `${name}="${value}": ${said}`);
      assert.ok(said[0].startsWith(`<video-upload-widget> ${name}="${value}": `), said[0]);
      assert.match(said[0], why);
      await setAttribute(page, name, null);
      assert.equal(await banner(page), null, `${name}="${value}" removed`);
      assert.equal(await dropDisabled(page), 'false');
    }

    // What the widget takes is not refused.
    const right = [
      ['api-host', 'localhost:8443'],
      ['api-host', 'http://[::1]:8080/'],
      ['api-host', ''],
      ['module', '/pkg/index.js'],
      ['chunk-size', '128MB'],
      ['chunk-size', '5242880'],
      ['parallel-chunks', '16'],
      ['resume', ''],
      ['resume', 'false'],
      ['concurrency', '3'],
      ['accept', '.mov, video/webm, audio/*'],
      ['accept', ''],
      ['max-size', '2 GiB'],
      ['max-duration', '1.5'],
      ['lang', 'fr-CA'],
    ];
    const before = (await told(page)).length;
    for (const [name, value] of right) {
      await setAttribute(page, name, value);
      assert.equal(await banner(page), null, `${name}="${value}"`);
      await setAttribute(page, name, null);
    }
    assert.equal((await told(page)).length, before);

    // Several at once, with no token: one line each, the token's first; in French with <html lang="fr">.
    await setAttribute(page, 'upload-token', null);
    await setAttribute(page, 'concurrency', '0');
    await setAttribute(page, 'max-size', 'lots');
    assert.deepEqual((await banner(page)).split('\n'), [
      'No upload token: set the upload-token attribute of <video-upload-widget>.',
      'The concurrency attribute of <video-upload-widget> cannot be "0": give a whole number of files, 1 or more, or leave it out.',
      'The max-size attribute of <video-upload-widget> cannot be "lots": give a size such as 500MB or 2GB, or leave it out.',
    ]);
    // The hint leaves out what cannot be used.
    assert.equal(await hint(page), 'Several files upload one after another.');
    await page.evaluate(() => (document.documentElement.lang = 'fr'));
    assert.deepEqual((await banner(page)).split('\n').map((line) => line.replace(/[\u00a0\u202f]/g, ' ')), [
      'Pas de jeton d’envoi : renseignez l’attribut upload-token de <video-upload-widget>.',
      'L’attribut concurrency de <video-upload-widget> ne peut pas valoir « 0 » : donnez un nombre entier de fichiers, 1 ou plus, ou retirez-le.',
      'L’attribut max-size de <video-upload-widget> ne peut pas valoir « lots » : donnez une taille comme 500MB ou 2GB, ou retirez-le.',
    ]);
    await setAttribute(page, 'concurrency', null);
    await setAttribute(page, 'max-size', null);
    assert.equal(await dropDisabled(page), 'true', 'enabled without a token');
    assert.deepEqual(page.errors, []);
  } finally {
    await page.context().close();
  }
});

/**
 * A `module` override that re-exports the package's own library, with a VideoUploader that
 * refuses `parallelChunks: 3`, as a stricter build of the library would: a refusal the widget's
 * own checks cannot foresee.
 */
function stricterBuild(page) {
  return page.evaluate(() => {
    const own = `${location.origin}/pkg/index.js`;
    const source = `import * as library from '${own}';
export * from '${own}';
export default library.default;
export class VideoUploader {
  constructor(options) {
    if (options.parallelChunks === 3) {
      const message = 'parallelChunks cannot be 3 in this build (got 3).';
      throw Object.assign(new Error(message), { reason: 'INVALID_OPTION', title: message, name: 'parallelChunks', retryable: false });
    }
    return new library.VideoUploader(options);
  }
}`;
    document.querySelector('video-upload-widget').setAttribute('module', URL.createObjectURL(new Blob([source], { type: 'text/javascript' })));
  });
}

test('an option the library still refuses (INVALID_OPTION): a banner naming its attribute, not a row with Retry; the file waits, and uploads once the attribute changes', async () => {
  const { page, token } = await openWidget('&parallel-chunks=3');
  try {
    await stricterBuild(page);
    assert.equal(await banner(page), null);
    await pick(page, small.path);
    await page.waitForFunction(() => !document.querySelector('video-upload-widget').shadowRoot.querySelector('.config-error').hidden);
    assert.equal(
      await banner(page),
      'The uploader refused the parallel-chunks attribute of <video-upload-widget>: parallelChunks cannot be 3 in this build (got 3).',
    );
    assert.equal(await dropDisabled(page), 'true');
    assert.deepEqual(await told(page), ['<video-upload-widget> parallel-chunks="3": the uploader refused it: parallelChunks cannot be 3 in this build (got 3).']);
    // The row waits, with no error and no Retry; no event, no request.
    const [row] = await widgetItems(page);
    assert.deepEqual([row.state, row.error, row.buttons], ['queued', null, ['Cancel']]);
    assert.deepEqual(await page.evaluate(() => window.errors), []);
    assert.deepEqual(await server.stats(token), { uploadRequests: 0, receivedBytes: 0 });

    // Another attribute's change leaves it; its own clears it, and the file uploads.
    await setAttribute(page, 'concurrency', '2');
    assert.match(await banner(page), /parallel-chunks/);
    await setAttribute(page, 'parallel-chunks', '2');
    await settled(page, 1);
    assert.equal(await banner(page), null);
    assert.equal((await widgetItems(page))[0].state, 'done');
    assert.deepEqual(await server.stats(token), { uploadRequests: 1, receivedBytes: MiB / 2 });
    assert.deepEqual(page.errors, []);
  } finally {
    await page.context().close();
  }
});

test('an error with no reason (a module that cannot be imported) still has one in upload-error: UNEXPECTED, with its message', async () => {
  const { page } = await openWidget('&module=/no-such-module.js');
  try {
    await pick(page, small.path);
    await settled(page, 1);
    const [row] = await widgetItems(page);
    assert.equal(row.state, 'error');
    const [event] = await page.evaluate(() => window.errors);
    assert.equal(event.reason, 'UNEXPECTED');
    assert.equal(event.message, row.error);
    assert.ok(row.error.length > 0);
  } finally {
    await page.context().close();
  }
});
