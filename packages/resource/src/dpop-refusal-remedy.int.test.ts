import type { TestHttpsServer } from '@dual-auth/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  callBalance,
  requestProof,
  startDpopBalanceApi,
} from '../test/support/dpop-client-call.js';
import type { ProofKey } from '../test/support/dpop-proof-kit.js';
import { NOW_S } from '../test/support/token-kit.js';

// End to end (RFC 9449 §7.1, RFC 6750 §3): the client's call through `@dual-auth/client` to an
// Express API over loopback TLS; a refused proof's challenge says what the client should do.

describe('the remedy in the WWW-Authenticate of a refused DPoP proof, over loopback TLS', () => {
  let api: TestHttpsServer;
  let token: string;
  let key: ProofKey;

  beforeAll(async () => {
    ({ api, token, key } = await startDpopBalanceApi());
  });
  afterAll(() => api.close());

  const proof = (request: { url: string; method: string }, claims = {}) =>
    requestProof(key, token, request, claims);

  async function challengeOf(response: Response): Promise<string> {
    expect(response.status).toBe(401);
    const body = (await response.json()) as { error_description: string };
    const challenge = response.headers.get('www-authenticate') ?? '';
    expect(challenge).toContain(`error_description="${body.error_description.replace(/"/g, "'")}"`);
    // The request's query and the token never come back.
    expect(challenge).not.toContain('currency=EUR');
    for (const part of token.split('.')) expect(challenge).not.toContain(part);
    return challenge;
  }

  it('a proof dated ahead of the clock: check it, 15 seconds of skew allowed', async () => {
    const response = await callBalance(api, token, 'DPoP', (r) => proof(r, { iat: NOW_S + 60 }));
    expect(await challengeOf(response)).toMatch(
      /^DPoP error="invalid_dpop_proof", error_description="DPoP proof is dated in the future \('iat'\): check the client's clock; this API allows 15 seconds of clock skew", algs="ES256 /,
    );
  });

  it('a proof without ath: the SHA-256 of the access token', async () => {
    const response = await callBalance(api, token, 'DPoP', (r) => proof(r, { ath: undefined }));
    expect(await challengeOf(response)).toContain(
      `error_description="DPoP proof has no 'ath' claim: set 'ath' to the base64url SHA-256 of the access token sent with it (RFC 9449 section 4.2)"`,
    );
  });

  it('a proof sent twice: a new proof for each request', async () => {
    let first: string | undefined;
    const once = async (r: { url: string; method: string }) => {
      first ??= await proof(r);
      return first;
    };
    const admitted = await callBalance(api, token, 'DPoP', once);
    expect(admitted.status).toBe(200);
    await admitted.body?.cancel();
    expect(await challengeOf(await callBalance(api, token, 'DPoP', once))).toContain(
      `error_description="DPoP proof was already used (replayed 'jti'): make a new proof, with a new 'jti', for each request (RFC 9449 section 11.1)"`,
    );
  });

  it('a proof for another URL: the URL the request is sent to, without its query', async () => {
    const response = await callBalance(api, token, 'DPoP', (r) =>
      proof(r, { htu: 'https://other.example.com/api/balance' }),
    );
    expect(await challengeOf(response)).toContain(
      `error_description="DPoP proof was made for another URL ('htu'): set 'htu' to the URL the request is sent to, without its query and fragment (RFC 9449 section 4.2)"`,
    );
  });
});
