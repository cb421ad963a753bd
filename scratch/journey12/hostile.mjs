import { createSubjectToken } from '@dual-auth/core';
import { agentFor, callBalance, startStack } from './stack.mjs';

const say = (...parts) => process.stdout.write(`${parts.join(' ')}\n`);

const stack = await startStack();
const { idp, mcpUrl, alice, bob } = stack;
const { fetch } = await agentFor(stack);
const out = (name, v) => say(`--- ${name}\n${typeof v === 'string' ? v : JSON.stringify(v)}`);
const tryit = async (name, fn) => {
  try {
    out(name, await fn());
  } catch (e) {
    out(
      name,
      `THROWN ${e?.name} ${e?.code ?? ''} ${e?.reason ?? ''}: ${String(e?.message).slice(0, 300)}`,
    );
  }
};
const init = {
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: {
    protocolVersion: '2025-06-18',
    capabilities: {},
    clientInfo: { name: 'x', version: '1' },
  },
};
const raw = async (headers, body = init) => {
  const r = await stack.trustingFetch(mcpUrl, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      ...headers,
    },
    body: JSON.stringify(body),
  });
  return `${r.status} ${r.headers.get('www-authenticate') ?? ''} ${(await r.text()).slice(0, 200)}`;
};
const tokAlice = await idp.issueSubjectToken({ human: 'alice' });
const tokBob = await idp.issueSubjectToken({ human: 'bob' });

await tryit('1 baseline alice', () =>
  callBalance(stack, fetch, alice, createSubjectToken(tokAlice)),
);
await tryit('2 alice token, bob in context', () =>
  callBalance(stack, fetch, bob, createSubjectToken(tokAlice)),
);
await tryit('3 bob token, alice in context', () =>
  callBalance(stack, fetch, alice, createSubjectToken(tokBob)),
);
await tryit('4 agent without human (no runWithAct)', async () => {
  const r = await fetch(mcpUrl, {
    method: 'POST',
    body: JSON.stringify(init),
    headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
  });
  return r.status;
});
await tryit('5 human context, no subject token', () => callBalance(stack, fetch, alice, undefined));
await tryit('6 human token sent raw (aud finance-agent)', () =>
  raw({ authorization: `Bearer ${tokAlice}` }),
);
const humanForMcp = await idp.issueSubjectToken({ human: 'alice', audience: mcpUrl.href });
await tryit('7 human token for MCP aud, no act', () =>
  raw({ authorization: `Bearer ${humanForMcp}` }),
);
const otherRes = await idp.issueSubjectToken({
  human: 'alice',
  audience: 'https://other.example/mcp',
  act: { sub: 'finance-agent' },
});
await tryit('8 exchanged-shape token for another resource', () =>
  raw({ authorization: `Bearer ${otherRes}` }),
);
const good = await idp.issueSubjectToken({
  human: 'alice',
  audience: mcpUrl.href,
  act: { sub: 'finance-agent' },
  clientId: 'finance-agent',
});
await tryit('9 IdP-signed, sub human + act agent, no client_id', () =>
  raw({ authorization: `Bearer ${good}` }),
);
const expired = await idp.issueSubjectToken({
  human: 'alice',
  audience: mcpUrl.href,
  act: { sub: 'finance-agent' },
  clientId: 'finance-agent',
  expiresInSeconds: -60,
});
await tryit('10 expired', () => raw({ authorization: `Bearer ${expired}` }));
const [h, p] = good.split('.');
const none = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${p}.`;
await tryit('11 alg none', () => raw({ authorization: `Bearer ${none}` }));
const swapped = `${Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(h, 'base64url')), alg: 'HS256' })).toString('base64url')}.${p}.${good.split('.')[2]}`;
await tryit('12 alg HS256 swap', () => raw({ authorization: `Bearer ${swapped}` }));
const payload = JSON.parse(Buffer.from(p, 'base64url'));
out('payload of good', payload);
const big = `${h}.${Buffer.from(JSON.stringify({ ...payload, pad: 'x'.repeat(12000) })).toString('base64url')}.${good.split('.')[2]}`;
await tryit('13 12KB token (bad sig)', () => raw({ authorization: `Bearer ${big}` }));
await tryit('14 60KB authorization header', () =>
  raw({ authorization: `Bearer ${'a'.repeat(60000)}` }),
);
await tryit('16 replay of good token (bearer, within lifetime)', () =>
  raw({ authorization: `Bearer ${good}` }),
);
await tryit('17 lowercase bearer scheme + double space', () =>
  raw({ authorization: `bearer  ${good}` }),
);
const intern = await idp.issueSubjectToken({
  human: 'alice',
  audience: mcpUrl.href,
  act: { sub: 'intern-agent' },
  clientId: 'intern-agent',
});
await tryit('18 intern agent for alice', () => raw({ authorization: `Bearer ${intern}` }));
const mismatch = await idp.issueSubjectToken({
  human: 'alice',
  audience: mcpUrl.href,
  act: { sub: 'finance-agent' },
  clientId: 'intern-agent',
});
await tryit('19 client intern, act finance-agent', () =>
  raw({ authorization: `Bearer ${mismatch}` }),
);
const md = await stack.trustingFetch(new URL('/.well-known/oauth-protected-resource/mcp', mcpUrl));
out('20 metadata', `${md.status} ${await md.text()}`);
await tryit('21 no token', () => raw({}));
await tryit('22 Authorization + access_token query', async () => {
  const r = await stack.trustingFetch(`${mcpUrl}?access_token=${good}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
    body: JSON.stringify(init),
  });
  return `${r.status} ${(await r.text()).slice(0, 150)}`;
});
say(stack.audits.map((a) => `${a.decision} ${a.reason} ${a.status}`).join('\n'));
await idp.close();
await stack.server.close();
