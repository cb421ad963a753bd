import { createDualSubjectToken } from '@dual-auth/core';
import { expect, it } from 'vitest';
import { recordingLogger } from '../test/demo-api.js';
import { useDemoApis } from '../test/use-demo-apis.js';
import { InSessionApiCall } from './in-session-api-call.js';

const api = useDemoApis();

// Found by an operations team adopting the library from its docs (session 38): the root README's
// quick start passes requestToken's token to callApi without an `identity`, and every one of the
// call's lines (`api_call_start`, `api_call_complete`) and its audit record named no agent and no
// human, while docs/logging.md lists `agent_id` and `human_id` on each: an alert or a dashboard
// could not tell whose call failed. The token records who the adapter asked it for; a call that
// names no one is made for them.
const recorded = () =>
  createDualSubjectToken({
    accessToken: 'alice.token',
    tokenType: 'Bearer',
    expiresIn: 3600,
    issuedAt: Date.now(),
    scope: 'finance.read',
    humanId: 'u-alice',
    agentId: 'finance-agent',
  });

it("names the token's recorded agent and human in the call's lines and audit record when the call names no one", async () => {
  const server = await api(() => ({ status: 200 }));
  const logger = recordingLogger();
  const call = new InSessionApiCall({ fetch: server.fetch, logger });
  await call.callApi({ apiUrl: `${server.url}/balance`, tokenResponse: recorded() });
  const named = logger.events
    .filter((e) => ['api_call_start', 'api_call_complete', 'dual_auth_decision'].includes(e.event))
    .map((e) => [e.event, e.fields?.agent_id, e.fields?.human_id]);
  expect(named).toEqual([
    ['api_call_start', 'finance-agent', 'u-alice'],
    ['api_call_complete', 'finance-agent', 'u-alice'],
    ['dual_auth_decision', 'finance-agent', 'u-alice'],
  ]);
}, 30_000);

it('fills only the field the call leaves out, and keeps the one it names', async () => {
  const server = await api(() => ({ status: 200 }));
  const logger = recordingLogger();
  const call = new InSessionApiCall({ fetch: server.fetch, logger });
  await call.callApi({
    apiUrl: `${server.url}/balance`,
    tokenResponse: recorded(),
    identity: { agentId: 'finance-agent' },
  });
  const start = logger.events.find((e) => e.event === 'api_call_start');
  expect(start?.fields).toMatchObject({ agent_id: 'finance-agent', human_id: 'u-alice' });
}, 30_000);

it('names no one for a token that records no one', async () => {
  const server = await api(() => ({ status: 200 }));
  const logger = recordingLogger();
  const call = new InSessionApiCall({ fetch: server.fetch, logger });
  await call.callApi({
    apiUrl: `${server.url}/balance`,
    tokenResponse: createDualSubjectToken({
      accessToken: 'own',
      tokenType: 'Bearer',
      expiresIn: 60,
      scope: 'finance.read',
      issuedAt: Date.now(),
    }),
  });
  const start = logger.events.find((e) => e.event === 'api_call_start');
  expect(start?.fields?.agent_id).toBeUndefined();
  expect(start?.fields?.human_id).toBeUndefined();
}, 30_000);
