import { createDualAuthConfig, createSubjectToken, TokenRequestError } from '@dual-auth/core';
import { startTokenEndpointStub, type TokenEndpointStub } from '@dual-auth/testing';
import { base64url } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OAuthAdapter } from './oauth-adapter.js';
import type { OAuthConfig } from './oauth-config.js';

// Attack (wave 29): an exchanged token whose acting agent carries the human's id in its `oid`
// (`act: { sub: 'agent-1', oid: 'u-1' }`, the human acting for herself under another name) was
// handed out: the adapter compared each actor's `sub` with the human's ids, never its `oid`,
// while the resource guard's rfc8693 layout refuses any actor whose `sub` or `oid` is one of the
// human's (401 layout_mismatch). The adapter exists to refuse what the API would, saying what to
// check on the IdP, before the agent spends the token.
const NOW_SECONDS = 1_795_421_725;

let server: TokenEndpointStub;
beforeAll(async () => {
  server = await startTokenEndpointStub();
});
afterAll(() => server.close());

const jwt = (claims: Record<string, unknown>) =>
  `${base64url.encode(JSON.stringify({ alg: 'RS256', typ: 'at+jwt' }))}.${base64url.encode(JSON.stringify(claims))}.c2ln`;

function exchange(issued: Record<string, unknown>, act: { sub: string; oid?: string }) {
  server.reply({
    status: 200,
    body: {
      access_token: jwt({ client_id: 'agent-1', exp: NOW_SECONDS + 300, ...issued }),
      token_type: 'Bearer',
      issued_token_type: 'urn:ietf:params:oauth:token-type:access_token',
    },
  });
  const config = createDualAuthConfig<OAuthConfig>({
    vendor: 'oauth',
    tokenUrl: `${server.url}/oauth2/token`,
    clientId: 'agent-1',
    clientSecret: 'oauth-secret-0123456789abcdef0123456789',
    mode: 'token-exchange',
  });
  const adapter = new OAuthAdapter(config, {
    fetch: server.fetch,
    clock: { now: () => NOW_SECONDS * 1000 },
    retry: false,
  });
  return adapter.requestToken({
    agentId: 'agent-1',
    act,
    scope: ['finance.read'],
    subjectToken: createSubjectToken(
      jwt({ sub: act.sub, ...(act.oid ? { oid: act.oid } : {}), exp: NOW_SECONDS + 600 }),
    ),
  });
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
