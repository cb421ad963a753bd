import { ActVerificationError } from '@dual-auth/core';
import { ActJwtVerifier, type ActJwtVerifierOptions } from '@dual-auth/session';
import { generateKeyPair, SignJWT } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { redisPerFile } from '../test/support/redis-client.js';
import { rejection } from '../test/support/rejection.js';
import { cutoffStoreFor, replayStoreFor } from '../test/support/stores.js';
import type { StoreRedisClient } from './index.js';

// Session 34: past maxClockSkewMs the Redis stores refuse a replay claim or a cut-off read
// (StoreUnavailableError reason clock_skew). The session's act-JWT verifier refused the act JWT,
// as it must, but said "the replay store did not answer" (or "the store did not answer" for the
// cut-off): the operator looked at Redis's reach while the fix is the hosts' clocks (NTP).

const AUDIENCE = 'https://agent.example.test/act';
const HOUR_MS = 3_600_000;

let client: StoreRedisClient;
let keys: CryptoKeyPair;
redisPerFile((started) => ({ client } = started));
beforeAll(async () => {
  keys = await generateKeyPair('RS256');
});

/** A process whose clock runs an hour ahead of Redis's: the verifier and its stores read it. */
const fastClock = { now: () => Date.now() + HOUR_MS };

/** An act JWT signed now by the fast process's clock (valid by it). */
async function actJwt(): Promise<string> {
  const iat = Math.floor(fastClock.now() / 1000);
  return new SignJWT({ act: { sub: 'u-alice' }, jti: crypto.randomUUID() })
    .setProtectedHeader({ alg: 'RS256', typ: 'JWT' })
    .setIssuer('application')
    .setSubject('application')
    .setAudience(AUDIENCE)
    .setIssuedAt(iat)
    .setExpirationTime(iat + 60)
    .sign(keys.privateKey);
}

/** What the fast process's verifier, with `stores` on this Redis, refuses a fresh act JWT with. */
async function refusalWith(
  stores: Pick<ActJwtVerifierOptions, 'replayStore' | 'cutoffStore'>,
): Promise<ActVerificationError> {
  const verifier = new ActJwtVerifier({
    publicKey: keys.publicKey,
    expectedAudience: AUDIENCE,
    clock: fastClock,
    ...stores,
  });
  const error = await rejection(verifier.verify(await actJwt()));
  expect(ActVerificationError.isInstance(error)).toBe(true);
  return error as ActVerificationError;
}

describe('ActJwtVerifier on a process an hour off Redis TIME', () => {
  it('the replay refusal names the clocks (NTP), not an unanswered store', async () => {
    const prefix = `skew-act-${crypto.randomUUID()}:`;
    const refusal = await refusalWith({
      replayStore: replayStoreFor(client, { prefix, clock: fastClock }),
    });
    expect(refusal.reason).toBe('replay_store_unavailable');
    expect(refusal.message).toMatch(/clock and the replay store's differ.*NTP/);
    expect(refusal.message).not.toMatch(/did not answer/);
    expect(refusal.message).not.toContain('u-alice');
  });

  it('the cut-off refusal names the clocks (NTP), not an unanswered store', async () => {
    const prefix = `skew-act-cut-${crypto.randomUUID()}:`;
    const refusal = await refusalWith({
      cutoffStore: cutoffStoreFor(client, { prefix, clock: fastClock }),
    });
    expect(refusal.reason).toBe('cutoff_store_unavailable');
    expect(refusal.message).toMatch(/clock and the cut-off store's differ.*NTP/);
    expect(refusal.message).not.toMatch(/did not answer/);
    expect(refusal.message).not.toContain('u-alice');
  });
});
