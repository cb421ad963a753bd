import { describe, expect, it } from 'vitest';
import { adapterHarness } from '../../test/base-adapter-fixture.js';

const harness = adapterHarness();
const ACT = { sub: 'u-1' };

// wave32/firstrun: `adapter.requestToken` read only the fields it knew, so a newcomer's `scopes`,
// Python's `agent_id` or a `human` in place of `act` got a message about the missing field
// ("scope must be an array of non-empty strings"), never about the key written; and an unknown
// key beside the right ones was dropped without a word. InSessionTokenRequest already names it.
describe('BaseAdapter.requestToken refuses a field it does not know, before the IdP is asked', () => {
  it.each([
    [
      { agentId: 'agent-1', act: ACT, scopes: ['read'] },
      'ClientCredentialsAdapter.requestToken: scopes is not an option (did you mean scope?)',
    ],
    [
      { agent_id: 'agent-1', act: ACT, scope: ['read'] },
      'ClientCredentialsAdapter.requestToken: agent_id is not an option (did you mean agentId?)',
    ],
    [
      { agentId: 'agent-1', human: 'u-1', scope: ['read'] },
      'ClientCredentialsAdapter.requestToken: human is not an option (the options are agentId, act, scope, subjectToken, signal)',
    ],
    [
      { agentId: 'agent-1', act: ACT, scope: ['read'], audience: undefined },
      'ClientCredentialsAdapter.requestToken: audience is not an option (',
    ],
  ])('%o', async (request, message) => {
    const { adapter } = await harness.answering({ access_token: 'AT' });
    const refusal: unknown = await adapter.requestToken(request as never).catch((e) => e);
    expect(refusal).toBeInstanceOf(TypeError);
    expect((refusal as TypeError).message).toContain(message);
    expect(harness.server()?.requests).toHaveLength(0);
  });

  it('takes every field of a TokenRequest', async () => {
    const { adapter } = await harness.answering({ access_token: 'AT' });
    const request = {
      agentId: 'agent-1',
      act: ACT,
      scope: ['read'],
      subjectToken: undefined,
      signal: new AbortController().signal,
    };
    await expect(adapter.requestToken(request)).resolves.toMatchObject({ accessToken: 'AT' });
  });
});
