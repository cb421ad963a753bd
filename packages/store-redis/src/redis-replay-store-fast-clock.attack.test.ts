import { describe, expect, it } from 'vitest';
import { redisPerFile } from '../test/support/redis-client.js';
import { replayStoreFor } from '../test/support/stores.js';
import type { StoreRedisClient } from './index.js';

// Attack (replay across processes, one clock fast): an API instance whose clock runs 50 s ahead
// still accepts fresh credentials (an act JWT of 60 s with the verifier's 5 s tolerance, a DPoP
// proof within its 60 s), so nothing tells the operator it is off. Its claims were counted on
// that clock only (`PX expiresAt + 15 s - its now`): they left Redis 35 s before the credential
// expired for the instances with a right clock, which then took the same `jti` as a first use.
// Measured with two API processes behind one Redis (session 33): the act JWT accepted again at the
// right-clock process 30 s after its first use, the DPoP proof 55 s after. A claim must live until
// `expiresAt` + 15 s on Redis's clock too, whatever the claiming instance's clock says.

let client: StoreRedisClient;
redisPerFile((started) => ({ client } = started));

const AHEAD_MS = 50_000;

describe('attack: a jti claimed by an instance whose clock is 50 s fast', () => {
  it.each([
    ['an unbound claim (no partition)', {}],
    ['an act JWT or DPoP proof (a partition)', { partition: 'finance-agent' }],
    ['an act assertion (a binding)', { binding: 'token-digest' }],
  ])('%s lives in Redis until the credential has expired by a right clock', async (_, options) => {
    const fast = replayStoreFor(client, {
      prefix: 'fastclock:',
      clock: { now: () => Date.now() + AHEAD_MS },
    });
    const jti = `jti-${crypto.randomUUID()}`;
    // An act JWT's exp + the verifier's tolerance, by a right clock: 65 s from now.
    const expiresAt = Date.now() + 65_000;
    expect(await fast.claim(jti, expiresAt, options)).toBe(true);
    const [key] = await client.keys(`fastclock:replay:*${jti}`);
    // Read after the claim: a right-clock instance accepts the credential for what is left of
    // these 65 s, so the claim must outlive them (it was 35 s short: 30 s left).
    expect(await client.pTTL(key as string)).toBeGreaterThan(expiresAt - Date.now());
  });
});
