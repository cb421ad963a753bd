import { decodeJwt, generateKeyPair } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { failure, tokenEndpointHarness } from '../../test/token-endpoint-harness.js';
import { createDpopProver, type DpopProver } from '../dpop/dpop-prover.js';
import type { TokenRequestDpop } from './dpop-token-request.js';

const harness = tokenEndpointHarness();
let prover: DpopProver;
beforeAll(async () => {
  prover = createDpopProver({ keyPair: await generateKeyPair('ES256') });
});

const binding = (): TokenRequestDpop => prover.tokenRequests({ acceptUnboundTokens: false });
const bound = { access_token: 'AT', token_type: 'DPoP' };
const proofs = () =>
  (harness.server()?.requests ?? []).map((request) => decodeJwt(String(request.headers.dpop)));
const NEEDS_NONCE = (nonce: string) => ({
  status: 400,
  body: { error: 'use_dpop_nonce', error_description: 'nonce required' },
  headers: { 'DPoP-Nonce': nonce },
});

describe('requestTokenEndpoint with a DPoP binding (RFC 9449 §5, §8)', () => {
  it('sends a fresh proof for the token URL with every attempt and returns the DPoP answer', async () => {
    const { call, sleeps } = await harness.run([{ status: 503 }, { body: bound }], {
      dpopBinding: binding(),
    });
    expect(await call).toEqual(bound);
    const [first, second] = proofs();
    const url = new URL(harness.server()?.url ?? '');
    expect(first).toMatchObject({ htm: 'POST', htu: `${url.origin}${url.pathname}` });
    expect(second?.jti).not.toBe(first?.jti);
    expect(first?.nonce).toBeUndefined();
    expect(sleeps).toHaveLength(1);
  });

  it('answers 400 use_dpop_nonce once at once with the nonce, and remembers it for the next call', async () => {
    const dpopBinding = binding();
    const { call, sleeps, forms, logged } = await harness.run(
      [NEEDS_NONCE('n-1'), { body: bound, headers: { 'DPoP-Nonce': 'n-2' } }],
      { dpopBinding, retry: false },
    );
    expect(await call).toEqual(bound);
    expect(proofs().map((proof) => proof.nonce)).toEqual([undefined, 'n-1']);
    expect(forms).toEqual([1, 2]);
    expect(sleeps).toEqual([]);
    expect(logged).toContainEqual({
      level: 'info',
      event: 'keycloak_dpop_nonce_required',
      fields: { attempt: 1 },
    });
    // The nonce of the answer that issued the token (§8.2), for the next proof to that URL only.
    const url = new URL(harness.server()?.url ?? '');
    expect(decodeJwt(await dpopBinding.proof(url)).nonce).toBe('n-2');
    await harness.close();
    const elsewhere = await harness.run([{ body: bound }], { dpopBinding });
    await elsewhere.call;
    expect(proofs()[0]?.nonce).toBeUndefined();
  });

  it('gives up on a second use_dpop_nonce with the IdP error, not retrying again', async () => {
    const { call, forms } = await harness.run([NEEDS_NONCE('n-1'), NEEDS_NONCE('n-2')], {
      dpopBinding: binding(),
    });
    const error = await failure(call);
    expect(error).toMatchObject({ status: 400, error: 'use_dpop_nonce', attempts: 2 });
    expect(forms).toEqual([1, 2]);
  });

  it.each([
    ['no DPoP-Nonce', {}],
    ['a nonce with a space', { 'DPoP-Nonce': 'a b' }],
    ['a nonce over 1024 characters', { 'DPoP-Nonce': 'n'.repeat(1025) }],
  ])('does not retry use_dpop_nonce with %s', async (_what, headers) => {
    const { call, forms } = await harness.run(
      [{ status: 400, body: { error: 'use_dpop_nonce' }, headers }],
      { dpopBinding: binding() },
    );
    expect(await failure(call)).toMatchObject({ status: 400, error: 'use_dpop_nonce' });
    expect(forms).toEqual([1]);
  });

  it("sends no nonce retry once the clock says the call's deadline has passed", async () => {
    // The IdP took longer than the whole call may: its nonce cannot lead to a token in time.
    let nowMs = 0;
    const clock = { now: () => nowMs };
    const { call, forms } = await harness.run([NEEDS_NONCE('n-1'), { body: bound }], {
      dpopBinding: binding(),
      clock,
      totalTimeoutMs: 3_000,
      fetch: async (input, init) => {
        const answer = await fetch(input, init);
        nowMs += 5_000;
        return answer;
      },
    });
    const error = await failure(call);
    expect(error.message).toMatch(/within totalTimeoutMs \(3000 ms\)/);
    expect(forms).toEqual([1]);
  });

  it('refuses a Bearer answer to a DPoP request as a downgrade', async () => {
    const { call } = await harness.run([{ body: { access_token: 'AT', token_type: 'Bearer' } }], {
      dpopBinding: binding(),
    });
    expect((await failure(call)).message).toMatch(
      /token_type Bearer to a DPoP request: the IdP did not bind the token .* dpop\.acceptUnboundTokens: true/,
    );
  });

  it('sends no DPoP header without a binding', async () => {
    const { call } = await harness.run([{ body: { access_token: 'AT' } }]);
    await call;
    expect(harness.server()?.requests[0]?.headers.dpop).toBeUndefined();
  });
});
