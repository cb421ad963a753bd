import type { DualSubjectToken } from '@dual-auth/core';
import { expect, it } from 'vitest';
import { fakeTime, recordingLogger, vendorTokens } from '../test/demo-api.js';
import { useDemoApis } from '../test/use-demo-apis.js';
import { InSessionApiCall } from './in-session-api-call.js';

const api = useDemoApis();

// Attack (wave30, agent side): `identity` is typed `{ agentId?: string, humanId?: string }` but
// was never checked. A number or an object went into the log lines and the audit record as it was
// (`"human_id": 42`, `"agent_id": {}`, a delegation chain of `[{}]`: a record a SIEM rule keyed on
// strings does not match), and an array holding an email threw Node's ERR_INVALID_ARG_TYPE from
// the digest, a message that says nothing of `identity`. Both fields are refused unless strings,
// before a token is asked for or anything is sent.
it.each([
  [{ humanId: 42 }, 'humanId'],
  [{ humanId: ['jane@corp.example'] }, 'humanId'],
  [{ agentId: {}, humanId: 'u-1' }, 'agentId'],
  [{ agentId: 7 }, 'agentId'],
])('refuses identity %o before sending anything', async (identity, field) => {
  const server = await api(() => ({ status: 200 }));
  const logger = recordingLogger();
  const call = new InSessionApiCall({ fetch: server.fetch, logger, ...fakeTime().options });
  let asked = 0;
  for (const source of [
    { tokenResponse: vendorTokens.okta, identity },
    {
      tokenProvider: {
        identity,
        getToken: async (): Promise<DualSubjectToken> => {
          asked += 1;
          return vendorTokens.okta;
        },
      },
    },
  ]) {
    const refusal = call.callApi({ apiUrl: server.url, ...source } as never);
    await expect(refusal).rejects.toThrow(TypeError);
    await expect(refusal).rejects.toThrow(
      `identity.${field} must be a string (${field === 'humanId' ? "the human's act.sub" : "the agent's client id"}) or left out`,
    );
  }
  expect(asked).toBe(0);
  expect(server.requests).toHaveLength(0);
  expect(logger.events.map((e) => e.event)).toEqual(['insession_api_handler_init']);
});

it('takes an identity of strings, or with either left out', async () => {
  const server = await api(() => ({ status: 200 }));
  const call = new InSessionApiCall({ fetch: server.fetch, ...fakeTime().options });
  for (const identity of [
    {},
    { agentId: 'a' },
    { humanId: 'u-1' },
    { agentId: 'a', humanId: 'u' },
  ]) {
    await call.callApi({ apiUrl: server.url, tokenResponse: vendorTokens.okta, identity });
  }
  expect(server.requests).toHaveLength(4);
});

// A rename (wave32/ownoptions) made the object check test the call's arguments instead of the
// identity, so `identity: 'bob'` reached the copy and threw JavaScript's "Cannot use 'in' operator"
// instead of saying what `identity` must be.
it.each(['bob', 42])(
  'refuses an identity of %o that is no object, saying what it must be',
  async (identity) => {
    const server = await api(() => ({ status: 200 }));
    const call = new InSessionApiCall({ fetch: server.fetch, ...fakeTime().options });
    const refusal = call.callApi({
      apiUrl: server.url,
      tokenResponse: vendorTokens.okta,
      identity,
    } as never);
    await expect(refusal).rejects.toThrow('identity must be an object with agentId and humanId');
    expect(server.requests).toHaveLength(0);
  },
);
