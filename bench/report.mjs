// What npm run bench prints and writes: a Markdown table (also put between the README's bench
// markers), and a chart. MB/s = 10^6 bytes/s; memory and file sizes in MiB/KiB (2^20, 2^10).
import { readFile, writeFile } from 'node:fs/promises';

const MiB = 1024 * 1024;
export const MEMORY_GOAL_BYTES = 64 * MiB;

const mbps = (c) => (c ? `${c.mbps.toFixed(1)} MB/s` : '—');
const mib = (bytes) => `${(bytes / MiB).toFixed(0)} MiB`;
const sizeLabel = (bytes) => (bytes >= 1024 * MiB ? `${bytes / (1024 * MiB)} GiB` : mib(bytes));
const kib = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`;
/** How the browser sent the upload: requests per upload (median) and their HTTP protocol. */
const requests = (c) => (c ? `${c.uploadRequests} × ${c.protocols.join(', ') || '?'}` : '—');

export const contender = (profile, id) => profile.contenders.find((c) => c.id === id);

/** Ours against the limit that applies: the shared link's rate, or on loopback one raw XHR. */
function ofLimit(profile, c) {
  const raw = contender(profile, 'raw-xhr');
  if (profile.shaping?.linkRate) return `${((c.mbps * 1e6 * 100) / profile.shaping.linkRate).toFixed(0)} % of the ${profile.shaping.linkRate / 1e6} MB/s link`;
  if (raw && c.id !== 'raw-xhr') return `${((c.mbps * 100) / raw.mbps).toFixed(0)} % of one raw XHR`;
  return '—';
}

function throughputRows(profile) {
  const official = contender(profile, 'official');
  const ratio = (c) => (official && c ? `${(c.mbps / official.mbps).toFixed(2)}×` : '—');
  const rows = [];
  const ours = contender(profile, 'ours');
  rows.push(`| **${profile.name}** (${profile.about}) | ${mbps(official)} | ${mbps(ours)} | ${ratio(ours)} | ${ours ? ofLimit(profile, ours) : '—'} | ${requests(official)} · ${requests(ours)} |`);
  const trial = contender(profile, 'ours-trial');
  if (trial) {
    rows.push(`| ↳ ours with \`${JSON.stringify(trial.options)}\` | | ${mbps(trial)} | ${ratio(trial)} | ${ofLimit(profile, trial)} | · ${requests(trial)} |`);
  }
  const raw = contender(profile, 'raw-xhr');
  if (raw) {
    rows.push(`| ↳ one raw \`XMLHttpRequest\` of the whole file (the browser's limit) | | ${mbps(raw)} | ${ratio(raw)} | | · ${requests(raw)} |`);
  }
  return rows;
}

/** The Markdown block: throughput per profile, then memory, then download size. */
export function markdown(results) {
  const lines = [];
  const fileSize = sizeLabel(results.fileBytes);
  lines.push(
    `${fileSize} file read from disk, median of ${results.rounds} round${results.rounds === 1 ? '' : 's'} in alternating order, headless Chromium ${results.chromium}, ` +
      `${results.cpus} cores (load average ${results.loadAverageAtStart.toFixed(1)} at the start), ${results.date.slice(0, 10)}. MB/s = 10^6 bytes/s; ` +
      'both uploaders with their default options; the last column counts the upload requests of one upload.',
    '',
    '| profile | official | ours | ours ÷ official | ours, % of the limit | requests × protocol (official · ours) |',
    '| --- | ---: | ---: | ---: | --- | --- |',
  );
  for (const profile of results.profiles) lines.push(...throughputRows(profile));

  if (results.memory) {
    const [small, large] = results.memory.measurements;
    const difference = results.memory.differenceBytes;
    lines.push(
      '',
      `| renderer's peak RSS (VmHWM), ours with default options, loopback, file from disk | ${sizeLabel(small.fileBytes)} file | ${sizeLabel(large.fileBytes)} file | difference (goal: within ${mib(MEMORY_GOAL_BYTES)}) |`,
      '| --- | ---: | ---: | ---: |',
      `| video-uploader-wasm | ${mib(small.peakBytes)} | ${mib(large.peakBytes)} | ${difference >= 0 ? '+' : '−'}${mib(Math.abs(difference))} ${Math.abs(difference) <= MEMORY_GOAL_BYTES ? '(met)' : '(missed)'} |`,
    );
  }

  lines.push(
    '',
    '| download size | official | ours |',
    '| --- | ---: | ---: |',
    `| gzip -9 of what a page loads | ${kib(results.size.officialBytes)} (\`dist/index.js\`) | ${kib(results.size.oursBytes)} (${Object.keys(results.size.oursFiles).map((f) => `\`${f}\``).join(' + ')}) |`,
  );
  return lines.join('\n');
}

const escapeXml = (text) => String(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

const BAR_COLOURS = { official: '#9aa3b5', ours: '#3b6fd8', 'ours-trial': '#8fb0f0', 'raw-xhr': '#5aa469' };
const BAR_LABELS = { official: 'official uploader', ours: 'video-uploader-wasm', 'ours-trial': 'ours, trial options*', 'raw-xhr': 'one raw XHR' };

/**
 * One SVG: per profile a group of horizontal bars (MB/s), each group on its own scale (loopback
 * is many times faster than the shaped profiles), the shared link's rate as a dashed line.
 */
export function chart(results) {
  const width = 900, left = 170, right = 90, bar = 20, gap = 6, groupGap = 22, top = 48;
  const parts = [];
  let y = top;
  for (const profile of results.profiles) {
    const linkMbps = (profile.shaping?.linkRate ?? 0) / 1e6;
    const max = Math.max(linkMbps, ...profile.contenders.map((c) => c.mbps));
    const x = (value) => left + ((width - left - right) * value) / max;
    parts.push(`<text x="10" y="${y + 12}"><tspan font-weight="bold">${escapeXml(profile.name)}</tspan>: ${escapeXml(profile.about)}</text>`);
    y += 22;
    const groupTop = y;
    for (const c of profile.contenders) {
      parts.push(
        `<text x="${left - 8}" y="${y + bar / 2 + 4}" text-anchor="end">${BAR_LABELS[c.id]}</text>`,
        `<rect x="${left}" y="${y}" width="${Math.max(1, x(c.mbps) - left).toFixed(1)}" height="${bar}" fill="${BAR_COLOURS[c.id]}"/>`,
        `<text x="${(x(c.mbps) + 5).toFixed(1)}" y="${y + bar / 2 + 4}">${c.mbps.toFixed(1)} MB/s</text>`,
      );
      y += bar + gap;
    }
    if (linkMbps) {
      const lx = x(linkMbps).toFixed(1);
      parts.push(
        `<line x1="${lx}" y1="${groupTop - 2}" x2="${lx}" y2="${y - gap + 2}" stroke="#c0392b" stroke-dasharray="4 3"/>`,
        `<text x="${lx}" y="${y + 8}" fill="#c0392b" text-anchor="middle" font-size="11">link ${linkMbps} MB/s</text>`,
      );
      y += 10;
    }
    y += groupGap;
  }
  const trial = results.profiles.flatMap((p) => p.contenders).find((c) => c.id === 'ours-trial');
  if (trial) {
    parts.push(`<text x="10" y="${y}" font-size="12">* ${escapeXml(JSON.stringify(trial.options))} (BENCH_OURS_OPTIONS)</text>`);
    y += 16;
  }
  const title = `Upload throughput, ${sizeLabel(results.fileBytes)} file, median of ${results.rounds} round${results.rounds === 1 ? '' : 's'}; each profile on its own scale; MB/s = 10^6 bytes/s`;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${y}" font-family="sans-serif" font-size="13">` +
    `<rect width="100%" height="100%" fill="#fff"/><text x="10" y="24" font-size="14">${escapeXml(title)}</text>${parts.join('')}</svg>\n`;
}

const START = /<!-- bench:table:start[^>]*-->\n/;
const END = '<!-- bench:table:end -->';

/** Replaces what lies between the README's bench markers with `block`; the rest stays as it is. */
export async function rewriteReadme(readmePath, block) {
  const text = await readFile(readmePath, 'utf8');
  const start = START.exec(text);
  const end = text.indexOf(END);
  if (!start || end < start.index) throw new Error(`${readmePath}: no bench:table:start / bench:table:end markers`);
  const from = start.index + start[0].length;
  await writeFile(readmePath, `${text.slice(0, from)}${block}\n${text.slice(end)}`);
}
