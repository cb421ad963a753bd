import { delegationCutoffVerdict } from '@dual-auth/core';
import { endDelegation } from '@dual-auth/session';
import { describe, expect, it } from 'vitest';
import { redisPerFile } from '../test/support/redis-client.js';
import { cutoffStoreFor } from '../test/support/stores.js';
import type { StoreRedisClient } from './index.js';

// Session 37: `endDelegation` records the human's cut-off under each id and each id case-folded,
// so that a guard whose IdP names one account by every case of an id (Entra ID UPNs) finds it
// under the spelling an agent chose (`ALICE@CONTOSO.EXAMPLE`). On a real Redis, with plain and
// hashed keys: the folded id is one more key of the same shape, read by `cutoffOf`.
let client: StoreRedisClient;
let run = 0;

redisPerFile((started) => ({ client } = started));

const ALICE = { sub: 'Alice@Contoso.example', oid: 'a11ce000-0000-4000-8000-00000000a11c' };
const ISSUED_BEFORE_S = Math.floor(Date.now() / 1000) - 60;

describe.each([false, true])('a cut-off read in another case on Redis (hashIds %s)', (hashIds) => {
  it("is found under Alice's UPN in upper case where the IdP ignores case; Bob has none", async () => {
    const cutoffStore = cutoffStoreFor(client, { prefix: `case${++run}:`, hashIds });
    const { cutoffMs } = await endDelegation({ human: ALICE, cutoffStore });
    const verdictFor = (sub: string, humanIdsIgnoreCase: boolean) =>
      delegationCutoffVerdict({
        store: cutoffStore,
        human: { sub },
        humanIdsIgnoreCase,
        iatSeconds: ISSUED_BEFORE_S,
      });
    // Redis records the later of the cut-off and its own TIME.
    const alice = await verdictFor('ALICE@CONTOSO.EXAMPLE', true);
    expect(alice.state).toBe('ended');
    expect(alice.state === 'ended' && alice.cutoffMs).toBeGreaterThanOrEqual(cutoffMs);
    expect(await verdictFor('BOB@CONTOSO.EXAMPLE', true)).toEqual({
      state: 'open',
      cutoffMs: undefined,
    });
    // Three keys of one shape: the UPN as the session spells it, the oid, the UPN folded.
    expect(await client.keys(`case${run}:{*}:cutoff`)).toHaveLength(3);
    if (!hashIds) {
      expect(await client.exists(`case${run}:{alice@contoso.example}:cutoff`)).toBe(1);
    }
  });
});
