import type { DualSubjectToken, TokenProvider } from '@dual-auth/core';
import { expect, it } from 'vitest';
import { useDemoApis } from '../test/use-demo-apis.js';
import { InSessionApiCall } from './in-session-api-call.js';

const api = useDemoApis();

// Attack (session 33, reviewa): a provider of the app's own (no adapter kit) that gives plain
// token objects recording the human as the app's numeric user id. The identity check compared
// strings only, so alice's token (humanId 1001) went out beside bob's identity ('1002') while the
// call's lines and audit named bob. A recorded id that is not a string is refused as bad input,
// as a token's other fields are.
it.each([
  ['humanId', 1001, "the human's act.sub"],
  ['agentId', { id: 'finance-agent' }, "the agent's client id"],
] as const)(
  'refuses a token whose %s is %o, not a string, sending nothing',
  async (field, value, what) => {
    const server = await api(() => ({ status: 200 }));
    const token = {
      accessToken: 'alice.token',
      tokenType: 'Bearer',
      expiresIn: 3600,
      expiresAt: Date.now() + 3_600_000,
      scope: 'finance.read',
      [field]: value,
    } as unknown as DualSubjectToken;
    const provider: TokenProvider = {
      identity: Object.freeze({ agentId: 'finance-agent', humanId: '1002' }),
      getToken: async () => token,
    };
    const refusal = new InSessionApiCall({ fetch: server.fetch }).callApi({
      apiUrl: `${server.url}/balance`,
      tokenProvider: provider,
    });
    await expect(refusal).rejects.toThrow(
      new TypeError(
        `tokenProvider.getToken() result.${field} must be a string (${what} it was asked for) or left out`,
      ),
    );
    expect(server.requests).toHaveLength(0);
  },
  30_000,
);
