// biome-ignore-all lint/suspicious/noConsole: a chaos script reports on stdout
// Session 39 chaos: the guard's first JWKS download meets a body that broke off / stalls.
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { keycloakTokenProfile } from '@dual-auth/adapter-keycloak';
import { createDualAuthGuard } from '@dual-auth/resource';

let mode = process.argv[2] ?? 'break';
const open = new Set<ServerResponse>();
const server = createServer((_req, res) => {
  open.add(res);
  res.on('close', () => open.delete(res));
  res.writeHead(200, { 'content-type': 'application/json' });
  if (mode === 'break') res.write('{"keys":', () => res.destroy());
  else if (mode === 'stall') res.write('{"keys":');
}).listen(0, '127.0.0.1');
await new Promise((r) => server.once('listening', r));
const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/certs`;
const lines: string[] = [];
const log = (level: string) => (e: string, f?: object) =>
  lines.push(`${level} ${e} ${JSON.stringify(f ?? {})}`);
const guard = createDualAuthGuard({
  profile: keycloakTokenProfile,
  issuer: 'https://kc.example/realms/r',
  audience: 'finance-api',
  jwksUri: url,
  allowInsecureLoopback: true,
  agentAllowed: () => true,
  humanAllowed: () => true,
  logger: { debug: () => undefined, info: log('info'), warn: log('warn'), error: log('error') },
});
const b64 = (v: object) => Buffer.from(JSON.stringify(v)).toString('base64url');
const now = Math.floor(Date.now() / 1000);
const jwt = `${b64({ alg: 'RS256', kid: 'k1', typ: 'JWT' })}.${b64({ iss: 'https://kc.example/realms/r', aud: 'finance-api', exp: now + 300, iat: now, sub: 'a', azp: 'finance-agent', act: { sub: 'u-1' } })}.c2ln`;
for (const m of process.argv.slice(2)) {
  mode = m;
  lines.length = 0;
  const started = performance.now();
  const d = await guard.checkRequest(
    new Request('https://api.example/balance', { headers: { authorization: `Bearer ${jwt}` } }),
  );
  const detail = d as unknown as { status?: number; reason?: string; allowed?: boolean };
  console.log(
    `[${m}] ${Math.round(performance.now() - started)} ms: ${JSON.stringify({ status: detail.status, reason: detail.reason, allowed: detail.allowed })}`,
  );
  for (const l of lines) console.log(`   ${l.slice(0, 300)}`);
  await new Promise((r) => setTimeout(r, 2100));
}
for (const r of open) r.destroy();
server.close();
