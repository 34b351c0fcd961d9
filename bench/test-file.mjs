// The file the benchmark uploads, written to disk so that the browser reads it as a user's file
// (Playwright's setInputFiles with a path), not from an in-memory Blob.
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { pseudoRandomBytes } from '../tests/support/files.mjs';

const BLOCK = 16 * 1024 * 1024;

/** Writes `size` bytes (one pseudo-random 16 MiB block, repeated) to dir/name; answers the path. */
export async function writeTestFile(dir, name, size) {
  const path = join(dir, name);
  const block = pseudoRandomBytes(Math.min(BLOCK, size));
  const out = createWriteStream(path);
  for (let written = 0; written < size; written += block.length) {
    if (!out.write(block.subarray(0, Math.min(block.length, size - written)))) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return path;
}
