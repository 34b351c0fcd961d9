// The network conditions the benchmark uploads under. Shaped profiles go through
// bench/shaping-proxy.mjs (this kernel has no netem); loopback talks to upload-server directly.
// Rates are in bytes/s (MB/s = 10^6 bytes/s).

export const PROFILES = [
  {
    id: 'loopback',
    name: 'loopback',
    about: 'the browser talks to upload-server directly, no proxy',
    shaping: null,
  },
  {
    id: 'long-fat-path',
    name: 'long fat path over HTTP/1.1',
    about: '40 ms per request, 12.5 MB/s per connection, no shared cap, no answer delay',
    shaping: { latencyMs: 40, connectionRate: 12.5e6 },
  },
  {
    id: 'shared-uplink',
    name: 'shared uplink',
    about: 'one 25 MB/s link shared by all connections, 80 ms per request, 300 ms to answer each chunk',
    shaping: { latencyMs: 80, linkRate: 25e6, answerDelayMs: 300 },
  },
];

/** The profiles named in `list` ("loopback,long-fat-path"), all when it is empty. */
export function selectProfiles(list) {
  if (!list) return PROFILES;
  const ids = list.split(',').map((id) => id.trim()).filter(Boolean);
  const unknown = ids.filter((id) => !PROFILES.some((p) => p.id === id));
  if (unknown.length) {
    throw new Error(`unknown profile(s) ${unknown.join(', ')}; known: ${PROFILES.map((p) => p.id).join(', ')}`);
  }
  return PROFILES.filter((p) => ids.includes(p.id));
}
