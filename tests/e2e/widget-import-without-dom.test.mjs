// The widget's entry (pkg/widget.js, as built) imported in plain Node, where there is no DOM,
// as the server side of Next.js, Nuxt, SvelteKit or Astro imports it: it must not throw, nor
// read the page's globals, nor define the element; its helpers work without a page.
// (Only the widget's entry: the same check for every entry point is its own test.)
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { pkgDir } from './helpers.mjs';

test('importing video-uploader-wasm/widget in Node: no throw, no page global read, no element defined; its helpers work', async () => {
  assert.equal(typeof globalThis.HTMLElement, 'undefined', 'this test needs a Node without a DOM');
  assert.equal(typeof globalThis.customElements, 'undefined');
  // What only a page has: any read of these while the modules load is recorded.
  const touched = [];
  for (const name of ['window', 'document', 'indexedDB', 'localStorage']) {
    Object.defineProperty(globalThis, name, {
      configurable: true,
      get() {
        touched.push(name);
        return undefined;
      },
    });
  }
  let widget;
  try {
    widget = await import(pathToFileURL(join(pkgDir, 'widget.js')).href);
  } finally {
    for (const name of ['window', 'document', 'indexedDB', 'localStorage']) delete globalThis[name];
  }
  assert.deepEqual(touched, [], 'read at import');
  assert.equal(typeof globalThis.customElements, 'undefined', 'the import made a customElements');

  assert.equal(typeof widget.VideoUploadWidget, 'function');
  // chunk-size (the default) in the library's units, where MB = MiB; max-size in decimal ones.
  assert.equal(widget.parseSize('10MB'), 10 * 1024 * 1024);
  assert.equal(widget.parseSize('5MB', 'chunk-size'), 5 * 1024 * 1024);
  assert.equal(widget.parseSize('500MB', 'max-size'), 500_000_000);
  assert.equal(widget.parseSize('2 GiB', 'max-size'), 2 * 1024 ** 3);
  assert.throws(() => widget.parseSize('1 banana', 'max-size'), /max-size "1 banana" is not a size/);
  // Sizes shown in decimal units: kB = 1000 bytes, MB = 1000².
  assert.equal(widget.formatBytes(1536), '1.5 kB');
  assert.equal(widget.formatBytes(7_750_844), '7.8 MB');
  assert.equal(widget.formatBytes(999_999), '1 MB');
  assert.equal(widget.formatBytes(500_000_000), '500 MB');
  assert.equal(widget.formatBytes(1536, 'fr'), '1,5\u202fko');
  assert.equal(widget.describeError({ reason: 'NETWORK_ERROR' }), 'The connection was lost. Check your network, then retry.');
  assert.equal(widget.STRINGS.fr.cancel, 'Annuler');
});
