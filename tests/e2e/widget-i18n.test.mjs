// The widget's words in the page's language: French with <html lang="fr"> (numbers, sizes,
// durations and plurals from Intl), lang on the element itself, a page's own language added to
// STRINGS, and the `strings` property over any word.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { MiB, assertPackageLoads, launchBrowser, newPage, screenshot, startServer, testFile, throttleUploads, waitForChunks, widgetItems } from './helpers.mjs';

let server;
let browser;
let files;
before(async () => {
  [server, browser, ...files] = await Promise.all([
    startServer(),
    launchBrowser(),
    testFile('vacances.mp4', 12 * MiB, 31),
    testFile('mariage.mp4', 12 * MiB, 32),
    testFile('petit.mp4', MiB / 2, 33),
  ]);
  await assertPackageLoads(browser, server.url);
});
after(async () => {
  await browser?.close();
  await server?.stop();
  for (const file of files ?? []) await file?.cleanup();
});

/** Every text of the widget's shadow DOM (and its labels), narrow and plain no-break spaces as spaces. */
const shadowText = (page) =>
  page.evaluate(() => {
    const root = document.querySelector('video-upload-widget').shadowRoot;
    const texts = [...root.querySelectorAll('*:not(style)')].flatMap((el) => [
      ...[...el.childNodes].filter((node) => node.nodeType === Node.TEXT_NODE).map((node) => node.textContent),
      el.getAttribute('aria-label') ?? '',
      el.getAttribute('aria-valuetext') ?? '',
      el.getAttribute('title') ?? '',
    ]);
    return texts.join('\n').replace(/[\u00a0\u202f]/g, ' ');
  });
const plain = (text) => text?.replace(/[\u00a0\u202f]/g, ' ');

test('French with <html lang="fr">: every word, with French numbers, sizes and plurals, also in the list of interrupted uploads', async () => {
  const { token } = await server.createToken(3600);
  const page = await newPage(browser);
  try {
    await page.addInitScript(() => (window.showOpenFilePicker = undefined));
    await throttleUploads(page, 16 * MiB);
    // ?lang=fr sets <html lang="fr"> in the demo page.
    await page.goto(`${server.url}/?token=${token}&lang=fr&resume&concurrency=2&chunk-size=5MB&parallel-chunks=1&max-size=20MB`);
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'fr');
    const dropZone = page.locator('video-upload-widget').getByRole('button', { name: 'Déposez des vidéos ici ou choisissez des fichiers' });
    assert.equal(await dropZone.count(), 1);
    assert.equal(plain(await page.locator('video-upload-widget #hint').textContent()), 'Plusieurs fichiers s’envoient 2 à la fois. Jusqu’à 20 Mo par fichier.');

    // Two uploads interrupted by a reload: "2 envois ont été interrompus".
    await page.locator('video-upload-widget input[type="file"]').setInputFiles([files[0].path, files[1].path]);
    await page.waitForFunction(() => document.querySelector('video-upload-widget').shadowRoot.querySelector('.item[data-state="uploading"] .speed:not(:empty)'));
    const uploading = await shadowText(page);
    assert.match(uploading, /Envoi en cours/);
    assert.match(uploading, /\d+ %/);
    // Decimal units: the 12 MiB file (12,582,912 bytes) is "13 Mo".
    assert.match(uploading, /[\d,]+ Mo sur 13 Mo/);
    assert.match(uploading, /[\d,]+ Mo\/s/);
    assert.match(uploading, /encore \d+ s/);
    assert.match(uploading, /Progression de l’envoi de vacances\.mp4/);
    assert.match(uploading, /Pause vacances\.mp4/);
    await waitForChunks(page, 1, 2);
    await page.reload();
    await page.waitForFunction(() => document.querySelector('video-upload-widget')?.shadowRoot.querySelector('.interrupted:not([hidden]) li'));
    assert.equal(await page.locator('video-upload-widget .interrupted strong').textContent(), '2 envois ont été interrompus');
    assert.equal(await page.locator('video-upload-widget [role="status"]').textContent(), '2 envois ont été interrompus.');
    const meta = (await page.locator('video-upload-widget .interrupted .meta').allTextContents()).map(plain);
    assert.ok(meta.every((text) => /^13 Mo · commencé (maintenant|il y a \d+ secondes?)$/.test(text)), meta.join(' | '));
    assert.deepEqual(
      await page.locator('video-upload-widget .interrupted li').first().locator('button').allTextContents(),
      [`Choisir de nouveau ${await page.locator('video-upload-widget .interrupted .name').first().textContent()} pour continuer`, 'Abandonner'],
    );
    await screenshot(page, 'widget-interrupted-fr.png');
    await page.locator('video-upload-widget').getByRole('button', { name: 'Abandonner mariage.mp4' }).click();
    assert.equal(await page.locator('video-upload-widget .interrupted strong').textContent(), '1 envoi a été interrompu');
    await page.locator('video-upload-widget').getByRole('button', { name: 'Abandonner vacances.mp4' }).click();

    // A refusal, a finished upload and a cancelled one, in French.
    await page.evaluate(() => {
      const widget = document.querySelector('video-upload-widget');
      widget.setAttribute('max-size', '1MB');
      widget.setAttribute('concurrency', '1');
    });
    await page.locator('video-upload-widget input[type="file"]').setInputFiles([files[0].path, files[2].path]);
    await page.waitForFunction(() => document.querySelector('video-upload-widget').shadowRoot.querySelector('.item[data-state="done"]'), null, { timeout: 20_000 });
    const [refused, done] = await widgetItems(page);
    assert.equal(plain(refused.error), 'vacances.mp4 fait 13 Mo : c’est plus que les 1 Mo autorisés.');
    assert.deepEqual(refused.buttons, ['Retirer']);
    assert.equal(plain(done.percent), '100 %');
    const text = await shadowText(page);
    for (const words of ['Refusé', 'Envoyé', '524 ko sur 524 ko', 'Identifiant de la vidéo', 'Ouvrir le lecteur', 'Lecteur : petit.mp4', 'Envois']) {
      assert.ok(text.includes(words), `"${words}" is not shown`);
    }
    assert.match(plain(await page.locator('video-upload-widget [role="status"]').textContent()), /^petit\.mp4 est envoyé\. Identifiant de la vidéo : vi\w+\.$/);
    // No English word is left.
    for (const english of ['Upload', 'Drop', 'Waiting', 'Remove', 'Video id', 'Player', ' of ', 'MB', 'left']) {
      assert.ok(!text.includes(english), `"${english}" in the French widget:\n${text}`);
    }
    await screenshot(page, 'widget-fr.png');
    assert.deepEqual(page.errors, []);
  } finally {
    await page.context().close();
  }
});

test('lang on the element wins over the page’s and is followed when it changes; a language added to STRINGS; the strings property overrides any word', async () => {
  const { token } = await server.createToken(3600);
  const page = await newPage(browser);
  try {
    await page.goto(`${server.url}/?token=${token}`);
    const widget = page.locator('video-upload-widget');
    const lead = () => widget.locator('.drop strong').textContent();
    assert.equal(await lead(), 'Drop videos here or choose files');

    await widget.evaluate((el) => el.setAttribute('lang', 'fr-CA'));
    assert.equal(await lead(), 'Déposez des vidéos ici ou choisissez des fichiers');
    await widget.evaluate((el) => el.removeAttribute('lang'));
    assert.equal(await lead(), 'Drop videos here or choose files');
    // The page's language, changed after the widget was drawn.
    await page.evaluate(() => (document.documentElement.lang = 'fr'));
    assert.equal(await lead(), 'Déposez des vidéos ici ou choisissez des fichiers');

    // A language of the page's own: its words, English for those it lacks, and the locale's numbers.
    await page.evaluate(async () => {
      const { STRINGS } = await import('/pkg/widget.js');
      STRINGS.de = { drop: 'Videos hier ablegen oder', choose: 'Dateien auswählen', maxSize: 'Bis zu {size} pro Datei.' };
      const el = document.querySelector('video-upload-widget');
      el.setAttribute('max-size', '1.5MB');
      el.setAttribute('lang', 'de');
    });
    assert.equal(await lead(), 'Videos hier ablegen oder Dateien auswählen');
    assert.equal(plain(await widget.locator('#hint').textContent()), 'Several files upload one after another. Bis zu 1,5 MB pro Datei.');

    // `strings` over the language's words, for one widget.
    await widget.evaluate((el) => (el.strings = { choose: 'Filme auswählen', serial: 'Eine Datei nach der anderen.' }));
    assert.equal(await lead(), 'Videos hier ablegen oder Filme auswählen');
    assert.equal(plain(await widget.locator('#hint').textContent()), 'Eine Datei nach der anderen. Bis zu 1,5 MB pro Datei.');
    assert.deepEqual(await widget.evaluate((el) => el.strings), { choose: 'Filme auswählen', serial: 'Eine Datei nach der anderen.' });
    assert.deepEqual(page.errors, []);
  } finally {
    await page.context().close();
  }
});
