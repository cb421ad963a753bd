import { describe, expect, it } from 'vitest';
import { boundRequest, guardOn } from '../test/support/dpop-guard-kit.js';
import { redisPerFile } from '../test/support/redis-client.js';
import { replayStoreFor } from '../test/support/stores.js';
import type { StoreRedisClient } from './index.js';

// The resource guard's `dpop` (RFC 9449 §11.1) remembers each proof's jti in the replay store it
// is given: two API instances sharing a Redis store refuse a proof the other one admitted, and a
// jti of any length fits the store's 256-character keys.
let client: StoreRedisClient;

redisPerFile((started) => ({ client } = started));

describe('DPoP proof jti in a shared Redis replay store', () => {
  it('admits a proof once across two instances, its jti of the longest accepted length (256)', async () => {
    const store = () => replayStoreFor(client, { prefix: 'dpop:' });
    const [first, second] = await Promise.all([guardOn(store()), guardOn(store())]);
    const request = await boundRequest({
      proof: { jti: `j-${crypto.randomUUID()}`.padEnd(256, 'x') },
    });
    const admitted = await first.checkRequest(request.clone());
    expect(admitted.decision).toBe('ALLOW');
    const replayed = await second.checkRequest(request);
    expect(replayed).toMatchObject({
      decision: 'DENY',
      status: 401,
      audit: { reason: 'dpop_proof.replayed' },
    });
  });

  // Attack (Session 13, brk26): one sniffed proof sent to every instance at the same moment.
  it('admits a proof once when four instances get it at the same moment', async () => {
    const guards = await Promise.all(
      Array.from({ length: 4 }, () => guardOn(replayStoreFor(client, { prefix: 'dpop:' }))),
    );
    const request = await boundRequest({ proof: { jti: `race-${crypto.randomUUID()}` } });
    const decisions = await Promise.all(guards.map((guard) => guard.checkRequest(request.clone())));
    expect(decisions.filter((decision) => decision.decision === 'ALLOW')).toHaveLength(1);
    for (const decision of decisions.filter((d) => d.decision === 'DENY')) {
      expect(decision.audit.reason).toBe('dpop_proof.replayed');
    }
  });
});
