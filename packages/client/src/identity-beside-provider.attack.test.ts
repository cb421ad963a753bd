import type { DualSubjectToken, TokenProvider } from '@dual-auth/core';
import { expect, it } from 'vitest';
import { fakeTime, recordingLogger, vendorTokens } from '../test/demo-api.js';
import { useDemoApis } from '../test/use-demo-apis.js';
import { InSessionApiCall } from './in-session-api-call.js';

const api = useDemoApis();

function aliceProvider(asked: { count: number }): TokenProvider {
  return {
    identity: Object.freeze({ agentId: 'finance-agent', humanId: 'alice-sub' }),
    getToken: async (): Promise<DualSubjectToken> => {
      asked.count += 1;
      return vendorTokens.okta;
    },
  };
}

// Attack (wave30, agent side): an agent serving many humans built `identity` from one place (the
// request's user) and the token provider from another (a provider cached per conversation). With
// alice's provider and bob's identity the call sent alice's token while its log lines, hooks and
// audit record (`dual_auth_decision`, human_id) named bob, and a path segment that is alice's id
// was not blanked: the API acted for one human, the agent's audit for another. A provider names
// its human; an identity naming someone else is refused before a token is asked for.
it.each([
  [{ agentId: 'finance-agent', humanId: 'bob-sub' }, 'humanId'],
  [{ agentId: 'hr-agent', humanId: 'alice-sub' }, 'agentId'],
])('refuses identity %o beside a provider of another (%s)', async (identity, field) => {
  const server = await api(() => ({ status: 200 }));
  const logger = recordingLogger();
  const asked = { count: 0 };
  const call = new InSessionApiCall({ fetch: server.fetch, logger, ...fakeTime().options });
  const refusal = call.callApi({
    apiUrl: `${server.url}/users/alice-sub/balance`,
    tokenProvider: aliceProvider(asked),
    identity,
  });
  await expect(refusal).rejects.toThrow(TypeError);
  await expect(refusal).rejects.toThrow(
    `identity.${field} is not tokenProvider.identity.${field} (its token would be audited as another's): leave identity out, or use the provider of the one you mean`,
  );
  expect(asked.count).toBe(0);
  expect(server.requests).toHaveLength(0);
  expect(JSON.stringify(logger.events)).not.toMatch(/bob-sub|hr-agent/);
});

it("takes an identity that repeats the provider's, or names what the provider leaves open", async () => {
  const server = await api(() => ({ status: 200 }));
  const asked = { count: 0 };
  const call = new InSessionApiCall({ fetch: server.fetch, ...fakeTime().options });
  const provider = aliceProvider(asked);
  await call.callApi({ apiUrl: server.url, tokenProvider: provider, identity: provider.identity });
  await call.callApi({
    apiUrl: server.url,
    tokenProvider: provider,
    identity: { agentId: 'finance-agent', humanId: 'alice-sub' },
  });
  await call.callApi({
    apiUrl: server.url,
    tokenProvider: { getToken: provider.getToken, identity: { agentId: 'finance-agent' } },
    identity: { agentId: 'finance-agent', humanId: 'alice-sub' },
  });
  await call.callApi({
    apiUrl: server.url,
    tokenProvider: { getToken: provider.getToken },
    identity: { agentId: 'any-agent', humanId: 'any-human' },
  });
  expect(server.requests).toHaveLength(4);
});
