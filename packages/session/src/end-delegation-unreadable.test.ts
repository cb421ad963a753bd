import {
  createDualSubjectToken,
  type DualSubjectToken,
  InMemoryDelegationCutoffStore,
  type TokensOfOptions,
} from '@dual-auth/core';
import { describe, expect, it } from 'vitest';
import { CountingAdapter, ManualClock, recordingLogger } from '../test/counting-adapter.js';
import { endDelegation } from './end-delegation.js';
import { SingleFlightTokenCache } from './token-cache/single-flight-token-cache.js';

// `unreadableTokens`: how many of the human's entries the cache could not open, so neither listed
// nor revoked (session 36: a web app's cache under another key than the agents' answered
// `revocations: []`, as if there were nothing to revoke). A count only when the cache tells one.

const ADAPTER_ID = 'kc';
// Each listed token's outcome: the test adapter has no `revokeToken`.
const NOT_SUPPORTED = expect.objectContaining({ status: 'not-supported' });

function setup() {
  const clock = new ManualClock(Date.UTC(2026, 0, 1, 12));
  const cutoffStore = new InMemoryDelegationCutoffStore({ clock });
  const adapter = new CountingAdapter({ id: ADAPTER_ID, now: () => clock.now() });
  return { clock, cutoffStore, adapter };
}

/** A shared cache as a third party writes it: one listed token per id, and what it tells. */
function tellingCache(tell: (options: TokensOfOptions | undefined) => void) {
  const asked: string[] = [];
  return {
    asked,
    invalidate: async () => 1,
    tokensOf: async (sub: string, _adapterId: string, options?: TokensOfOptions) => {
      asked.push(sub);
      tell(options);
      const token = createDualSubjectToken({
        accessToken: `at-${sub}`,
        tokenType: 'Bearer',
        expiresIn: 300,
        scope: 'finance.read',
        issuedAt: Date.UTC(2026, 0, 1, 11),
      });
      return [token] as readonly DualSubjectToken[];
    },
  };
}

describe('endDelegation: unreadableTokens', () => {
  it('is 0 over the in-memory store, which opens everything it keeps', async () => {
    const { clock, cutoffStore, adapter } = setup();
    const cache = new SingleFlightTokenCache({ clock });
    const key = { adapterId: ADAPTER_ID, agentId: 'a', sub: 'u-1', scope: ['s'], audience: 'api' };
    await cache.getOrRequest(key, () =>
      adapter.requestToken({ agentId: 'a', act: { sub: 'u-1' }, scope: ['s'] }),
    );
    const logger = recordingLogger();
    const ended = await endDelegation({ human: 'u-1', cache, adapter, cutoffStore, clock, logger });
    expect(ended.revocations).toEqual([NOT_SUPPORTED]);
    expect(ended.unreadableTokens).toBe(0);
    expect(logger.events.at(-1)).toEqual({
      level: 'info',
      event: 'delegation_ended',
      fields: { human_id: 'u-1', dropped_tokens: 1, revoked_tokens: 0, unreadable_tokens: 0 },
    });
  });

  it("adds up what the cache tells for each of the human's ids (Entra ID: sub and oid)", async () => {
    const { clock, cutoffStore, adapter } = setup();
    const cache = tellingCache((options) => options?.unreadable?.(2));
    const human = { sub: 'u-1', oid: '00000000-0000-0000-0000-000000000001' };
    const ended = await endDelegation({ human, cache, adapter, cutoffStore, clock });
    expect(cache.asked).toEqual([human.sub, human.oid]);
    expect(ended.revocations).toEqual([NOT_SUPPORTED, NOT_SUPPORTED]);
    expect(ended.unreadableTokens).toBe(4);
  });

  it.each([
    ['a cache that does not tell (written before the option)', () => {}],
    ['a count that is not one', (options?: TokensOfOptions) => options?.unreadable?.(-1)],
    ['a fraction', (options?: TokensOfOptions) => options?.unreadable?.(0.5)],
  ])('is undefined (unknown) with %s, and still revokes what was listed', async (_name, tell) => {
    const { clock, cutoffStore, adapter } = setup();
    const cache = tellingCache(tell);
    const ended = await endDelegation({ human: 'u-1', cache, adapter, cutoffStore, clock });
    expect(ended.revocations).toEqual([NOT_SUPPORTED]);
    expect(ended.unreadableTokens).toBeUndefined();
  });

  it('is unknown when one of the ids goes untold', async () => {
    const { clock, cutoffStore, adapter } = setup();
    let calls = 0;
    const cache = tellingCache((options) => {
      calls += 1;
      if (calls === 1) options?.unreadable?.(1);
    });
    const human = { sub: 'u-1', oid: '00000000-0000-0000-0000-000000000001' };
    const ended = await endDelegation({ human, cache, adapter, cutoffStore, clock });
    expect(ended.revocations).toEqual([NOT_SUPPORTED, NOT_SUPPORTED]);
    expect(ended.unreadableTokens).toBeUndefined();
  });

  it('is undefined without an adapter: nothing is listed', async () => {
    const { clock, cutoffStore } = setup();
    let told = false;
    const cache = tellingCache(() => {
      told = true;
    });
    const ended = await endDelegation({ human: 'u-1', cache, cutoffStore, clock });
    expect(told).toBe(false);
    expect(ended.unreadableTokens).toBeUndefined();
  });
});
