import type { DualSubjectToken } from '@dual-auth/core';
import { expect, it } from 'vitest';
import { fakeTime, recordingLogger, vendorTokens } from '../test/demo-api.js';
import { useDemoApis } from '../test/use-demo-apis.js';
import type { RequestStartState } from './api-call-hooks.js';
import { InSessionApiCall } from './in-session-api-call.js';

const api = useDemoApis();

// Review (wave30): the check that an `identity` names the provider's agent and human read the
// caller's object once, and the log lines, hooks and audit record read it again all along the
// call. An app that reuses one identity object (`identity.humanId = nextUser.id`) and changed it
// while the call waited for its token sent alice's token while the call named bob: the check's
// own fault, back. The call reads its identity once.
it('names the human it checked, whatever happens to the caller’s identity object meanwhile', async () => {
  const server = await api(() => ({ status: 200 }));
  const logger = recordingLogger();
  const starts: RequestStartState[] = [];
  const identity = { agentId: 'finance-agent', humanId: 'alice-sub' };
  const call = new InSessionApiCall({
    fetch: server.fetch,
    logger,
    ...fakeTime().options,
    hooks: { onRequestStart: (state) => starts.push(state) },
  });
  await call.callApi({
    apiUrl: `${server.url}/balance`,
    tokenProvider: {
      identity: Object.freeze({ agentId: 'finance-agent', humanId: 'alice-sub' }),
      getToken: async (): Promise<DualSubjectToken> => {
        identity.humanId = 'bob-sub';
        return vendorTokens.okta;
      },
    },
    identity,
  });
  expect(starts.map((state) => state.humanId)).toEqual(['alice-sub']);
  expect(JSON.stringify(logger.events)).not.toContain('bob-sub');
});

it('reads a getter identity once', async () => {
  const server = await api(() => ({ status: 200 }));
  const logger = recordingLogger();
  let reads = 0;
  const identity = {
    agentId: 'finance-agent',
    get humanId() {
      reads += 1;
      return reads === 1 ? 'alice-sub' : 'bob-sub';
    },
  };
  const call = new InSessionApiCall({ fetch: server.fetch, logger, ...fakeTime().options });
  await call.callApi({ apiUrl: server.url, tokenResponse: vendorTokens.okta, identity });
  expect(reads).toBe(1);
  expect(JSON.stringify(logger.events)).not.toContain('bob-sub');
});
