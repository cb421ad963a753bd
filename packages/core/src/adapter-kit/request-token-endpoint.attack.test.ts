import { describe, expect, it } from 'vitest';
import { failure, tokenEndpointHarness } from '../../test/token-endpoint-harness.js';

const { run } = tokenEndpointHarness();

// Attack: a hostile token endpoint answers 200 with JSON shaped to slip a token past the checks:
// the token under `__proto__` (a parser that assigns keys would make it inherited), the same key
// twice (the last one wins in JSON.parse; a checker and a user reading different ones would
// disagree), `constructor`/`toString` keys where a token is looked up. Held: the answer is read
// as its own properties only, once, and each of these is refused before anything is returned.
describe('attack: a token answer shaped to slip past the checks', () => {
  it.each([
    ['a token under __proto__', '{"__proto__":{"access_token":"smuggled"},"token_type":"Bearer"}'],
    [
      'a valid token shadowed by a broken one',
      '{"access_token":"good","access_token":"bad token"}',
    ],
    [
      'a token type smuggled under __proto__',
      '{"access_token":"t","__proto__":{"token_type":"DPoP"},"token_type":"N_A"}',
    ],
  ])('refuses %s', async (_name, body) => {
    const { call } = await run([{ status: 200, body }]);
    const error = await failure(call);
    expect(error.status).toBe(200);
    expect(error.message).toMatch(
      /^Token request failed \(HTTP 200\): Invalid response from Keycloak: /,
    );
  });

  it('takes the last of two tokens, the one JSON.parse gives every reader', async () => {
    const { call } = await run([
      { status: 200, body: '{"access_token":"bad token","access_token":"good"}' },
    ]);
    await expect(call).resolves.toMatchObject({ access_token: 'good' });
  });
});
