import { createDualSubjectToken } from '@dual-auth/core';
import { expect, it } from 'vitest';
import { useDemoApis } from '../test/use-demo-apis.js';
import { InSessionApiCall } from './in-session-api-call.js';

const api = useDemoApis();

// Attack (session 33, reviewa): a token copied through JSON (a cache that keeps JSON.stringify of
// it) keeps its string form: accessToken and actAssertion are the redaction placeholder and who
// it was asked for is gone. callApi sent "Authorization: Bearer ***REDACTED***" (and the
// placeholder as the act assertion) to the API, which can only refuse it, and checked no
// identity. The copy is refused before anything is sent, saying to keep the token itself.
it('refuses a token revived from its JSON form, sending nothing', async () => {
  const server = await api(() => ({ status: 200 }));
  const token = createDualSubjectToken({
    accessToken: 'alice.token',
    actAssertion: 'alice.assertion',
    tokenType: 'Bearer',
    expiresIn: 3600,
    scope: 'finance.read',
    issuedAt: Date.now(),
    humanId: 'alice-sub',
    agentId: 'finance-agent',
  });
  const revived = JSON.parse(JSON.stringify(token));
  const refusal = new InSessionApiCall({ fetch: server.fetch }).callApi({
    apiUrl: `${server.url}/balance`,
    tokenResponse: revived,
    identity: { agentId: 'finance-agent', humanId: 'bob-sub' },
  });
  await expect(refusal).rejects.toThrow(
    new TypeError(
      'tokenResponse.accessToken is the redaction placeholder: pass the token itself (what requestToken resolves to), not a copy revived from JSON',
    ),
  );
  expect(server.requests).toHaveLength(0);
}, 30_000);
