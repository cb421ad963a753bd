// The agent (MCP client) against a separately running server: node --env-file=.env agent.mjs <human> [tokenOf]
import { readFileSync } from 'node:fs';
import { oauthPlugin } from '@dual-auth/adapter-oauth';
import { createAdapter, createSubjectToken } from '@dual-auth/core';
import { dualAuthFetch } from '@dual-auth/mcp/client';
import { InSessionTokenRequest } from '@dual-auth/session';
import { runWithAct } from '@dual-auth/session/context';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';

const say = (...parts) => process.stdout.write(`${parts.join(' ')}\n`);

const [human = 'alice', tokenOf = human] = process.argv.slice(2);
const env = { ...process.env }; // dual-auth-idp's env file, given with --env-file
const serverUrl = new URL(env.IDP_AUDIENCE);
const adapter = await createAdapter(undefined, {
  plugins: [oauthPlugin],
  env: {
    ...env,
    OAUTH_MODE: 'token-exchange',
    OAUTH_RESOURCE: serverUrl.href,
    OAUTH_ISSUER: env.IDP_ISSUER,
  },
});
const fetch = dualAuthFetch({
  origin: serverUrl,
  tokenRequest: new InSessionTokenRequest({ adapter }),
  agentId: 'finance-agent',
  scope: ['finance.read'],
});
const sub = env[`HUMAN_${human.toUpperCase()}_SUB`];
const subjectToken = createSubjectToken(
  readFileSync(`.dual-auth-idp/${tokenOf}.jwt`, 'utf8').trim(),
);
try {
  const result = await runWithAct(
    { sub },
    async () => {
      const client = new Client({ name: 'finance-agent', version: '1.0.0' });
      await client.connect(new StreamableHTTPClientTransport(serverUrl, { fetch }));
      try {
        return await client.callTool({ name: 'balance', arguments: {} });
      } finally {
        await client.close();
      }
    },
    { subjectToken },
  );
  say(JSON.stringify(result));
} catch (e) {
  say(`refused: ${e.name} ${e.code ?? ''}: ${e.message}`);
}
