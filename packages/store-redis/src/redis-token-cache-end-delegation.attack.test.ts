import {
  createDualSubjectToken,
  type DualSubjectToken,
  InMemoryDelegationCutoffStore,
} from '@dual-auth/core';
import { endDelegation, SingleFlightTokenCache } from '@dual-auth/session';
import { describe, expect, it } from 'vitest';
import { eventually, readyClient } from '../test/support/redis-client.js';
import { tokenCacheFor } from '../test/support/stores.js';
import {
  TEST_ENCRYPTION_KEY as KEY,
  financeKey as key,
  tokenCacheScenario,
  useTokenCacheRedis,
} from '../test/support/token-cache-scenario.js';
import type { StoreRedisClient } from './index.js';

// Attack (time and several processes): a token request under way on instance B when instance A
// ends the human's delegations. A's `endDelegation` drops the human's entries from the shared
// Redis, but B's request, answered after that, writes its token back; every instance then serves
// it to callers that read no cut-off (the in-session request classes), though its request began
// before the delegation ended.

const at = useTokenCacheRedis();
let run = 0;

describe('attack: endDelegation on one instance while another instance has a token request under way', () => {
  it('does not let the request under way put its pre-cut-off token back into the shared cache', async () => {
    const { time, clock, store, idp, calls, answer } = tokenCacheScenario(`enddeleg${++run}:`);
    const other = await readyClient(at.redis.url);
    try {
      const instanceA = new SingleFlightTokenCache({ store: store(at.client), clock });
      const instanceB = new SingleFlightTokenCache({ store: store(other), clock });
      // Instance B: an in-session request for the human, out at the IdP.
      const underWay = instanceB.getOrRequest(key('u-ended'), idp);
      await eventually(async () => calls() === 1);
      time.ms += 1_000;
      // Instance A: the human logs out / an admin disables them.
      const ended = await endDelegation({
        human: 'u-ended',
        cache: instanceA,
        cutoffStore: new InMemoryDelegationCutoffStore({ clock }),
        clock,
      });
      time.ms += 1_000;
      answer();
      await underWay;
      // Any instance, later: an in-session lookup (no cut-off read) must not be served a token
      // whose request started before the delegation ended.
      const served = await instanceA.getOrRequest(key('u-ended'), idp);
      expect(ended.cutoffMs).toBeGreaterThan(0);
      expect(served.accessToken).not.toBe('opaque-1');
      expect(calls()).toBe(2);
    } finally {
      await other.close();
    }
  });
});

// Attack (clock skew between agent instances): the issue time the cache seals with a token is the
// start of its request on the clock of the instance that asked, while the cut-off is written on
// the clock of the instance that ended the delegation. `clockToleranceSeconds` widens the cut-off
// for a JWT's `iat`, never for that sealed issue time: an opaque token requested before the
// cut-off by an instance whose clock runs a few seconds ahead is served after it.
describe('attack: a token requested before the cut-off by an instance whose clock runs ahead', () => {
  it('is not served to a caller that allows for clock skew (clockToleranceSeconds)', async () => {
    const real = { ms: Date.now() };
    const ahead = { now: () => real.ms + 5_000 };
    const behind = { now: () => real.ms };
    const prefix = `skew${++run}:`;
    const other = await readyClient(at.redis.url);
    try {
      const store = (c: StoreRedisClient, clock: { now(): number }) =>
        tokenCacheFor(c, { prefix, encryptionKeys: [KEY], clock });
      const instanceB = new SingleFlightTokenCache({ store: store(other, ahead), clock: ahead });
      const instanceA = new SingleFlightTokenCache({
        store: store(at.client, behind),
        clock: behind,
      });
      let calls = 0;
      const idp = async (): Promise<DualSubjectToken> => {
        calls += 1;
        return createDualSubjectToken({
          accessToken: `opaque-${calls}`,
          tokenType: 'Bearer',
          expiresIn: 3600,
          scope: 'finance.read',
          // Each instance's adapter stamps its own receive time; B's fetcher runs on B's clock.
          issuedAt: ahead.now(),
        });
      };
      // Instance B (clock 5 s ahead) gets and stores the human's token, 2 s before the cut-off.
      await instanceB.getOrRequest(key('u-skew'), idp);
      real.ms += 2_000;
      // An admin service ends the delegation: the cut-off alone, on a clock that is right.
      const cutoffStore = new InMemoryDelegationCutoffStore({ clock: behind });
      const { cutoffMs } = await endDelegation({ human: 'u-skew', cutoffStore, clock: behind });
      real.ms += 1_000;
      // Instance A, out of session, reads the cut-off and allows 15 s of clock skew.
      const served = await instanceA.getOrRequest(key('u-skew'), idp, {
        notIssuedAtOrBeforeMs: cutoffMs,
        clockToleranceSeconds: 15,
      });
      expect(served.accessToken).not.toBe('opaque-1');
      expect(calls).toBe(2);
    } finally {
      await other.close();
    }
  });
});
