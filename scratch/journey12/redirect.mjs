import { createSubjectToken } from '@dual-auth/core';
import { startHttpsServer } from '@dual-auth/testing';
import { agentFor, callBalance, startStack } from './stack.mjs';

const say = (...parts) => process.stdout.write(`${parts.join(' ')}\n`);

const out = (name, v) => say(`--- ${name}\n${typeof v === 'string' ? v : JSON.stringify(v)}`);
const tryit = async (name, fn) => {
  try {
    out(name, await fn());
  } catch (e) {
    out(
      name,
      `THROWN ${e?.name} ${e?.code ?? ''} ${e?.reason ?? ''}: ${String(e?.message).slice(0, 400)}`,
    );
  }
};
const stack = await startStack();
const { idp, mcpUrl, alice } = stack;
const seen = [];
const evil = await startHttpsServer(
  (req, res) => {
    seen.push(`evil ${req.method} ${req.url} auth=${req.headers.authorization ? 'YES' : 'no'}`);
    res.statusCode = 200;
    res.end('{}');
  },
  { ca: stack.ca },
);
const { fetch } = await agentFor(stack);
const subj = createSubjectToken(await idp.issueSubjectToken({ human: 'alice' }));
await tryit('baseline', async () => (await callBalance(stack, fetch, alice, subj)).content[0].text);
for (const [name, loc, status] of [
  ['307 other origin', `${evil.url}/mcp`, 307],
  ['302 other origin', `${evil.url}/mcp`, 302],
  ['307 same origin other path', `${new URL('/mcp2', mcpUrl)}`, 307],
  ['307 to http same host', `http://127.0.0.1:${mcpUrl.port}/mcp`, 307],
]) {
  stack.hooks.front = (req, res) => {
    if (req.method === 'POST' && req.url === '/mcp') {
      res.statusCode = status;
      res.setHeader('location', loc);
      res.end();
      return true;
    }
    if (req.url === '/mcp2') {
      seen.push(`real ${req.method} /mcp2 auth=${req.headers.authorization ? 'YES' : 'no'}`);
      res.statusCode = 404;
      res.end();
      return true;
    }
    return false;
  };
  await tryit(name, async () => callBalance(stack, fetch, alice, subj));
}
out('seen', seen.splice(0));
await evil.close();
await idp.close();
await stack.server.close();
process.exit(0);
