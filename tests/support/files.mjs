// Deterministic test files and SHA-256 helpers.
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const MiB = 1024 * 1024;

/** `size` pseudo-random bytes from a xorshift32 generator: the same seed gives the same bytes. */
export function pseudoRandomBytes(size, seed = 1) {
  const bytes = Buffer.alloc(size);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < size; i += 4) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    for (let j = 0; j < 4 && i + j < size; j++) bytes[i + j] = (x >>> (8 * j)) & 0xff;
  }
  return bytes;
}

export function sha256(bytes) {
  return createHash('sha256').update(bytes).digest('hex');
}

export async function sha256OfFile(path) {
  return sha256(await readFile(path));
}

/** A temporary directory, removed by the returned cleanup. */
export async function tempDir(prefix = 'compat-') {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** Writes `size` deterministic bytes to dir/name and returns the path. */
export async function writeTestFile(dir, name, size, seed) {
  const path = join(dir, name);
  await writeFile(path, pseudoRandomBytes(size, seed));
  return path;
}

/** GETs a URL (no credentials, like a CDN asset) and returns the SHA-256 of the body. */
export async function sha256OfUrl(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`GET ${url}: ${response.status} ${await response.text()}`);
  return sha256(Buffer.from(await response.arrayBuffer()));
}
