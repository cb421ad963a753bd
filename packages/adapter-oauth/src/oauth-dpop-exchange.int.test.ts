import { assertVendor, createSubjectToken, getConfig } from '@dual-auth/core';
import { createDpopProver, type DpopProver } from '@dual-auth/core/dpop';
import { type LocalIdp, startLocalIdp } from '@dual-auth/testing';
import { decodeJwt, generateKeyPair } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { oauthPlugin } from './index.js';

// RFC 8693 token exchange with the dpop option (RFC 9449 §5, §8), against the local IdP that
// binds delegated tokens and demands nonces: the exchanged token comes back bound to the agent's
// key; the actor token stays unbound.

let idp: LocalIdp;
let alice: string;
let prover: DpopProver;
beforeAll(async () => {
  idp = await startLocalIdp({ vendor: 'oauth', requireDpopNonce: true });
  alice = [...idp.humans.values()][0]?.sub as string;
  prover = createDpopProver({ keyPair: await generateKeyPair('ES256') });
}, 60_000);
afterAll(() => idp?.close());

async function exchange(env: Record<string, string> = {}) {
  const config = await getConfig({
    env: { ...idp.env('finance-agent'), OAUTH_MODE: 'token-exchange', ...env },
    plugins: [oauthPlugin],
  });
  assertVendor(config, 'oauth');
  const adapter = oauthPlugin.createAdapter(config, { fetch: idp.fetch, dpop: { prover } });
  return adapter.requestToken({
    agentId: 'finance-agent',
    act: { sub: alice },
    scope: ['finance.read'],
    subjectToken: createSubjectToken(await idp.issueSubjectToken({ human: alice })),
  });
}

describe('OAuthAdapter token exchange with dpop', () => {
  it("returns a DPoP token bound to the prover's key, after the IdP's nonce", async () => {
    const before = idp.requests.length;
    const token = await exchange();
    expect(token.tokenType).toBe('DPoP');
    const claims = decodeJwt(token.accessToken);
    expect(claims.cnf).toEqual({ jkt: await prover.thumbprint() });
    expect(claims).toMatchObject({ sub: alice, act: { sub: 'finance-agent' } });
    const asked = idp.requests.slice(before);
    expect(asked.map((request) => request.error)).toEqual(['use_dpop_nonce', undefined]);
  });

  it('sends no proof with the actor token request: only the returned token is bound', async () => {
    const before = idp.requests.length;
    const token = await exchange({ OAUTH_ACTOR_TOKEN: 'client-credentials' });
    expect(token.tokenType).toBe('DPoP');
    const sent = idp.requests.slice(before);
    const actor = sent.find((request) => request.fields.grant_type === 'client_credentials');
    expect(actor).toBeDefined();
    expect(actor?.headers.dpop).toBeUndefined();
    expect(sent.at(-1)?.headers.dpop).toEqual(expect.any(String));
  });
});
