// Installs the package's tarball into a consumer app the way a user does, and builds the app.
//
// Each app is copied to target/consumers/<app>/ (so that installing and building leave the
// repository alone), its pinned tools are installed from its own lock file (`npm ci`, skipped
// when node_modules already matches that lock), then `npm install <tarball>` and its build
// script. node_modules is kept between runs; the package itself is always installed afresh.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { cp, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const appsDir = fileURLToPath(new URL('.', import.meta.url));
const NPM_FLAGS = ['--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'];

function run(command, args, cwd) {
  try {
    return execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    throw new Error(`${command} ${args.join(' ')} failed in ${cwd}:\n${error.stdout}\n${error.stderr}`);
  }
}

/** The tarball to install: $CONSUMER_TARBALL, or the newest one `npm run package` left in target/npm/. */
export async function tarballPath() {
  if (process.env.CONSUMER_TARBALL) return process.env.CONSUMER_TARBALL;
  const dir = join(repoRoot, 'target', 'npm');
  const names = existsSync(dir) ? (await readdir(dir)).filter((n) => /^video-uploader-wasm-.*\.tgz$/.test(n)) : [];
  if (names.length !== 1) throw new Error(`expected one tarball in ${dir}, found ${names.length}: run npm run package first`);
  return join(dir, names[0]);
}

/**
 * Copies tests/consumers/<app> to target/consumers/<app>, installs its tools and the tarball,
 * runs `npm run <script>`, and returns { dir, buildOutput }.
 */
export async function prepareApp(app, tarball, script = 'build') {
  const source = join(appsDir, app);
  const dir = join(repoRoot, 'target', 'consumers', app);
  await mkdir(dir, { recursive: true });
  for (const name of await readdir(dir)) {
    if (name !== 'node_modules') await rm(join(dir, name), { recursive: true, force: true });
  }
  await cp(source, dir, { recursive: true, filter: (path) => !/[\\/](node_modules|dist)$/.test(path) });

  const lock = await readFile(join(dir, 'package-lock.json'));
  const stamp = join(dir, 'node_modules', '.consumer-lock-sha256');
  const lockHash = createHash('sha256').update(lock).digest('hex');
  const current = existsSync(stamp) ? await readFile(stamp, 'utf8') : '';
  if (current !== lockHash) {
    run('npm', ['ci', ...NPM_FLAGS], dir);
    await mkdir(join(dir, 'node_modules'), { recursive: true });
    await writeFile(stamp, lockHash);
  }
  await rm(join(dir, 'node_modules', 'video-uploader-wasm'), { recursive: true, force: true });
  run('npm', ['install', ...NPM_FLAGS, tarball], dir);
  const buildOutput = run('npm', ['run', script], dir);
  return { dir, buildOutput };
}

/** The text between `readme:start NAME` and `readme:end NAME` in a consumer's file. */
export async function readmeSnippet(file, name) {
  const text = await readFile(join(appsDir, file), 'utf8');
  const match = new RegExp(`readme:start ${name}[^\\n]*\\n([\\s\\S]*?)\\n[^\\n]*readme:end ${name}`).exec(text);
  if (!match) throw new Error(`no readme:start/end ${name} markers in ${file}`);
  // Indentation as in the README: the region's common indent removed.
  const lines = match[1].split('\n');
  const indent = Math.min(...lines.filter((l) => l.trim()).map((l) => l.match(/^ */)[0].length));
  return lines.map((l) => l.slice(indent)).join('\n');
}
