// What each crate costs in the VideoUploader wasm module (feature `uploaders`), measured: the
// table of README's "What the stack costs", regenerated so that it stays true.
//
//   node scripts/stack-costs.mjs                  measure; print the table (markdown), what falls
//                                                 in "other", and the twenty largest items of the
//                                                 shipped module with the crate of each
//   node scripts/stack-costs.mjs --write          the same, and write the table into README.md,
//                                                 between <!-- stack-costs:start --> and
//                                                 <!-- stack-costs:end --> (both must be there)
//   node scripts/stack-costs.mjs --write --readme PATH   write into another file (a copy, a test)
//   node scripts/stack-costs.mjs --keep           keep the temporary folder of wasm files (printed)
//   node scripts/stack-costs.mjs --list ROW       also list the functions of a row (`std`,
//                                                 `ours: engine`, `serde-wasm-bindgen`…), largest first
//
// Needs what `npm run package` needs (bash scripts/ensure-tools.sh --build) and twiggy, which it
// installs with `cargo install twiggy` when it is missing. About 15 s when the crate is already
// built in target/stack-costs, a minute and a half from nothing (cargo may also wait on another
// build's lock). It builds the working tree as it is.
//
// How it measures:
//  1. The module as scripts/build-package.sh builds it (same RUSTFLAGS, release profile, feature
//     `uploaders`), in a target folder of its own (target/stack-costs), then
//     `wasm-bindgen --keep-debug --target web`: the module before wasm-opt, its function names
//     kept (the "names" custom section). Every item of it is sized by `twiggy top`
//     (shallow bytes: a function's body, a data segment, an import…; they sum to the file).
//  2. The shipped module: the same build through `wasm-bindgen --target web` and
//     `wasm-opt -Oz`, as the package has it, gzipped with `gzip -9n` as the size budget measures
//     (scripts/page-weight.mjs). And the same `wasm-opt -Oz` with `--debuginfo`, which keeps the
//     names, for the list of its largest items. wasm-opt inlines across crates (the class's
//     constructor ends up in wasm-bindgen's export shim), so beside each item the list says what
//     it holds: the functions it retained before wasm-opt that the optimised module no longer
//     has, by row, with their sizes before wasm-opt. (With its names removed, that module is
//     within 0.2 % of the shipped one: --debuginfo barely changes what wasm-opt does.)
//  3. Each function goes to one crate, by its demangled name (rules below); the crate to a row
//     of the table (ours split by room: protocol, engine, browser, bindings, json). A row's
//     "share" is its part of the code bytes (function bodies) of the module of step 1.
//  4. "≈ gzipped" is an estimate by share, not a measurement: the shipped module is split by
//     section into code, data and the rest (types, imports, exports, table…), each part's gzip
//     cost being the whole file's gzip -9 size times that part's share of the sum of the parts
//     gzipped alone; a crate's estimate is the code part times its share of the code bytes of
//     step 1. So the rows sum to the shipped module's gzip -9 size (up to the rounding of the
//     printed figures). It assumes that wasm-opt shrinks and gzip compresses every crate's code
//     alike, which is only roughly true. (Attributing the optimised module's own names instead
//     would be worse: after wasm-opt's inlining they say little about whose code a body holds.)
//
// The rules that give a function its crate (a demangled name, its `::h…` hash and std's
// `[…]` crate hashes removed):
//  - a path, `krate::module::item` (closures `…::{{closure}}` included), is krate's;
//  - an impl, `<Type as Trait>::f` or `<Type>::f`, is the crate of the implementing Type (what
//    follows `&`, `&mut`, `*const`, `[`…); when Type is a primitive (u64, str, [u8]…) or a type
//    parameter (a blanket impl: `<T as Into<U>>`), the Trait's crate. So a serde derive for one
//    of our types, `<…::Reason as serde::Serialize>::serialize`, is ours (the room of Reason),
//    and serde-wasm-bindgen's Deserializer, though it holds our visitors inlined, is
//    serde-wasm-bindgen's;
//  - drop glue, `core::ptr::drop_in_place<X>`, is the first crate other than core/alloc/std named
//    in X, read from the outside in (`Option<Rc<dyn Fn()>>`: std; `Shared<…our future…>`:
//    futures);
//  - forwarding code, whose name does not say what it runs: `<Pin<P> as Future>::poll`,
//    `<&mut F as Future>::poll`, `<Box<F> as FnOnce>::call_once`, `FnOnce::call_once{{vtable.shim}}`,
//    `<impl FnMut for &mut F>::call_mut`… Its body is the wrapped future or closure, inlined
//    (an async fn's state machine, typically). It goes to the item that retains it in the call
//    graph (its immediate dominator, `twiggy dominators`), walking up past other forwarding
//    code and past generic std and futures combinators whose parameters the name erases
//    (`Select<A,B>`, `FuturesUnordered<Fut>`), to the first item with a telling name; found
//    none (the walk reaches the table or an export), it falls in "other";
//  - functions without a path: wasm-bindgen's glue (`__wbindgen_*`, `__externref_*`, the
//    "externref shim"s its CLI writes) is wasm-bindgen's; the exported functions the
//    #[wasm_bindgen] attribute writes for our classes (`videouploader_new`, `resumeKey`…) are
//    ours (bindings); compiler builtins (`memcpy`, `__multi3`, `fmin`…) are std's;
//  - the rest of the code is "other", and is listed by name under the table.
// Crates to rows: serde + serde_core → serde; futures-util/-core/-channel/-task, slab,
// pin-project-lite → futures; gloo-net with gloo-utils and http → gloo-net; talc with lock_api
// and allocator-api2 → talc; core, alloc, std, hashbrown (std's HashMap), compiler builtins →
// std; js-sys's `futures` module → wasm-bindgen-futures (which is now a re-export of it). Any
// other crate gets a row of its own, so a new dependency shows up by name.
//
// Not code, apart from the crates: data segments (strings, panic locations, tables), the module's
// structure (types, imports, exports, the function table, globals, custom sections) and the names
// section (kept by this measurement, not shipped).
//
// A limit of any attribution by name: LTO and opt-level z inline across crates, so a function's
// body can hold another crate's code (serde-wasm-bindgen's `deserialize_struct` holds our
// visitors; `future_to_promise`'s closure, js-sys's, holds the start of our upload). The figures
// say under whose name the bytes are, which is what a symbol table can tell.
//
// Checks: twiggy's items sum to the file; the rows sum to the code bytes; the gzipped estimates
// sum to the shipped module's gzip -9 size. A failed check stops the script.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const START = '<!-- stack-costs:start -->';
const END = '<!-- stack-costs:end -->';

// --- arguments -----------------------------------------------------------------------------
const args = process.argv.slice(2);
let write = false;
let keep = false;
const listRows = [];
let readmePath = join(root, 'README.md');
for (let i = 0; i < args.length; i++) {
  const arg = args[i];
  if (arg === '--write') write = true;
  else if (arg === '--keep') keep = true;
  else if (arg === '--readme' && args[i + 1]) readmePath = resolve(args[++i]);
  else if (arg.startsWith('--readme=')) readmePath = resolve(arg.slice('--readme='.length));
  else if (arg === '--list' && args[i + 1]) listRows.push(args[++i]);
  else {
    console.error('usage: node scripts/stack-costs.mjs [--write] [--readme PATH] [--keep] [--list ROW]…');
    process.exit(2);
  }
}
/** Where the generated block goes in `text`: [from, to], or an error message. */
function markers(text) {
  const from = text.indexOf(START);
  const to = text.indexOf(END);
  if (from < 0 || to < from || text.indexOf(START, from + 1) >= 0 || text.indexOf(END, to + 1) >= 0) {
    return `${readmePath} needs one ${START} followed by one ${END}, around the table to regenerate`;
  }
  return [from, to];
}
if (write) {
  // Checked before measuring, and again when writing.
  const found = existsSync(readmePath) ? markers(readFileSync(readmePath, 'utf8')) : `${readmePath} does not exist`;
  if (typeof found === 'string') {
    console.error(`stack-costs: ${found}`);
    process.exit(2);
  }
}

const started = Date.now();
const cargoBin = join(process.env.CARGO_HOME ?? join(homedir(), '.cargo'), 'bin');
const env = { ...process.env, PATH: `${cargoBin}:${process.env.PATH}` };

/** Runs a command; its output is returned, its errors are shown, a failure stops the script. */
function run(command, commandArgs, { quiet = true } = {}) {
  const result = spawnSync(command, commandArgs, {
    cwd: root,
    env: command === 'cargo' ? cargoEnv : env,
    encoding: 'utf8',
    maxBuffer: 1 << 30,
    stdio: ['ignore', 'pipe', quiet ? 'pipe' : 'inherit'],
  });
  if (result.error) throw result.error;
  if (result.status !== 0) {
    if (quiet) process.stderr.write(result.stderr);
    console.error(`stack-costs: ${command} ${commandArgs.join(' ')} failed (exit ${result.status})`);
    process.exit(1);
  }
  return result.stdout;
}

const has = (command) => spawnSync('sh', ['-c', `command -v ${command}`], { env }).status === 0;

// --- tools ---------------------------------------------------------------------------------
// RUSTFLAGS as scripts/build-package.sh sets them: panic locations name the same paths, so
// the data segments weigh what the package's do.
const cargoEnv = {
  ...env,
  RUSTFLAGS: `--remap-path-prefix=${process.env.CARGO_HOME ?? join(homedir(), '.cargo')}=cargo --remap-path-prefix=${root.replace(/\/$/, '')}=video-uploader-wasm`,
};
const wasmOpt = join(root, 'node_modules', '.bin', 'wasm-opt');
for (const [tool, ok] of [
  ['wasm-bindgen', has('wasm-bindgen')],
  ['node_modules/.bin/wasm-opt', existsSync(wasmOpt)],
]) {
  if (!ok) {
    console.error(`stack-costs: ${tool} is missing: bash scripts/ensure-tools.sh --build installs it`);
    process.exit(1);
  }
}
if (!has('twiggy')) {
  console.log('installing twiggy (cargo install twiggy)…');
  const locked = spawnSync('cargo', ['install', '--quiet', '--locked', 'twiggy'], { env: cargoEnv, stdio: 'inherit' });
  if (locked.status !== 0) run('cargo', ['install', '--quiet', 'twiggy'], { quiet: false });
}

// --- 1 and 2: the modules -----------------------------------------------------------------------
const targetDir = 'target/stack-costs';
console.log(`building the VideoUploader module (feature uploaders) in ${targetDir}…`);
run(
  'cargo',
  ['build', '--quiet', '--release', '--target', 'wasm32-unknown-unknown', '--no-default-features', '--features', 'uploaders', '--target-dir', targetDir],
  { quiet: false },
);
const built = join(root, targetDir, 'wasm32-unknown-unknown', 'release', 'video_uploader_wasm.wasm');
const temp = mkdtempSync(join(tmpdir(), 'stack-costs-'));
process.on('exit', () => {
  if (keep) console.log(`\nthe wasm files are in ${temp}`);
  else rmSync(temp, { recursive: true, force: true });
});
const NAME = 'video_uploader_wasm';
const named = join(temp, 'named', `${NAME}_bg.wasm`); // wasm-bindgen --keep-debug: before wasm-opt, names kept
const plain = join(temp, 'plain', `${NAME}_bg.wasm`); // wasm-bindgen as the package runs it
const shipped = join(temp, 'shipped.wasm'); // wasm-opt -Oz: what the package ships
const optimisedNamed = join(temp, 'optimised-named.wasm'); // wasm-opt -Oz --debuginfo: the same, names kept
run('wasm-bindgen', ['--keep-debug', '--target', 'web', '--out-dir', join(temp, 'named'), '--out-name', NAME, built]);
run('wasm-bindgen', ['--target', 'web', '--out-dir', join(temp, 'plain'), '--out-name', NAME, built]);
run(wasmOpt, ['-Oz', plain, '-o', shipped]);
run(wasmOpt, ['-Oz', '--debuginfo', named, '-o', optimisedNamed]);

const twiggyTop = (file) => JSON.parse(run('twiggy', ['top', '--format', 'json', '-n', '1000000', file]));
const twiggyDominators = (file) => JSON.parse(run('twiggy', ['dominators', '--format', 'json', file]));

// --- 3: names to crates --------------------------------------------------------------------------
const STD = new Set(['core', 'alloc', 'std', 'hashbrown', 'compiler_builtins', '__rustc', 'rustc_demangle', 'panic_abort', 'panic_unwind', 'dlmalloc', 'std_detect', 'adler2', 'miniz_oxide', 'gimli', 'addr2line', 'object', 'memchr']);
const FUTURES = new Set(['futures_util', 'futures_core', 'futures_channel', 'futures_task', 'futures_sink', 'futures_io', 'slab', 'pin_project_lite', 'pin_utils']);
const ROOMS = ['protocol', 'engine', 'browser', 'bindings', 'json'];

/** The rows, in the table's order: [key, label]. A crate without a row gets one after these. */
const ROWS = [
  ['ours: protocol', 'ours, `protocol`: options, chunk plans, retry, progress, resume, answers and errors'],
  ['ours: engine', 'ours, `engine`: the send loops, the token refresh, the playable check'],
  ['ours: browser', 'ours, `browser`: XHR, fetch, localStorage, timers, connectivity'],
  ['ours: bindings', 'ours, `bindings`: the `VideoUploader` class, its options, the values it sends back'],
  ['ours: json', 'ours, `json`: JSON text through the browser\'s parser'],
  ['ours: root', 'ours, the crate root'],
  ['std', 'Rust\'s std (core, alloc: formatting, panics, collections)'],
  ['wasm-bindgen', 'wasm-bindgen (its runtime and the glue its CLI writes)'],
  ['js-sys', 'js-sys'],
  ['web-sys', 'web-sys'],
  ['wasm-bindgen-futures', 'wasm-bindgen-futures (js-sys\'s `futures` module, which it re-exports)'],
  ['serde', 'serde'],
  ['serde-wasm-bindgen', 'serde-wasm-bindgen'],
  ['futures', 'futures-util, -core, -channel, -task (and slab)'],
  ['gloo-net', 'gloo-net (with gloo-utils, http)'],
  ['gloo-timers', 'gloo-timers'],
  ['talc', 'talc (the allocator)'],
  ['base64', 'base64'],
  ['percent-encoding', 'percent-encoding'],
  ['console_error_panic_hook', 'console_error_panic_hook'],
];
const OTHER = 'other';

function rowOfCrate(krate, path) {
  if (krate === 'video_uploader_wasm') {
    const room = path.split('::')[1];
    return `ours: ${ROOMS.includes(room) ? room : 'root'}`;
  }
  if (STD.has(krate)) return 'std';
  // wasm-bindgen-futures is now a re-export of js-sys's `futures` module.
  if (krate === 'js_sys' && path.startsWith('js_sys::futures::')) return 'wasm-bindgen-futures';
  if (FUTURES.has(krate)) return 'futures';
  if (krate === 'serde' || krate === 'serde_core') return 'serde';
  if (krate === 'wasm_bindgen' || krate === 'wasm_bindgen_shared') return 'wasm-bindgen';
  if (krate === 'gloo_net' || krate === 'gloo_utils' || krate === 'http' || krate === 'bytes' || krate === 'itoa' || krate === 'thiserror') return 'gloo-net';
  if (krate === 'talc' || krate === 'lock_api' || krate === 'allocator_api2' || krate === 'scopeguard') return 'talc';
  if (krate === 'console_error_panic_hook') return krate;
  return krate.replaceAll('_', '-');
}

/** `name` without its `::h…` hash and std's `[…]` crate hashes. */
const clean = (name) => name.replace(/\[[0-9a-f]{16}\]/g, '').replace(/::h[0-9a-f]{16}$/, '');

/** The `<…>` that opens `text`: its inside and what follows, or null. */
function leadingGroup(text) {
  if (text[0] !== '<') return null;
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '<') depth++;
    else if (c === '>' && text[i - 1] !== '-') {
      depth--;
      if (depth === 0) return { inside: text.slice(1, i), rest: text.slice(i + 1) };
    }
  }
  return null;
}

/** `Type as Trait` split at its top-level ` as ` (Trait null for an inherent impl, `<Type>`). */
function splitAs(inside) {
  let depth = 0;
  for (let i = 0; i < inside.length; i++) {
    const c = inside[i];
    if (c === '<' || c === '(' || c === '[') depth++;
    else if ((c === '>' && inside[i - 1] !== '-') || c === ')' || c === ']') depth--;
    else if (depth === 0 && inside.startsWith(' as ', i)) return [inside.slice(0, i), inside.slice(i + 4)];
  }
  return [inside, null];
}

const PATH_START = /^([A-Za-z_][A-Za-z0-9_]*)::/;

/** The path that says whose `name` is (a function's path, or an impl's type or trait), or null. */
function ownerPath(name) {
  const group = leadingGroup(name);
  if (!group) return PATH_START.test(name) ? name : null;
  const [type, trait] = splitAs(group.inside);
  return typePath(type) ?? (trait !== null ? ownerPath(trait.trim()) : PRIMITIVE.test(type) ? `core::${type}` : null);
}

/** A primitive type (also behind a reference or in a slice): `<char>::escape_debug_ext` is core's. */
const PRIMITIVE = /^[&*\[]*(mut |const )?(bool|char|str|[iuf](8|16|32|64|128|size)|f(32|64))\]?$/;

/** The path of an implementing type, or null for a primitive, a tuple or a type parameter. */
function typePath(type) {
  let t = type.trim().replace(/^(&(mut )?|\*(const|mut) |dyn )+/, '');
  if (t.startsWith('[')) t = t.slice(1).replace(/[;\]].*$/, '');
  if (t.startsWith('<')) return ownerPath(t);
  return PATH_START.test(t) ? t : null;
}

// Forwarding code: the name does not say what it runs (see the header).
const FORWARDING = [
  /^<(core::pin::Pin<\w+>|&(mut )?\w+|alloc::boxed::Box<\w+(,\w+)?>|core::panic::unwind_safe::AssertUnwindSafe<\w+>) as (core::future::future::Future|futures_core::stream::Stream|core::ops::function::(FnOnce|FnMut|Fn)(<[^>]*>)?)>::/,
  /^core::ops::function::(FnOnce::call_once|FnMut::call_mut|Fn::call)(\{\{vtable\.shim\}\})?$/,
  /^core::ops::function::impls::<impl core::ops::function::\w+<\w+> for &(mut )?\w+>::/,
];
const isForwarding = (cleaned) => FORWARDING.some((pattern) => pattern.test(cleaned));
/** A generic whose parameters the name erases: `Select<A,B>`, `Vec<T,A>`, `FuturesUnordered<Fut>`. */
const ERASED = /<[A-Z]\w*(,[A-Z]\w*)*>/;

// Functions without a path.
const GLUE = /^(__wbindgen_|__externref_|__instance_terminated$|__abort_handler$|start$)|externref shim|multivalue shim|^wasm_bindgen__/;
const BUILTIN = /^(__[a-z_]*\d[a-z]*\d*|mem(cpy|move|set|cmp)|bcmp|strlen|f(min|max)f?|(floor|ceil|trunc|round|sqrt|exp|log|pow|fmod)f?|__rust_\w+|__rdl_\w+|__rg_\w+|__rustc\w*|rust_begin_unwind|rust_panic)$/;

/** twiggy's dominator tree as two maps: an item's name to its immediate dominator's, and to its children's. */
function dominatorMaps(tree) {
  const parent = new Map();
  const children = new Map();
  (function visit(node, up) {
    if (!parent.has(node.name)) parent.set(node.name, up);
    if (node.children?.length) children.set(node.name, node.children.map((child) => child.name));
    for (const child of node.children ?? []) visit(child, node.name);
  })({ name: '<meta root>', children: tree.items }, null);
  return { parent, children };
}

/**
 * Classifies the items of a twiggy `top` listing. Returns, per item, `{ name, size, kind, row }`:
 * kind is `code`, `data`, `names` or `structure`; row the table's row of a function (code only).
 */
function classify(items, { parent }) {
  const exported = new Set(items.map((i) => /^export "(.*)"$/.exec(i.name)?.[1]).filter(Boolean));

  const byName = (name) => {
    const cleaned = clean(name);
    if (/^core::ptr::drop_in_place</.test(cleaned)) {
      const inner = cleaned.slice('core::ptr::drop_in_place'.length);
      for (const [path] of inner.matchAll(/(?<![A-Za-z0-9_:])[A-Za-z_][A-Za-z0-9_]*::[A-Za-z0-9_:]*/g)) {
        const krate = path.split('::')[0];
        if (!STD.has(krate)) return rowOfCrate(krate, path);
      }
      return 'std';
    }
    if (isForwarding(cleaned)) return 'forwarding';
    const path = ownerPath(cleaned);
    if (path) return rowOfCrate(path.split('::')[0], path);
    if (exported.has(name) && !GLUE.test(name)) return 'ours: bindings';
    if (GLUE.test(name) || /^Closure\(|^[A-Z]\w*(\(.*\))? -> /.test(name)) return 'wasm-bindgen';
    if (BUILTIN.test(name)) return 'std';
    return OTHER;
  };
  /** Is this item one that the walk from forwarding code passes by? */
  const passedBy = (name, row) => row === 'forwarding' || ((row === 'std' || row === 'futures') && ERASED.test(clean(name)));

  return items.map(({ name, shallow_size: size }) => {
    let kind = 'code';
    if (/subsection$|^custom section 'name'/.test(name)) kind = 'names';
    else if (/^data segment /.test(name)) kind = 'data';
    else if (/^(export |import |type\[|elem\[|table\[|memory\[|global\[|custom section|wasm magic bytes$)| section headers$/.test(name)) kind = 'structure';
    if (kind !== 'code') return { name, size, kind, row: null };
    let row = byName(name);
    let via = null;
    if (row === 'forwarding') {
      row = OTHER;
      const seen = new Set();
      for (let up = parent.get(name); up && !seen.has(up); up = parent.get(up)) {
        seen.add(up);
        if (/^(table|elem)\[/.test(up)) via = 'vtable';
        else if (up === '<meta root>' || up.startsWith('export ')) via = `forwarding code retained by ${up === '<meta root>' ? 'several roots' : up}`;
        if (via) break;
        const upRow = byName(up);
        if (passedBy(up, upRow)) continue;
        [row, via] = [upRow, up];
        break;
      }
      via ??= 'forwarding code that nothing retains';
    }
    return { name, size, kind, row, via };
  });
}

// --- measure ---------------------------------------------------------------------------------------
const namedDominators = dominatorMaps(twiggyDominators(named));
const namedItems = classify(twiggyTop(named), namedDominators);
const optimisedItems = classify(twiggyTop(optimisedNamed), dominatorMaps(twiggyDominators(optimisedNamed)));

const sum = (list) => list.reduce((total, item) => total + item.size, 0);
const fileBytes = readFileSync(named).length;
if (sum(namedItems) !== fileBytes) throw new Error(`twiggy's items sum to ${sum(namedItems)} bytes, the file has ${fileBytes}`);
const code = namedItems.filter((i) => i.kind === 'code');
const codeBytes = sum(code);

const perRow = (list) => {
  const map = new Map();
  for (const item of list) if (item.kind === 'code') map.set(item.row, (map.get(item.row) ?? 0) + item.size);
  return map;
};
const rowBytes = perRow(namedItems);

// The shipped module by section: code (10), data (11), the rest.
const shippedBytes = readFileSync(shipped);
const gzipLength = (bytes) => execFileSync('gzip', ['-9n'], { input: bytes, maxBuffer: 1 << 30 }).length;
function sections(bytes) {
  const parts = { code: [], data: [], structure: [bytes.subarray(0, 8)] };
  let at = 8;
  while (at < bytes.length) {
    const start = at;
    const id = bytes[at++];
    let size = 0;
    for (let shift = 0; ; shift += 7) {
      const byte = bytes[at++];
      size += (byte & 0x7f) * 2 ** shift;
      if (byte < 0x80) break;
    }
    at += size;
    parts[id === 10 ? 'code' : id === 11 ? 'data' : 'structure'].push(bytes.subarray(start, at));
  }
  if (at !== bytes.length) throw new Error('the shipped wasm does not parse into sections');
  return Object.fromEntries(Object.entries(parts).map(([part, list]) => [part, Buffer.concat(list)]));
}
const shippedGzip = gzipLength(shippedBytes);
const shippedParts = sections(shippedBytes);
const partGzipAlone = Object.fromEntries(Object.entries(shippedParts).map(([part, bytes]) => [part, gzipLength(bytes)]));
const aloneTotal = Object.values(partGzipAlone).reduce((a, b) => a + b, 0);
const partGzip = Object.fromEntries(Object.entries(partGzipAlone).map(([part, n]) => [part, (shippedGzip * n) / aloneTotal]));
const shippedRaw = (part) => shippedParts[part].length;

// --- the table -------------------------------------------------------------------------------------
/** `text` broken into lines of at most `width` characters, as README.md is written. */
function wrap(text, width = 100) {
  const lines = [];
  let line = '';
  // A figure stays with its unit, and ≈ with its figure.
  const words = [];
  for (const word of text.split(' ')) {
    if (words.length && (/^(KiB|%)/.test(word) || words.at(-1).endsWith('≈'))) words[words.length - 1] += ` ${word}`;
    else words.push(word);
  }
  for (const word of words) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines.join('\n');
}
const KiB = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`;
const num = (n) => n.toLocaleString('en-US');
const pct = (n, of) => `${((100 * n) / of).toFixed(1)} %`;

const rowKeys = [...ROWS.map(([key]) => key)];
for (const key of [...rowBytes.keys()].sort()) if (!rowKeys.includes(key) && key !== OTHER) rowKeys.push(key);
rowKeys.push(OTHER);
const labels = new Map(ROWS);
labels.set(OTHER, 'other code (listed below the table)');

const tableRows = [];
let estimatedCode = 0;
for (const key of rowKeys) {
  const bytes = rowBytes.get(key) ?? 0;
  if (bytes === 0) continue;
  const gz = (partGzip.code * bytes) / codeBytes;
  estimatedCode += gz;
  tableRows.push({ key, label: labels.get(key) ?? key, bytes, gz });
}
const checkSum = tableRows.reduce((total, row) => total + row.bytes, 0);
if (checkSum !== codeBytes) throw new Error(`the rows sum to ${checkSum} code bytes, not ${codeBytes}`);
const gzipSum = estimatedCode + partGzip.data + partGzip.structure;
if (Math.abs(gzipSum - shippedGzip) > 0.5) throw new Error(`the gzipped estimates sum to ${gzipSum}, not ${shippedGzip}`);

const sumOf = (kind, list = namedItems) => sum(list.filter((i) => i.kind === kind));
const lines = [
  '| part | bytes before wasm-opt | share of the code | ≈ gzipped, shipped |',
  '| --- | ---: | ---: | ---: |',
  ...tableRows.map((r) => `| ${r.label} | ${num(r.bytes)} | ${pct(r.bytes, codeBytes)} | ${KiB(r.gz)} |`),
  `| **the code** | **${num(codeBytes)}** | **100 %** | **${KiB(partGzip.code)}** |`,
  `| data segments (strings: messages, panic locations; constant tables) | ${num(sumOf('data'))} | | ${KiB(partGzip.data)} |`,
  `| the module's structure (types, imports, exports, function table, custom sections) | ${num(sumOf('structure'))} | | ${KiB(partGzip.structure)} |`,
  `| **the module** (before wasm-opt, without its names section; shipped: ${num(shippedBytes.length)} bytes after \`wasm-opt -Oz\`) | **${num(fileBytes - sumOf('names'))}** | | **${KiB(shippedGzip)}** |`,
];
const ours = tableRows.filter((r) => r.key.startsWith('ours: '));
const oursBytes = ours.reduce((t, r) => t + r.bytes, 0);
const oursGzip = ours.reduce((t, r) => t + r.gz, 0);
const table = lines.join('\n');
const stdRow = tableRows.find((r) => r.key === 'std');
const summary =
  `Our code is ${pct(oursBytes, codeBytes)} of the module's code (≈ ${KiB(oursGzip)} gzipped), the crates under it ` +
  `${pct(codeBytes - oursBytes, codeBytes)} (≈ ${KiB(partGzip.code - oursGzip)}, of which std ≈ ${KiB(stdRow?.gz ?? 0)}); ` +
  `the data segments add ≈ ${KiB(partGzip.data)} and the module's structure ≈ ${KiB(partGzip.structure)}, ` +
  `${KiB(shippedGzip)} in all (the wasm alone, \`wasm-opt -Oz\`, gzip -9).`;

console.log('');
console.log('What each crate costs in the VideoUploader module (feature uploaders), measured by scripts/stack-costs.mjs:');
console.log('');
console.log(table);
console.log('');
console.log(wrap(summary));
console.log('');
console.log(
  `code bytes: function bodies of the module before wasm-opt (wasm-bindgen --keep-debug: ${num(fileBytes)} bytes with names). ` +
    `≈ gzipped: an estimate by share; the shipped module (wasm-opt -Oz) is ${num(shippedBytes.length)} bytes, ${num(shippedGzip)} gzip -9 ` +
    `(code ${KiB(partGzip.code)}, data ${KiB(partGzip.data)}, structure ${KiB(partGzip.structure)}, split by their sizes gzipped alone: ` +
    `${num(partGzipAlone.code)} + ${num(partGzipAlone.data)} + ${num(partGzipAlone.structure)} bytes).`,
);

// What fell in "other", and where forwarding code went.
const other = code.filter((i) => i.row === OTHER).sort((a, b) => b.size - a.size);
console.log('');
console.log(`"other": ${num(sum(other))} bytes in ${other.length} functions${other.length ? ':' : '.'}`);
if (other.some((i) => i.via)) {
  console.log('  (vtable: forwarding code that only the function table retains, called through a closure\'s or a future\'s vtable;');
  console.log('  no name says whose closure or future it runs)');
}
for (const item of other.slice(0, 30)) console.log(`  ${String(item.size).padStart(6)}  ${item.name}${item.via ? `  (${item.via})` : ''}`);
if (other.length > 30) console.log(`  … and ${other.length - 30} more`);
const forwarded = code.filter((i) => i.via && i.row !== OTHER);
const forwardedByRow = new Map();
for (const item of forwarded) forwardedByRow.set(item.row, (forwardedByRow.get(item.row) ?? 0) + item.size);
console.log(
  `forwarding code given to its retainer: ${num(sum(forwarded))} bytes in ${forwarded.length} functions (` +
    [...forwardedByRow].sort((a, b) => b[1] - a[1]).map(([row, n]) => `${row} ${num(n)}`).join(', ') +
    ')',
);

// The twenty largest items of the shipped module (names kept by wasm-opt --debuginfo). wasm-opt
// inlines across crates: what an item holds that was a function of its own before wasm-opt (the
// functions it retained then, that the optimised module no longer has) is shown beside it.
const optimisedNames = new Set(optimisedItems.map((i) => i.name));
const namedByName = new Map(namedItems.map((i) => [i.name, i]));
function inlinedInto(name) {
  const rows = new Map();
  const stack = [...(namedDominators.children.get(name) ?? [])];
  while (stack.length) {
    const next = stack.pop();
    if (optimisedNames.has(next)) continue; // still a function of its own: what it retains is not here
    const item = namedByName.get(next);
    if (item?.kind === 'code') rows.set(item.row, (rows.get(item.row) ?? 0) + item.size);
    stack.push(...(namedDominators.children.get(next) ?? []));
  }
  return [...rows].sort((a, b) => b[1] - a[1]);
}
console.log('');
console.log('the twenty largest items of the shipped module (wasm-opt -Oz --debuginfo, its names section left out):');
console.log('');
console.log('| bytes | item | crate | holds, inlined by wasm-opt (bytes before it) |');
console.log('| ---: | --- | --- | --- |');
const largest = optimisedItems.filter((i) => i.kind !== 'names').sort((a, b) => b.size - a.size).slice(0, 20);
for (const item of largest) {
  const owner = item.kind === 'code' ? item.row + (item.via ? ` (forwarding code, retained by \`${clean(item.via)}\`)` : '') : item.kind;
  const held = item.kind === 'code' ? inlinedInto(item.name).slice(0, 4).map(([row, n]) => `${row} ${num(n)}`).join(', ') : '';
  console.log(`| ${num(item.size)} | \`${clean(item.name).replaceAll('|', '\\|')}\` | ${owner} | ${held} |`);
}

for (const listed of listRows) {
  const items = code.filter((i) => i.row === listed).sort((a, b) => b.size - a.size);
  console.log(`\n${listed}: ${num(sum(items))} bytes in ${items.length} functions (before wasm-opt)`);
  for (const item of items) console.log(`  ${String(item.size).padStart(6)}  ${item.name}${item.via ? `  (forwarding code, retained by ${item.via})` : ''}`);
}

// --- --write ---------------------------------------------------------------------------------------
if (write) {
  const readme = readFileSync(readmePath, 'utf8');
  const found = markers(readme);
  if (typeof found === 'string') {
    console.error(`stack-costs: ${found}`);
    process.exit(1);
  }
  const [from, to] = found;
  const block = `${START}\n${table}\n\n${wrap(summary)}\n${END}`;
  const next = readme.slice(0, from) + block + readme.slice(to + END.length);
  if (next === readme) console.log(`\n${readmePath}: the table is up to date`);
  else {
    writeFileSync(readmePath, next);
    console.log(`\nwrote the table into ${readmePath}`);
  }
}

console.log(`\n(${((Date.now() - started) / 1000).toFixed(0)} s)`);
