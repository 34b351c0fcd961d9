// Headless Chromium for the benchmark, and the peak memory of its renderer processes.
import { readdirSync, readFileSync } from 'node:fs';
import { chromium } from 'playwright-core';

export function launchChromium() {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--ignore-certificate-errors'],
  });
}

/** Every live process below `root` (pid -> parent pid read from /proc/<pid>/stat). */
function descendants(root) {
  const children = new Map();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (!children.has(parent)) children.set(parent, []);
      children.get(parent).push(Number(entry));
    } catch {
      // the process ended meanwhile
    }
  }
  const found = [];
  const queue = [root];
  while (queue.length) {
    for (const child of children.get(queue.shift()) ?? []) {
      found.push(child);
      queue.push(child);
    }
  }
  return found;
}

/**
 * The web pages' renderer processes among this Node process's descendants (the browsers it
 * launched), each with its peak resident set (VmHWM, bytes). Call it while the browser is open.
 */
export function rendererPeaks() {
  const renderers = [];
  for (const pid of descendants(process.pid)) {
    try {
      // Chromium rewrites its command line into one string: match the flags, not arguments.
      // The browser's own UI (--top-chrome-webui) has a renderer too; it is not the page's.
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (!/(^|[\s\0])--type=renderer([\s\0]|$)/.test(cmdline) || cmdline.includes('--top-chrome-webui')) continue;
      const hwm = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (hwm) renderers.push({ pid, peakBytes: Number(hwm[1]) * 1024 });
    } catch {
      // the process ended meanwhile
    }
  }
  return renderers;
}
