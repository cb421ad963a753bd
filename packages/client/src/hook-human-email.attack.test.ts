import { humanIdForLogging } from '@dual-auth/core';
import { expect, it } from 'vitest';
import { fakeTime, vendorTokens } from '../test/demo-api.js';
import { useDemoApis } from '../test/use-demo-apis.js';
import type { RequestEndState, RequestStartState } from './api-call-hooks.js';
import { InSessionApiCall } from './in-session-api-call.js';

const api = useDemoApis();

// Attack (wave30, agent side): the hooks promise "never a token, assertion, email or name", and
// the README's example sends their `humanId` to metrics. A human whose `act.sub` is an email (an
// Entra UPN, an Okta login, an email used as the user id) reached the hooks as that email, where
// the call's log lines, audit record and span name the human by core's `humanIdForLogging` (a
// SHA-256 digest for an email-shaped id). The hooks name them the same way now.
it("hooks get an email-shaped humanId as the log lines' digest, never the email", async () => {
  const states: (RequestStartState | RequestEndState)[] = [];
  const server = await api(() => ({ status: 200 }));
  const call = new InSessionApiCall({
    fetch: server.fetch,
    ...fakeTime().options,
    hooks: {
      onRequestStart: (state) => states.push(state),
      onRequestEnd: (state) => states.push(state),
    },
  });
  const humanId = 'jane.doe@corp.example';
  await call.callApi({
    apiUrl: `${server.url}/balance`,
    tokenResponse: vendorTokens.okta,
    identity: { agentId: 'agent-1', humanId },
  });
  expect(states).toHaveLength(2);
  const digest = humanIdForLogging({ sub: humanId });
  expect(digest).toMatch(/^sha256:[0-9a-f]{32}$/);
  for (const state of states) expect(state.humanId).toBe(digest);
  expect(JSON.stringify(states)).not.toMatch(/jane|corp\.example/i);
});

it('hooks keep a humanId that is not an email as it is', async () => {
  const states: RequestStartState[] = [];
  const server = await api(() => ({ status: 200 }));
  const call = new InSessionApiCall({
    fetch: server.fetch,
    ...fakeTime().options,
    hooks: { onRequestStart: (state) => states.push(state) },
  });
  await call.callApi({
    apiUrl: `${server.url}/balance`,
    tokenResponse: vendorTokens.okta,
    identity: { agentId: 'agent-1', humanId: 'u-1' },
  });
  expect(states.map((s) => s.humanId)).toEqual(['u-1']);
});
