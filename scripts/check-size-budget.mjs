// The size budget: what a page downloads from the package, gzipped, measured in headless
// Chromium for four pages (scripts/page-weight.mjs: how, and why the static-site way), against
// the figures in tests/size-budget.json. Prints the table; fails when a page grows past its
// budget. The 64 KiB goal for the VideoUploader page is printed beside it, not enforced: on
// stable Rust with the named stack the page is heavier (README, "Size": what each crate costs).
//
// The budget is the measured figure plus 3 %, so that ordinary changes do not fight over bytes;
// a change that needs more writes new figures with --update, in its own commit that says why.
//
//   node scripts/check-size-budget.mjs [pkg]           measure and check
//   node scripts/check-size-budget.mjs [pkg] --update  measure, and write the figures + 3 % as the budget
import { readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { measurePageWeights } from './page-weight.mjs';

const budgetPath = fileURLToPath(new URL('../tests/size-budget.json', import.meta.url));
/** What the page that uploads with VideoUploader was meant to stay under (issue 15): shown, not enforced. */
const GOAL = { VideoUploader: 64 * 1024 };
const HEADROOM = 1.03;

const args = process.argv.slice(2);
const update = args.includes('--update');
const pkgDir = resolve(args.find((a) => !a.startsWith('--')) ?? 'pkg');

const measured = await measurePageWeights(pkgDir);

const kib = (bytes) => (bytes === undefined ? '—' : `${(bytes / 1024).toFixed(1)} KiB`);
let budget;
if (update) {
  budget = {
    about:
      'Bytes after gzip -9 that a page downloads from the package, measured in Chromium by scripts/check-size-budget.mjs; ' +
      'the budget is the measured figure + 3 %. npm test fails when a page grows past its budget. ' +
      'Rewrite with node scripts/check-size-budget.mjs pkg --update, in a commit that says why.',
    pages: Object.fromEntries(
      Object.entries(measured).map(([name, { bytes }]) => [name, { measured: bytes, budget: Math.ceil(bytes * HEADROOM) }]),
    ),
  };
  await writeFile(budgetPath, `${JSON.stringify(budget, null, 2)}\n`);
  console.log(`wrote ${budgetPath}`);
} else {
  budget = JSON.parse(await readFile(budgetPath, 'utf8'));
}

console.log(`what a page downloads from ${pkgDir}, gzip -9, measured in Chromium:`);
console.log(`  ${'page'.padEnd(20)} ${'now'.padStart(10)} ${'budget'.padStart(10)} ${'goal'.padStart(10)}  files`);
const failures = [];
for (const [name, { bytes, files }] of Object.entries(measured)) {
  const limit = budget.pages?.[name]?.budget;
  const goal = GOAL[name];
  const list = Object.entries(files).map(([file, n]) => `${file} ${kib(n)}`).join(' + ');
  console.log(`  ${name.padEnd(20)} ${kib(bytes).padStart(10)} ${kib(limit).padStart(10)} ${kib(goal).padStart(10)}  ${list}`);
  if (goal !== undefined && bytes > goal) {
    console.log(`  (${name}: ${kib(bytes - goal)} past its goal of ${kib(goal)}; README, "Size", says what each crate costs)`);
  }
  if (limit === undefined) {
    failures.push(`${name}: no budget in tests/size-budget.json (--update writes the measured figures + 3 %).`);
  } else if (bytes > limit) {
    const was = budget.pages[name].measured;
    failures.push(
      `${name}: ${bytes} bytes, ${bytes - limit} over its budget of ${limit}` +
        (was === undefined ? '' : ` (${bytes >= was ? '+' : ''}${bytes - was} since the figure of ${was} it was set from)`) +
        '. Make it smaller, or, if the growth is worth it, run node scripts/check-size-budget.mjs pkg --update and say why in the commit.',
    );
  }
}
if (failures.length) {
  for (const failure of failures) console.error(`size budget: ${failure}`);
  process.exitCode = 1;
} else {
  console.log('size budget: ok');
}
