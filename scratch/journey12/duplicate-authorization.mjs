import tls from 'node:tls';
import { createSubjectToken } from '@dual-auth/core';
import { agentFor, callBalance, startStack } from './stack.mjs';

const say = (...parts) => process.stdout.write(`${parts.join(' ')}\n`);

const stack = await startStack();
const { idp, mcpUrl, alice } = stack;
let captured;
const spy = (u, i) => {
  const a = new Headers(i?.headers).get('authorization');
  if (a) captured = a;
  return stack.trustingFetch(u, i);
};
const { fetch } = await agentFor(stack, { fetch: spy });
await callBalance(
  stack,
  fetch,
  alice,
  createSubjectToken(await idp.issueSubjectToken({ human: 'alice' })),
);
const good = captured;
const body = JSON.stringify({
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: {
    protocolVersion: '2025-06-18',
    capabilities: {},
    clientInfo: { name: 'x', version: '1' },
  },
});
const rawSend = (lines) =>
  new Promise((resolve) => {
    const c = tls.connect(
      { host: '127.0.0.1', port: Number(mcpUrl.port), ca: stack.ca.caPem, servername: '127.0.0.1' },
      () =>
        c.write(
          `POST /mcp HTTP/1.1\r\nHost: ${mcpUrl.host}\r\nContent-Type: application/json\r\nAccept: application/json, text/event-stream\r\n${lines.join('\r\n')}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
        ),
    );
    let b = '';
    c.on('data', (d) => (b += d));
    c.on('end', () =>
      resolve(
        `${b.split('\r\n')[0]} | ${(b.match(/www-authenticate: (.*)/i) ?? [])[1] ?? ''} | ${b.split('\r\n\r\n')[1]?.slice(0, 150)}`,
      ),
    );
    c.on('error', (e) => resolve(`err ${e.code}`));
  });
say('single good      :', await rawSend([`Authorization: ${good}`]));
say('good + junk      :', await rawSend([`Authorization: ${good}`, 'Authorization: Bearer junk']));
say('junk + good      :', await rawSend(['Authorization: Bearer junk', `Authorization: ${good}`]));
say('good + good      :', await rawSend([`Authorization: ${good}`, `Authorization: ${good}`]));
say(stack.audits.slice(3).map((a) => `${a.decision} ${a.reason} ${a.status}`));
await idp.close();
await stack.server.close();
process.exit(0);
