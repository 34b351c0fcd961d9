// What the project's proxies share (bench/shaping-proxy.mjs, tests/faults/fault-proxy.mjs):
// forwarding headers, and listening on a 'host:port' given on their command lines.
import { once } from 'node:events';

/** Headers that belong to one hop of a connection, not to the request or answer. */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'te', 'trailer', 'transfer-encoding', 'upgrade']);

/** `headers` without the hop-by-hop ones: what a proxy passes on. */
export function endToEndHeaders(headers) {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !HOP_BY_HOP.has(name)));
}

/** Starts `server` listening on `listen` ('host:port', port 0 for any); resolves with its address. */
export async function listenOn(server, listen) {
  const at = listen.lastIndexOf(':');
  server.listen(Number(listen.slice(at + 1)), listen.slice(0, at));
  await once(server, 'listening');
  return server.address();
}
