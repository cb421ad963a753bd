import { createDualSubjectToken, type DualSubjectToken, type TokenProvider } from '@dual-auth/core';
import { expect, it } from 'vitest';
import { recordingLogger } from '../test/demo-api.js';
import { useDemoApis } from '../test/use-demo-apis.js';
import { InSessionApiCall } from './in-session-api-call.js';

const api = useDemoApis();

function tokenFor(humanId: string, accessToken: string): DualSubjectToken {
  return createDualSubjectToken({
    accessToken,
    tokenType: 'Bearer',
    expiresIn: 3600,
    scope: 'finance.read',
    issuedAt: Date.now(),
    humanId,
    agentId: 'finance-agent',
  });
}

// Attack: a provider keyed by conversation rather than by human hands out alice's token first
// and, once the API refused it (401 invalid_token), a renewed one asked for bob. The retry would
// send bob's token while the call's lines and audit record name alice. Each token the provider
// gives is checked against the call's identity, renewed ones included.
it("refuses a renewed token asked for another human than the provider's identity, sending nothing more", async () => {
  const server = await api((_request, index) =>
    index === 0
      ? { status: 401, headers: { 'www-authenticate': 'Bearer error="invalid_token"' } }
      : { status: 200 },
  );
  const provider: TokenProvider = {
    identity: Object.freeze({ agentId: 'finance-agent', humanId: 'alice-sub' }),
    getToken: async ({ forceRefresh }) =>
      forceRefresh === true
        ? tokenFor('bob-sub', 'bob.token')
        : tokenFor('alice-sub', 'alice.token'),
  };
  const logger = recordingLogger();
  const refusal = new InSessionApiCall({ fetch: server.fetch, logger }).callApi({
    apiUrl: `${server.url}/balance`,
    tokenProvider: provider,
  });
  await expect(refusal).rejects.toThrow(
    new TypeError(
      "identity.humanId is not the one tokenProvider.getToken() gave a token for (the API would act for one, the call's logs and audit for another): pass the token asked for identity.humanId, or the identity it was asked for",
    ),
  );
  expect(server.requests.map((r) => r.headers.authorization)).toEqual(['Bearer alice.token']);
  expect(JSON.stringify(logger.events)).not.toContain('bob');
});
