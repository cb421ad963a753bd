// biome-ignore-all lint/suspicious/noConsole: a chaos script reports on stdout
// Session 39 chaos: a JWKS endpoint that answers its headers, then stalls, drips or breaks off.
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRemoteJwks } from '@dual-auth/core/adapter-kit';

let mode = 'stall';
const open = new Set<ServerResponse>();
const jwks = JSON.stringify({
  keys: [{ kty: 'RSA', kid: 'k1', n: 'sXch', e: 'AQAB', alg: 'RS256' }],
});
const server = createServer((_req, res) => {
  open.add(res);
  res.on('close', () => open.delete(res));
  res.writeHead(200, { 'content-type': 'application/json' });
  if (mode === 'stall') res.write('{"keys":');
  else if (mode === 'drip') {
    let i = 0;
    const t = setInterval(() => (i < jwks.length ? res.write(jwks[i++] ?? '') : res.end()), 300);
    res.on('close', () => clearInterval(t));
  } else if (mode === 'break') res.write('{"keys":', () => res.destroy());
}).listen(0, '127.0.0.1');
await new Promise((r) => server.once('listening', r));
const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/certs`;
for (const m of process.argv.slice(2)) {
  mode = m;
  const keys = createRemoteJwks(url, { allowInsecureLoopback: true });
  const started = performance.now();
  const outcome = await keys({ alg: 'RS256', kid: 'k1' }, { payload: '', signature: '' }).then(
    () => 'key',
    (e: Error) => `${e.name} ${(e as { code?: string }).code}: ${e.message.slice(0, 160)}`,
  );
  console.log(
    `[${m}] ${Math.round(performance.now() - started)} ms: ${outcome}; open ${open.size}`,
  );
}
for (const r of open) r.destroy();
server.close();
