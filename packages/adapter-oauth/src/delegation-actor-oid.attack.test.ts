import { TokenRequestError } from '@dual-auth/core';
import { startTokenEndpointStub, type TokenEndpointStub } from '@dual-auth/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  exchangeSubjectToken,
  unsignedJwt as jwt,
  NOW_SECONDS,
  tokenExchangeAdapter,
} from '../test/support/token-exchange-adapter.js';

// Attack (wave 29): an exchanged token whose acting agent carries the human's id in its `oid`
// (`act: { sub: 'agent-1', oid: 'u-1' }`, the human acting for herself under another name) was
// handed out: the adapter compared each actor's `sub` with the human's ids, never its `oid`,
// while the resource guard's rfc8693 layout refuses any actor whose `sub` or `oid` is one of the
// human's (401 layout_mismatch). The adapter exists to refuse what the API would, saying what to
// check on the IdP, before the agent spends the token.
let server: TokenEndpointStub;
beforeAll(async () => {
  server = await startTokenEndpointStub();
});
afterAll(() => server.close());

function exchange(issued: Record<string, unknown>, act: { sub: string; oid?: string }) {
  server.reply({
    status: 200,
    body: {
      access_token: jwt({ client_id: 'agent-1', exp: NOW_SECONDS + 300, ...issued }),
      token_type: 'Bearer',
      issued_token_type: 'urn:ietf:params:oauth:token-type:access_token',
    },
  });
  return exchangeSubjectToken(
    tokenExchangeAdapter(server),
    jwt({ sub: act.sub, ...(act.oid ? { oid: act.oid } : {}), exp: NOW_SECONDS + 600 }),
    act,
  );
}

describe('OAuthAdapter token exchange: an actor whose oid is the human', () => {
  it.each([
    ['its sub', { sub: 'u-1', act: { sub: 'agent-1', oid: 'u-1' } }, { sub: 'u-1' }],
    [
      'its oid',
      { sub: 'u-1', oid: 'oid-1', act: { sub: 'agent-1', oid: 'oid-1' } },
      { sub: 'u-1', oid: 'oid-1' },
    ],
  ])('is refused when act.oid is the human’s %s, naming the claim', async (_n, issued, act) => {
    const refused = await exchange(issued, act).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(TokenRequestError);
    expect((refused as Error).message).toMatch(/act\.oid is the human/);
    expect((refused as Error).message).toMatch(/check how its exchange fills act on the IdP/);
    expect((refused as Error).message).not.toContain('oid-1');
  });

  it('an actor with an oid of its own is handed out (held)', async () => {
    const token = await exchange(
      { sub: 'u-1', act: { sub: 'agent-1', oid: 'agent-object-id' } },
      { sub: 'u-1' },
    );
    expect(token.accessToken).toContain('.');
  });
});
