import type { DualAuthAuditEvent } from '@dual-auth/resource';
import { clientAssertion, JWT_BEARER, type LocalIdp, startLocalIdp } from '@dual-auth/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// The client's DPoP proof maker of its tests (ES256, `ath` of the token), reused.
import { dpopKey } from '../../client/test/dpop-api.js';
import { actOf, tokenExchangeGuard } from '../test/support/token-exchange-idp.js';

// End to end with nothing signed by the test but the agent's DPoP proofs (RFC 9449 §5, §7.1):
// the agent exchanges alice's token at the local IdP (RFC 8693) with a proof of its key, and gets
// a token bound to that key (`cnf.jkt`, `token_type: DPoP`); the MCP server's guard with `dpop`
// verifies the token at the IdP's JWKS and each request's proof against its `cnf.jkt`.

const API_URL = 'https://mcp.example/mcp';

describe('a DPoP-bound token-exchange token of the local IdP, at a guard with dpop', () => {
  let idp: LocalIdp;
  let key: Awaited<ReturnType<typeof dpopKey>>;
  let exchanged: Record<string, unknown>;
  const audit: DualAuthAuditEvent[] = [];

  /** The agent's token exchange for alice, with a proof of its key (and the IdP's nonce). */
  async function exchange(nonce?: string) {
    const agent = idp.agents.get('finance-agent');
    if (agent === undefined) throw new Error('no finance-agent');
    const response = await idp.fetch(idp.tokenUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        // No token yet: the proof's `ath` hashes an empty one, which the token endpoint ignores.
        dpop: await key.proof({ method: 'POST', url: idp.tokenUrl, accessToken: '', nonce }),
      },
      body: new URLSearchParams({
        grant_type: 'urn:ietf:params:oauth:grant-type:token-exchange',
        subject_token: await idp.issueSubjectToken({ human: 'alice' }),
        subject_token_type: 'urn:ietf:params:oauth:token-type:access_token',
        scope: 'finance.read',
        client_assertion_type: JWT_BEARER,
        client_assertion: await clientAssertion(agent, { aud: idp.issuer }),
      }),
    });
    return {
      status: response.status,
      nonce: response.headers.get('dpop-nonce'),
      body: (await response.json()) as Record<string, unknown>,
    };
  }

  beforeAll(async () => {
    [idp, key] = await Promise.all([
      startLocalIdp({ vendor: 'oauth', requireDpopNonce: true }),
      dpopKey(),
    ]);
    const first = await exchange();
    expect(first).toMatchObject({ status: 400, body: { error: 'use_dpop_nonce' } });
    const second = await exchange(first.nonce ?? undefined);
    expect(second.status).toBe(200);
    exchanged = second.body;
  });
  afterAll(() => idp?.close());

  const guard = () => tokenExchangeGuard(idp, idp.audience, (event) => audit.push(event), {});
  const token = () => String(exchanged.access_token);

  it('is issued as token_type DPoP for the exchange', () => {
    expect(exchanged).toMatchObject({
      token_type: 'DPoP',
      issued_token_type: 'urn:ietf:params:oauth:token-type:access_token',
    });
  });

  it('is admitted with a proof of the agent key: alice, acted for by finance-agent', async () => {
    const dpop = await key.proof({
      method: 'POST',
      url: API_URL,
      accessToken: token(),
      nonce: undefined,
    });
    const decision = await guard().checkRequest(
      new Request(API_URL, { method: 'POST', headers: { authorization: `DPoP ${token()}`, dpop } }),
    );
    expect(decision.status).toBe(200);
    expect(decision.decision === 'ALLOW' && decision.subject.human.sub).toBe(
      actOf(idp, 'alice').sub,
    );
  });

  it('is refused 401 without its proof', async () => {
    const decision = await guard().checkRequest(
      new Request(API_URL, { method: 'POST', headers: { authorization: `DPoP ${token()}` } }),
    );
    expect(decision.status).toBe(401);
    expect(decision.decision).not.toBe('ALLOW');
  });

  it('is refused 401 when sent as a Bearer token', async () => {
    const decision = await guard().checkRequest(
      new Request(API_URL, { method: 'POST', headers: { authorization: `Bearer ${token()}` } }),
    );
    expect(decision.status).toBe(401);
  });

  it('keeps the token out of the audit records', () => {
    expect(audit.length).toBeGreaterThanOrEqual(3);
    const logged = JSON.stringify(audit);
    for (const part of token().split('.')) expect(logged).not.toContain(part);
  });
});
