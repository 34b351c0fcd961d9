// Minifies every .js file of the package in place (pkg/ by default, its sub-folders too), with
// the pinned terser from the dev dependencies: what a page downloads is the minified code; the
// sources stay readable in npm/ and the crate.
//
//   node scripts/minify-package.mjs [pkg]
//
// Bundlers depend on two things in these files that a minifier could lose, so both are checked
// after minifying and the build fails if either is gone:
//   - `new URL('…_bg.wasm', import.meta.url)` with a plain string literal: Vite and webpack emit
//     the wasm they name as an asset only for that exact form;
//   - the `webpackIgnore` / `@vite-ignore` comments of a dynamic `import()`: without them the
//     bundlers try to resolve the widget's `module` override at build time.
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { minify } from 'terser';

const dir = resolve(process.argv[2] ?? 'pkg');
const names = (await readdir(dir, { recursive: true })).filter((name) => name.endsWith('.js')).sort();

const WASM_URL = /new URL\((["'])(\.\/)?[\w.-]+_bg\.wasm\1,\s*import\.meta\.url\)/g;
const MAGIC_COMMENTS = /webpackIgnore|@vite-ignore/g;

const count = (text, pattern) => text.match(pattern)?.length ?? 0;

for (const name of names) {
  const path = join(dir, name);
  const source = await readFile(path, 'utf8');
  const { code } = await minify(source, {
    module: true,
    compress: { passes: 2 },
    mangle: true,
    // Class names stay: they show in consoles and stack traces, and cost a few bytes.
    keep_classnames: true,
    format: { comments: /webpackIgnore|@vite-ignore/ },
  });
  for (const [what, pattern] of [
    ["new URL('…_bg.wasm', import.meta.url)", WASM_URL],
    ['webpackIgnore / @vite-ignore comments', MAGIC_COMMENTS],
  ]) {
    if (count(code, pattern) !== count(source, pattern)) {
      throw new Error(`minifying ${path} lost ${what}: bundlers need it as it was`);
    }
  }
  await writeFile(path, `${code}\n`);
  console.log(`minified ${name}: ${source.length} -> ${code.length + 1} bytes`);
}
