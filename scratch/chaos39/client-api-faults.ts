// biome-ignore-all lint/suspicious/noConsole: a chaos script reports on stdout
// Run: npx -y pnpm@12.20.0 exec node tools/run-source.mjs scratch/chaos39/<file>.ts [modes] (with scratch/chaos39/node_modules linked to examples/demo/node_modules)
// Session 39 chaos: the demo-like API misbehaving under InSessionApiCall (plain HTTP on loopback).
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { InSessionApiCall } from '@dual-auth/client';
import { createDualSubjectToken } from '@dual-auth/core';

let mode = 'ok';
let hits = 0;
const open = new Set<ServerResponse>();
const server = createServer((req, res) => {
  hits += 1;
  open.add(res);
  res.on('close', () => open.delete(res));
  switch (mode) {
    case '503':
      res.writeHead(503).end('{"error":"x"}');
      return;
    case '429-2':
      res.writeHead(429, { 'retry-after': '2' }).end();
      return;
    case '429-50':
      res.writeHead(429, { 'retry-after': '50' }).end();
      return;
    case 'never':
      return; // headers never
    case 'stall-body':
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"a":');
      return;
    case 'drip': {
      res.writeHead(200, { 'content-type': 'application/json' });
      const t = setInterval(() => res.write(' '), 200);
      res.on('close', () => clearInterval(t));
      return;
    }
    case 'huge': {
      res.writeHead(200, { 'content-type': 'application/json' });
      const chunk = Buffer.alloc(1 << 20, 32);
      const pump = () => {
        while (res.write(chunk)) {}
      };
      res.on('drain', pump);
      pump();
      return;
    }
    case 'reset-mid':
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
      res.write('{"a":1');
      setTimeout(() => req.socket.destroy(), 50);
      return;
    default:
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
  }
}).listen(0, '127.0.0.1');
await new Promise((r) => server.once('listening', r));
const port = (server.address() as AddressInfo).port;
const token = createDualSubjectToken({
  accessToken: 'agent-token-SECRET',
  tokenType: 'Bearer',
  expiresIn: 3600,
  scope: 'finance.read',
  issuedAt: Date.now(),
});
const lines: string[] = [];
const logger = {
  debug: () => undefined,
  info: (e: string, f?: object) => lines.push(`info ${e} ${JSON.stringify(f ?? {})}`),
  warn: (e: string, f?: object) => lines.push(`warn ${e} ${JSON.stringify(f ?? {})}`),
  error: (e: string, f?: object) => lines.push(`error ${e} ${JSON.stringify(f ?? {})}`),
};
const api = new InSessionApiCall({
  timeoutMs: 3_000,
  totalTimeoutMs: 12_000,
  allowInsecureLoopback: true,
  logger,
  retry: { baseDelayMs: 200, maxDelayMs: 1000 },
});
const handles = () =>
  (process as unknown as { _getActiveHandles(): unknown[] })._getActiveHandles().length;
const modes = process.argv.slice(2).length
  ? process.argv.slice(2)
  : ['ok', '503', '429-2', '429-50', 'never', 'stall-body', 'drip', 'huge', 'reset-mid', 'ok'];
for (const m of modes) {
  mode = m;
  hits = 0;
  lines.length = 0;
  const started = performance.now();
  let outcome: string;
  try {
    const response = await api.callApi({
      apiUrl: `http://127.0.0.1:${port}/balance`,
      tokenResponse: token,
      identity: { agentId: 'finance-agent', humanId: 'u-1' },
    });
    const headersAt = performance.now() - started;
    const body = await response.text().then(
      (t) => `text ${t.length}`,
      (e: Error) => `body ${e.name}: ${e.message.slice(0, 150)}`,
    );
    outcome = `status ${response.status} headers@${Math.round(headersAt)}ms ${body}`;
  } catch (error) {
    outcome = `${(error as Error).name}: ${(error as Error).message.slice(0, 200)}`;
  }
  const ms = Math.round(performance.now() - started);
  console.log(`[${m}] ${ms} ms, ${hits} hits: ${outcome}`);
  console.log(`   log: ${lines.map((l) => l.split(' ').slice(0, 2).join(' ')).join(', ')}`);
  if (lines.some((l) => l.includes('SECRET'))) console.log('   LEAK in logs');
  await new Promise((r) => setTimeout(r, 300));
  console.log(
    `   handles ${handles()}, open server responses ${open.size}, rss ${Math.round(process.memoryUsage().rss / 2 ** 20)} MiB`,
  );
}
for (const res of open) res.destroy();
server.close();
server.closeAllConnections();
