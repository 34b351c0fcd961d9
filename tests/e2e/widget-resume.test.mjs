// Uploads that a reload interrupted, listed by the widget (with the `resume` attribute): with a
// FileSystemFileHandle kept in IndexedDB, Resume continues without a pick; without one, the same
// file picked again continues, and another file is refused. Each time the server's counters
// prove that only the missing chunks went, into the same video, byte for byte.
// 30 MiB files in 5 MiB chunks, one at a time, uploads limited to 16 MiB/s so that a reload
// lands in the middle.
import assert from 'node:assert/strict';
import { copyFile, mkdir, mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import {
  MiB, assertPackageLoads, launchBrowser, newPage, pkgDir, pseudoRandomBytes, repoRoot, screenshotDir, sha256, sha256OfUrl,
  startServer, throttleUploads, waitForChunks, widgetItems,
} from './helpers.mjs';

const CHUNK = 5 * MiB;
const TOTAL = 30 * MiB;
const CHUNKS = TOTAL / CHUNK;
let server;
let browser;
let dir; // the files: fixtures/ (also served at /fixtures), and other/ (other files of the same name)
const trip = pseudoRandomBytes(TOTAL, 21);
const holiday = pseudoRandomBytes(TOTAL, 22);

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'e2e-resume-'));
  await Promise.all([
    writeFile(join(dir, 'trip.mp4'), trip),
    writeFile(join(dir, 'holiday.mp4'), holiday),
    writeFile(join(dir, 'interview.mov'), trip),
  ]);
  [server, browser] = await Promise.all([startServer([join(repoRoot, 'www'), `/pkg=${pkgDir}`, `/fixtures=${dir}`]), launchBrowser()]);
  await assertPackageLoads(browser, server.url);
});
after(async () => {
  await browser?.close();
  await server?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/**
 * The demo page with the widget (`resume`, 5 MiB chunks one at a time, `query` added), uploads
 * at 16 MiB/s; every page load records the progress and error events. `native: false` removes
 * showOpenFilePicker, as in Firefox and Safari.
 */
async function openWidget(token, { query = '', native = true, init } = {}) {
  const page = await newPage(browser);
  await page.addInitScript((native) => {
    if (!native) window.showOpenFilePicker = undefined;
    window.progress = [];
    window.errors = [];
    document.addEventListener('upload-progress', (e) => window.progress.push(e.detail.progress.uploadedBytes));
    document.addEventListener('upload-error', (e) => window.errors.push({ reason: e.detail.error?.reason, message: e.detail.message }));
  }, native);
  if (init) await page.addInitScript(init);
  await throttleUploads(page, 16 * MiB);
  await page.goto(`${server.url}/?token=${token}&chunk-size=5MB&parallel-chunks=1&resume${query}`);
  return page;
}

/** Writes /fixtures/<name> into the origin-private file system; returns nothing (the page keeps it). */
function writeToOpfs(page, name) {
  return page.evaluate(async (name) => {
    const root = await navigator.storage.getDirectory();
    const handle = await root.getFileHandle(name, { create: true });
    await (await fetch(`/fixtures/${name}`)).body.pipeTo(await handle.createWritable());
  }, name);
}

/** The library's resume records (localStorage, JSON): key, video id and acknowledged chunks. */
function remembered(page) {
  return page.evaluate(() =>
    Object.entries(localStorage)
      .filter(([key]) => key.startsWith('video-uploader-wasm:resume:'))
      .map(([key, value]) => {
        const { videoId, done = [] } = JSON.parse(value);
        return { key, videoId, done };
      }),
  );
}

/** The widget's records of interrupted uploads in IndexedDB (the handle as its kind). */
function records(page) {
  return page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open('video-upload-widget', 1);
        open.onupgradeneeded = () => open.result.createObjectStore('uploads', { keyPath: 'id' });
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const request = open.result.transaction('uploads').objectStore('uploads').getAll();
          request.onsuccess = () => {
            open.result.close();
            resolve(request.result.map(({ handle, ...record }) => ({ ...record, handle: handle?.kind ?? null })));
          };
        };
      }),
  );
}

/** The list of interrupted uploads as plain data (null while it is hidden). */
function interrupted(page) {
  return page.evaluate(() => {
    const box = document.querySelector('video-upload-widget').shadowRoot.querySelector('.interrupted');
    if (box.hidden) return null;
    return {
      title: box.querySelector('strong').textContent,
      rows: [...box.querySelectorAll('li')].map((li) => ({
        name: li.querySelector('.name').textContent,
        meta: li.querySelector('.meta').textContent,
        error: li.querySelector('.error')?.textContent ?? null,
        buttons: [...li.querySelectorAll('button')].map((b) => b.textContent),
      })),
    };
  });
}

const waitForList = (page) =>
  page.waitForFunction(() => document.querySelector('video-upload-widget')?.shadowRoot.querySelector('.interrupted:not([hidden]) li'));
const waitForDone = (page, count = 1) =>
  page.waitForFunction((count) => document.querySelector('video-upload-widget').shadowRoot.querySelectorAll('.item[data-state="done"]').length === count, count, { timeout: 30_000 });
const button = (page, name) => page.locator('video-upload-widget').getByRole('button', { name, exact: true });

/** After the reload: what was remembered, the counters, then `resume()`; asserts only the missing chunks went, into the same video. */
async function assertResumesMissingChunks(page, token, bytes, resume) {
  const [state] = await remembered(page);
  const done = state.done.length;
  assert.ok(done >= 1 && done < CHUNKS, `${done} chunks remembered`);
  const before = await server.stats(token);
  await page.evaluate(() => (window.progress = []));
  await resume();
  await waitForDone(page);
  const after = await server.stats(token);
  assert.equal(after.uploadRequests - before.uploadRequests, CHUNKS - done, 'upload requests after the reload');
  assert.equal(after.receivedBytes - before.receivedBytes, TOTAL - done * CHUNK, 'bytes received after the reload');
  const progress = await page.evaluate(() => window.progress);
  assert.ok(progress[0] >= done * CHUNK, `the progress started again at ${progress[0]} bytes, not past the ${done} remembered chunks`);
  const [item] = await widgetItems(page);
  assert.equal(item.videoId, state.videoId, 'the upload went into another video');
  const video = await server.api(`/videos/${item.videoId}`);
  assert.equal(await sha256OfUrl(video.assets.mp4), sha256(bytes));
  // Finished: nothing remembered any more.
  assert.equal(await interrupted(page), null);
  assert.deepEqual(await records(page), []);
  assert.deepEqual(await remembered(page), []);
  assert.deepEqual(page.errors, []);
}

test('an origin-private file handle given to addFiles: after a reload at about half, Resume sends only the missing chunks, into the same video', async () => {
  const { token } = await server.createToken(3600);
  const page = await openWidget(token);
  try {
    await writeToOpfs(page, 'trip.mp4');
    await page.evaluate(async () => {
      const handle = await (await navigator.storage.getDirectory()).getFileHandle('trip.mp4');
      await document.querySelector('video-upload-widget').addFiles([handle]);
    });
    await waitForChunks(page, 2);
    await page.reload();
    await waitForList(page);

    const list = await interrupted(page);
    assert.equal(list.title, '1 upload was interrupted');
    assert.equal(list.rows.length, 1);
    assert.equal(list.rows[0].name, 'trip.mp4');
    // 30 MiB in the widget's decimal units: 31,457,280 bytes, "31 MB".
    assert.match(list.rows[0].meta, /^31 MB · started (now|\d+ seconds? ago)$/);
    assert.deepEqual(list.rows[0].buttons, ['Resume', 'Discard']);
    assert.equal(await page.locator('video-upload-widget [role="status"]').textContent(), '1 upload was interrupted.');
    // What the widget kept: the handle and the file's identity, under the library's own key for
    // this file and token (so Discard and the expiry can forget the library's record too).
    const [record] = await records(page);
    const [state] = await remembered(page);
    assert.equal(record.id, state.key);
    assert.equal(record.handle, 'file');
    assert.equal(record.name, 'trip.mp4');
    assert.equal(record.size, TOTAL);
    assert.equal(record.apiHost, server.url);
    assert.equal(await widgetItems(page).then((items) => items.length), 0);

    await assertResumesMissingChunks(page, token, trip, () => button(page, 'Resume trip.mp4').click());
  } finally {
    await page.context().close();
  }
});

test('without a file handle (the <input> picker, as in Firefox and Safari): "Pick trip.mp4 again to continue" with the same file sends only the missing chunks', async () => {
  const { token } = await server.createToken(3600);
  const page = await openWidget(token, { native: false });
  try {
    await page.locator('video-upload-widget input[type="file"]').setInputFiles(join(dir, 'trip.mp4'));
    await waitForChunks(page, 1);
    await page.reload();
    await waitForList(page);
    const list = await interrupted(page);
    assert.deepEqual(list.rows.map((row) => row.buttons), [['Pick trip.mp4 again to continue', 'Discard']]);
    assert.equal((await records(page))[0].handle, null);

    await assertResumesMissingChunks(page, token, trip, async () => {
      const [chooser] = await Promise.all([page.waitForEvent('filechooser'), button(page, 'Pick trip.mp4 again to continue').click()]);
      assert.equal(chooser.isMultiple(), false);
      await chooser.setFiles(join(dir, 'trip.mp4'));
    });
  } finally {
    await page.context().close();
  }
});

test('another file picked to continue (same name, another size; same name and size, another date) is refused in plain words and nothing is sent', async () => {
  const { token } = await server.createToken(3600);
  const page = await openWidget(token, { native: false });
  const other = join(dir, 'other');
  try {
    await page.locator('video-upload-widget input[type="file"]').setInputFiles(join(dir, 'trip.mp4'));
    await waitForChunks(page, 1);
    await page.reload();
    await waitForList(page);
    const before = await server.stats(token);
    await mkdir(other, { recursive: true });
    // Same name, 1 MiB shorter; then same name and size but other bytes and an older date.
    await writeFile(join(other, 'trip.mp4'), trip.subarray(0, TOTAL - MiB));
    const sameSize = join(other, 'same-size');
    await mkdir(sameSize, { recursive: true });
    await copyFile(join(dir, 'holiday.mp4'), join(sameSize, 'trip.mp4'));
    await utimes(join(sameSize, 'trip.mp4'), new Date('2024-05-01T10:00:00Z'), new Date('2024-05-01T10:00:00Z'));

    for (const path of [join(other, 'trip.mp4'), join(sameSize, 'trip.mp4')]) {
      // The row is drawn again with the refusal: wait for a new one.
      await page.evaluate(() => document.querySelector('video-upload-widget').shadowRoot.querySelector('.interrupted li').setAttribute('data-seen', ''));
      const [chooser] = await Promise.all([page.waitForEvent('filechooser'), button(page, 'Pick trip.mp4 again to continue').click()]);
      await chooser.setFiles(path);
      await page.waitForFunction(() => document.querySelector('video-upload-widget').shadowRoot.querySelector('.interrupted li:not([data-seen]) .error'));
      const list = await interrupted(page);
      assert.equal(list.rows.length, 1);
      assert.match(
        list.rows[0].error,
        /^That is not the same file as trip\.mp4 \(31 MB, modified .+\): nothing was sent\. Pick that file to continue\.$/,
      );
      assert.equal(await page.locator('video-upload-widget .interrupted .error').getAttribute('role'), 'alert');
      assert.deepEqual(list.rows[0].buttons, ['Pick trip.mp4 again to continue', 'Discard']);
      assert.equal((await widgetItems(page)).length, 0, 'the other file was queued');
    }
    await page.waitForTimeout(500);
    assert.deepEqual(await server.stats(token), before, 'something was sent');
    assert.equal((await records(page)).length, 1);

    // Discard forgets it: the widget's record and the library's.
    await button(page, 'Discard trip.mp4').click();
    assert.equal(await interrupted(page), null);
    assert.equal(await page.locator('video-upload-widget').evaluate((el) => el.shadowRoot.activeElement?.className), 'drop');
    assert.deepEqual(await records(page), []);
    assert.deepEqual(await remembered(page), []);
    assert.deepEqual(page.errors, []);
  } finally {
    await page.context().close();
  }
});

test("the drop zone's picker is showOpenFilePicker where there is one, and its handle is kept (Resume, no pick); Discard and the library's 24-hour expiry forget uploads", async () => {
  const { token } = await server.createToken(3600);
  // Chromium's picker, answered with a file of the origin-private file system (Playwright cannot answer the real one).
  const page = await openWidget(token, {
    query: '&concurrency=2',
    init: () => {
      window.pickerCalls = [];
      window.showOpenFilePicker = async (options) => {
        window.pickerCalls.push(JSON.parse(JSON.stringify(options)));
        return [await (await navigator.storage.getDirectory()).getFileHandle('interview.mov')];
      };
    },
  });
  try {
    await writeToOpfs(page, 'interview.mov');
    await page.locator('video-upload-widget').getByRole('button', { name: /^Drop videos here/ }).click();
    await page.locator('video-upload-widget input[type="file"]').setInputFiles(join(dir, 'holiday.mp4'));
    assert.deepEqual(await page.evaluate(() => window.pickerCalls), [{ multiple: true, types: [{ accept: { 'video/*': [] } }] }]);
    await waitForChunks(page, 1, 2);
    await page.reload();
    await waitForList(page);
    const list = await interrupted(page);
    assert.equal(list.title, '2 uploads were interrupted');
    assert.deepEqual(
      list.rows.map((row) => [row.name, row.buttons]).sort(),
      [
        ['holiday.mp4', ['Pick holiday.mp4 again to continue', 'Discard']],
        ['interview.mov', ['Resume', 'Discard']],
      ],
    );
    assert.deepEqual((await records(page)).map((record) => [record.name, record.handle]).sort(), [['holiday.mp4', null], ['interview.mov', 'file']]);
    // The README's picture of the list.
    const top = await page.locator('main h1').boundingBox();
    const widget = await page.locator('#uploader').boundingBox();
    const path = join(screenshotDir, 'widget-interrupted.png');
    await mkdir(screenshotDir, { recursive: true });
    await page.screenshot({ path, clip: { x: 0, y: top.y - 24, width: 900, height: widget.y + widget.height + 16 - (top.y - 24) } });
    if (process.env.UPDATE_DOCS_SCREENSHOT) await copyFile(path, join(repoRoot, 'docs', 'screenshot-widget-interrupted.png'));

    // Discard (from the keyboard): forgotten, the focus goes to the next row's first button.
    await button(page, 'Discard interview.mov').focus();
    await page.keyboard.press('Enter');
    assert.equal((await interrupted(page)).title, '1 upload was interrupted');
    assert.equal(await page.locator('video-upload-widget').evaluate((el) => el.shadowRoot.activeElement?.textContent), 'Pick holiday.mp4 again to continue');
    const left = await records(page);
    assert.deepEqual(left.map((record) => record.name), ['holiday.mp4']);
    assert.deepEqual((await remembered(page)).map((state) => state.key), [left[0].id]);

    // One clock, the library's: the list shows when the library says the upload started, and
    // the widget's own record's time decides nothing (here past 24 hours, yet listed).
    const age = (widgetMs, libraryMs) =>
      page.evaluate(
        ([id, widgetMs, libraryMs]) => {
          localStorage.setItem(id, JSON.stringify({ ...JSON.parse(localStorage.getItem(id)), startedAt: Date.now() - libraryMs }));
          return new Promise((resolve) => {
            indexedDB.open('video-upload-widget', 1).onsuccess = (event) => {
              const db = event.target.result;
              const store = db.transaction('uploads', 'readwrite').objectStore('uploads');
              store.get(id).onsuccess = (e) => {
                store.put({ ...e.target.result, created: Date.now() - widgetMs }).onsuccess = () => {
                  db.close();
                  resolve();
                };
              };
            };
          });
        },
        [left[0].id, widgetMs, libraryMs],
      );
    await age(25 * 3600 * 1000, 2 * 3600 * 1000);
    await page.reload();
    await waitForList(page);
    assert.deepEqual((await interrupted(page)).rows.map((row) => row.meta), ['31 MB · started 2 hours ago']);

    // 24 hours after it started (the library's time), an upload is no longer listed, and is forgotten.
    await age(0, 24 * 3600 * 1000 + 1000);
    await page.reload();
    await page.waitForFunction(() => document.querySelector('video-upload-widget'));
    await page.waitForTimeout(500);
    assert.equal(await interrupted(page), null);
    assert.deepEqual(await records(page), []);
    assert.deepEqual(await remembered(page), []);
    assert.deepEqual(page.errors, []);
  } finally {
    await page.context().close();
  }
});
