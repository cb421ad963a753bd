import { auth0Plugin } from '@dual-auth/adapter-auth0';
import { entraIdPlugin } from '@dual-auth/adapter-entraid';
import { keycloakPlugin } from '@dual-auth/adapter-keycloak';
import { oktaPlugin } from '@dual-auth/adapter-okta';
import { createAdapter, InMemoryDelegationCutoffStore } from '@dual-auth/core';
import { introspectToken, type LocalIdp, startLocalIdp } from '@dual-auth/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { endDelegation } from './end-delegation.js';
import { InSessionTokenRequest } from './in-session-token-request.js';
import { SingleFlightTokenCache } from './token-cache/single-flight-token-cache.js';

const PLUGINS = [keycloakPlugin, auth0Plugin, oktaPlugin, entraIdPlugin];
const REVOKING = ['keycloak', 'okta'];

describe.each(PLUGINS.map((plugin) => plugin.vendor))(
  "endDelegation revokes the human's cached tokens at the local %s IdP where it can",
  (vendor) => {
    let idp: LocalIdp;
    beforeAll(async () => {
      idp = await startLocalIdp({ vendor, accessTokenFormat: 'opaque' });
    }, 60_000);
    afterAll(() => idp?.close());

    it('revoked (introspection then says active: false) or "not supported, the token expires at …"', async () => {
      const adapter = await createAdapter(undefined, {
        env: idp.env(),
        plugins: PLUGINS,
        fetch: idp.fetch,
      });
      const cache = new SingleFlightTokenCache();
      const tokens = new InSessionTokenRequest({ adapter, cache });
      const humans = [...idp.humans.values()];
      const [alice, bob] = [humans[0], humans[1]];
      if (alice === undefined || bob === undefined) throw new Error('two humans expected');
      const agentId = idp.env().AGENT_CLIENT_ID ?? '';
      const ask = (sub: string) =>
        tokens.requestToken({ agentId, act: { sub }, scope: ['finance.read'] });
      const aliceToken = await ask(alice.sub);
      const bobToken = await ask(bob.sub);

      const ended = await endDelegation({
        human: alice.sub,
        cache,
        adapter,
        cutoffStore: new InMemoryDelegationCutoffStore(),
      });

      expect(ended.droppedTokens).toBe(1);
      expect(ended.revocations).toHaveLength(1);
      const [outcome] = ended.revocations;
      if (REVOKING.includes(vendor)) {
        expect(outcome).toEqual({ status: 'revoked', endpoint: idp.revocationUrl });
        expect(await introspectToken(idp, aliceToken.accessToken)).toEqual({ active: false });
        expect(idp.tokens.find((t) => t.tokenId === aliceToken.accessToken)?.revoked).toBe(true);
      } else {
        expect(outcome).toEqual({
          status: 'not-supported',
          message: expect.stringMatching(
            new RegExp(
              `^${vendor} does not revoke access tokens \\(.+\\); the token expires at ${new Date(aliceToken.expiresAt).toISOString()}$`,
            ),
          ),
          expiresAtMs: aliceToken.expiresAt,
        });
      }
      expect(await introspectToken(idp, bobToken.accessToken)).toMatchObject({ active: true });
    });
  },
);

/**
 * An agent of `idp` that fetched and cached one token for the IdP's first human, then that human's
 * `endDelegation` with a fresh cut-off store: what the two tests below look at.
 */
async function endAfterOneToken(idp: LocalIdp, fetch: typeof globalThis.fetch) {
  const adapter = await createAdapter(undefined, { env: idp.env(), plugins: PLUGINS, fetch });
  const cache = new SingleFlightTokenCache();
  const sub = [...idp.humans.values()][0]?.sub ?? '';
  const token = await new InSessionTokenRequest({ adapter, cache }).requestToken({
    agentId: idp.env().AGENT_CLIENT_ID ?? '',
    act: { sub },
    scope: ['finance.read'],
  });
  const cutoffStore = new InMemoryDelegationCutoffStore();
  const ended = await endDelegation({ human: sub, cache, adapter, cutoffStore });
  return { token, ended, cutoffOf: () => cutoffStore.cutoffOf(sub) };
}

describe('endDelegation when the IdP refuses the revocation (local keycloak IdP)', () => {
  let idp: LocalIdp;
  beforeAll(async () => {
    idp = await startLocalIdp({ vendor: 'keycloak', accessTokenFormat: 'opaque' });
  }, 60_000);
  afterAll(() => idp?.close());

  it('reports failed with the HTTP status; the cut-off and the dropped token stand', async () => {
    // The local IdP cannot be told to fail revocations: this fetch answers 503 for that URL only
    // (an IdP outage), every other request reaches the real IdP.
    const fetch: typeof globalThis.fetch = (input, init) =>
      String(input) === idp.revocationUrl
        ? Promise.resolve(new Response('unavailable', { status: 503 }))
        : idp.fetch(input, init);

    const { token, ended, cutoffOf } = await endAfterOneToken(idp, fetch);

    expect(ended.revocations).toEqual([
      {
        status: 'failed',
        endpoint: idp.revocationUrl,
        message: 'the revocation endpoint answered HTTP 503',
      },
    ]);
    expect(ended.droppedTokens).toBe(1);
    expect(await cutoffOf()).toBe(ended.cutoffMs);
    expect(await introspectToken(idp, token.accessToken)).toMatchObject({ active: true });
  });
});

describe('endDelegation for a token type the IdP does not revoke (local keycloak IdP, JWT access tokens)', () => {
  let idp: LocalIdp;
  beforeAll(async () => {
    idp = await startLocalIdp({ vendor: 'keycloak' });
  }, 60_000);
  afterAll(() => idp?.close());

  it('reports not-supported with the expiry (RFC 7009 §2.2.1 unsupported_token_type); the cut-off stands', async () => {
    const { token, ended, cutoffOf } = await endAfterOneToken(idp, idp.fetch);

    expect(ended.revocations).toEqual([
      {
        status: 'not-supported',
        message: `keycloak does not revoke access tokens (its revocation endpoint answered unsupported_token_type for this token); the token expires at ${new Date(token.expiresAt).toISOString()}`,
        expiresAtMs: token.expiresAt,
      },
    ]);
    expect(ended.droppedTokens).toBe(1);
    expect(await cutoffOf()).toBe(ended.cutoffMs);
  });
});
