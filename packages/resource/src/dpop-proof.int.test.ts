import type { DpopProofMaker } from '@dual-auth/client';
import type { TestHttpsServer } from '@dual-auth/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  callBalance,
  requestProof,
  startDpopBalanceApi,
} from '../test/support/dpop-client-call.js';
import type { ProofKey } from '../test/support/dpop-proof-kit.js';
import { recordingLogger } from '../test/support/vendor-scenario.js';

// End to end (RFC 9449 §7.1): the client sends a DPoP-bound token (cnf.jkt of its key, signed by
// the test IdP's key) with a proof per request, made by its dpopProof maker, to an Express API
// over loopback TLS whose guard checks the proof itself.

describe('a DPoP-bound token sent by the client to a guard with dpop, over loopback TLS', () => {
  let api: TestHttpsServer;
  let token: string;
  let key: ProofKey;
  const logger = recordingLogger();
  const proofs: string[] = [];

  beforeAll(async () => {
    ({ api, token, key } = await startDpopBalanceApi({ logger }));
  });
  afterAll(() => api.close());

  const call = (tokenType: string, dpopProof?: DpopProofMaker) =>
    callBalance(api, token, tokenType, dpopProof);
  const maker = async (request: { url: string; method: string }) => {
    const proof = await requestProof(key, token, request);
    proofs.push(proof);
    return proof;
  };

  it('is admitted with a proof per request, twice', async () => {
    for (const _ of [1, 2]) {
      const response = await call('DPoP', maker);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ balance: 42 });
    }
  });

  it('is refused 401 invalid_dpop_proof when a proof is replayed', async () => {
    const replayed = proofs[0] as string;
    const response = await call('DPoP', () => replayed);
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(
      /^DPoP error="invalid_dpop_proof", error_description="DPoP proof was already used[^"]*", algs="ES256 /,
    );
  });

  it('is refused 401 binding_mismatch when sent as Bearer, as before', async () => {
    const response = await call('Bearer');
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(
      /^Bearer error="invalid_token", .*, DPoP algs="ES256 /,
    );
  });

  it('keeps the token and every proof out of the log', () => {
    const logged = JSON.stringify(logger.events);
    expect(logged).toContain('dpop_proof.replayed');
    for (const secret of [token, ...proofs]) {
      for (const part of secret.split('.')) expect(logged).not.toContain(part);
    }
  });
});
