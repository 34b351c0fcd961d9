// Gives a wasm-bindgen module's imports and exports one- or two-letter names, in the wasm and
// in its JavaScript glue alike; and strips the wasm's producers and target_features sections.
//
//   node scripts/minify-wasm-names.mjs <module>_bg.wasm <module>.js
//
// wasm-bindgen names each import after the web API it calls plus a 16-digit hash
// (`__wbg_setRequestHeader_a62c26acc62b07c7`), under the module "./<module>_bg.js", and each
// export after the Rust item (`videouploader_new`). The wasm spells each name once and the glue
// once more, and the hashes do not compress: the names alone were about 2 KB of the gzipped
// download. Binaryen's minify-imports-and-exports-and-modules pass renames them in the wasm and
// reports the renaming; this script runs it and renames the same names in the glue.
//
// The glue is wasm-bindgen's (the version is pinned in Cargo.toml): each import is a property
// of the object it passes to WebAssembly.instantiate, keyed by module name, and each export is
// read as `wasm.<name>`. The script fails, leaving both files as they were, unless every import
// is named exactly once in the glue and every export is read only as `wasm.<name>`.
import { execFileSync } from 'node:child_process';
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const [wasmPath, gluePath] = process.argv.slice(2);
const wasmOpt = fileURLToPath(new URL('../node_modules/.bin/wasm-opt', import.meta.url));

/** The (module, name) pairs of a wasm's imports, in order (the import section, id 2). */
function importsOf(bytes) {
  let at = 8; // magic and version
  const u32 = () => {
    let result = 0;
    for (let shift = 0; ; shift += 7) {
      const byte = bytes[at++];
      result |= (byte & 0x7f) << shift;
      if (!(byte & 0x80)) return result >>> 0;
    }
  };
  const name = () => {
    const length = u32();
    const text = new TextDecoder().decode(bytes.subarray(at, at + length));
    at += length;
    return text;
  };
  while (at < bytes.length) {
    const id = bytes[at++];
    const size = u32();
    if (id !== 2) {
      at += size;
      continue;
    }
    const imports = [];
    for (let count = u32(); count > 0; count--) {
      const entry = [name(), name()];
      const kind = bytes[at++];
      // The import's description: a type index (function), limits (memory), a table or a global.
      if (kind === 0) u32();
      else if (kind === 1) {
        at++;
        const flags = bytes[at++];
        u32();
        if (flags & 1) u32();
      } else if (kind === 2) {
        const flags = bytes[at++];
        u32();
        if (flags & 1) u32();
      } else if (kind === 3) at += 2;
      else throw new Error(`${wasmPath}: import ${entry.join(' ')} of unknown kind ${kind}`);
      imports.push(entry);
    }
    return imports;
  }
  return [];
}

const escape = (text) => text.replace(/[$.]/g, '\\$&');
const word = (text) => new RegExp(`(?<![\\w$])${escape(text)}(?![\\w$])`, 'g');

const oldModules = new Set(importsOf(readFileSync(wasmPath)).map(([module]) => module));
const renamed = `${wasmPath}.names`;
// The custom sections that only tools read (which compiler made it, which wasm features it
// uses) go too: browsers ignore them. They are stripped here, after the last pass that needs
// the features section to validate.
const report = execFileSync(
  wasmOpt,
  [wasmPath, '--minify-imports-and-exports-and-modules', '--strip-producers', '--strip-target-features', '-o', renamed],
  { encoding: 'utf8' },
);
try {
  const { imports, exports } = JSON.parse(report);
  const newModules = new Set(importsOf(readFileSync(renamed)).map(([module]) => module));
  if (oldModules.size !== 1 || newModules.size !== 1) {
    throw new Error(`expected one import module before and after, got ${[...oldModules]} and ${[...newModules]}`);
  }
  const [[oldModule], [newModule]] = [[...oldModules], [...newModules]];

  let glue = readFileSync(gluePath, 'utf8');
  const moduleKey = JSON.stringify(oldModule);
  if (glue.split(moduleKey).length !== 2) throw new Error(`the glue does not name the module ${moduleKey} exactly once`);
  glue = glue.replace(moduleKey, JSON.stringify(newModule));
  for (const [, from, to] of imports) {
    const found = glue.match(word(from))?.length ?? 0;
    if (found !== 1) throw new Error(`the glue names the import ${from} ${found} times, not once`);
    glue = glue.replace(word(from), to);
  }
  for (const [from, to] of exports) {
    glue = glue.replace(new RegExp(`(?<![\\w$])wasm\\.${escape(from)}(?![\\w$])`, 'g'), `wasm.${to}`);
    // Any other read of the export (a property, a string) would now miss it. (The glue's own
    // JS functions may carry an export's name: they are unaffected.)
    if (new RegExp(`[.'"\`]${escape(from)}(?![\\w$])`).test(glue)) {
      throw new Error(`the glue reads the export ${from} other than as wasm.${from}`);
    }
  }
  writeFileSync(gluePath, glue);
  renameSync(renamed, wasmPath);
  console.log(`${wasmPath}: ${imports.length} imports and ${exports.length} exports renamed, in the glue too`);
} finally {
  rmSync(renamed, { force: true });
}
