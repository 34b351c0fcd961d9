// The size budget: what a page downloads for each entry point of the package (its JavaScript
// files and the wasm, each compressed with `gzip -9`, as the earlier figures in the README and
// the issues were measured), against the
// figures kept in tests/size-budget.json. Prints the table; fails when an entry grows past its
// budget, naming the files that grew.
//
//   node scripts/check-size-budget.mjs [pkg]           check
//   node scripts/check-size-budget.mjs [pkg] --update  write today's figures as the budget
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const budgetPath = fileURLToPath(new URL('../tests/size-budget.json', import.meta.url));
const args = process.argv.slice(2);
const update = args.includes('--update');
const dir = resolve(args.find((a) => !a.startsWith('--')) ?? 'pkg');

/**
 * The files a page loads for each entry point of the package's exports map; for the main entry,
 * once with VideoUploader and once with ProgressiveUploader, whose module it imports on first use.
 */
const LIBRARY = ['index.js', 'loader.js', 'video_uploader_wasm.js', 'video_uploader_wasm_bg.wasm'];
/** The widget's entry and its modules (widget/), which it imports. */
const WIDGET = ['widget.js', ...readdirSync(join(dir, 'widget'), { recursive: true }).filter((name) => name.endsWith('.js')).sort().map((name) => `widget/${name}`)];
const ENTRIES = {
  '.': LIBRARY,
  '. Progressive': ['index.js', 'loader.js', 'video_uploader_wasm.js', 'video_uploader_wasm_progressive.js', 'video_uploader_wasm_progressive_bg.wasm'],
  './widget': [...WIDGET, ...LIBRARY],
  './tokens': ['tokens.js', 'loader.js', 'video_uploader_wasm_tokens.js', 'video_uploader_wasm_tokens_bg.wasm'],
};

const files = {};
for (const name of new Set(Object.values(ENTRIES).flat())) {
  files[name] = execFileSync('gzip', ['-9c', join(dir, name)]).length;
}
const entries = Object.fromEntries(
  Object.entries(ENTRIES).map(([entry, names]) => [entry, names.reduce((sum, name) => sum + files[name], 0)]),
);

const kib = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`;
if (update) {
  const budget = {
    about: 'Bytes after gzip -9 that a page loads for each entry point of the package; npm test fails when an entry grows past its figure. Lower it when the package shrinks; raise it only in a commit that says why. Written by node scripts/check-size-budget.mjs pkg --update.',
    entries,
    files,
  };
  await writeFile(budgetPath, `${JSON.stringify(budget, null, 2)}\n`);
  console.log(`wrote ${budgetPath}`);
}
const budget = JSON.parse(await readFile(budgetPath, 'utf8'));

console.log('size budget (gzip -9 of what a page loads):');
console.log(`  ${'entry'.padEnd(13)} ${'now'.padStart(10)} ${'budget'.padStart(10)}  files`);
const failures = [];
for (const [entry, names] of Object.entries(ENTRIES)) {
  const now = entries[entry];
  const limit = budget.entries[entry];
  console.log(`  ${entry.padEnd(13)} ${kib(now).padStart(10)} ${kib(limit ?? NaN).padStart(10)}  ${names.join(' + ')}`);
  if (limit === undefined) {
    failures.push(`${entry}: no budget in tests/size-budget.json; add one (--update writes today's figures).`);
  } else if (now > limit) {
    const grown = names
      .filter((name) => files[name] > (budget.files?.[name] ?? 0))
      .map((name) => `${name} +${files[name] - (budget.files?.[name] ?? 0)} bytes`);
    failures.push(
      `${entry}: ${now} bytes gzipped, ${now - limit} bytes (${(((now - limit) / limit) * 100).toFixed(1)} %) over its budget of ${limit}` +
        (grown.length ? ` (grown: ${grown.join(', ')})` : '') +
        '. Make it smaller, or, if the growth is worth it, raise the budget in tests/size-budget.json in the same commit and say why.',
    );
  }
}
if (failures.length) {
  for (const failure of failures) console.error(`size budget exceeded: ${failure}`);
  console.error('(The budget is for the nightly build of the wasm: when scripts/build-package.sh warned that it built with stable, add rust-src to nightly: rustup component add rust-src --toolchain nightly.)');
  process.exitCode = 1;
} else {
  console.log('size budget: ok');
}
