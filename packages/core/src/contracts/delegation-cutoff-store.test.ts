import { describe, expect, it } from 'vitest';
import { InMemoryDelegationCutoffStore } from '../stores/in-memory-delegation-cutoff-store.js';
import {
  type DelegationCutoffStore,
  delegationCutoffVerdict,
  issuedBeforeCutoff,
} from './delegation-cutoff-store.js';

describe('issuedBeforeCutoff', () => {
  const cutoffMs = 1_700_000_000_400;

  it('is false without a cut-off', () => {
    expect(issuedBeforeCutoff(1_700_000_000, undefined, 15)).toBe(false);
  });

  it("refuses a credential issued before, or in the cut-off's own second (iat loses its fraction)", () => {
    expect(issuedBeforeCutoff(1_699_999_999, cutoffMs)).toBe(true);
    expect(issuedBeforeCutoff(1_700_000_000, cutoffMs)).toBe(true);
    expect(issuedBeforeCutoff(1_700_000_001, cutoffMs)).toBe(false);
  });

  it("refuses one issued within the clock tolerance after the cut-off: the issuer's clock may run ahead", () => {
    expect(issuedBeforeCutoff(1_700_000_015, cutoffMs, 15)).toBe(true);
    expect(issuedBeforeCutoff(1_700_000_016, cutoffMs, 15)).toBe(false);
  });
});

describe('delegationCutoffVerdict', () => {
  const cutoffMs = 1_700_000_000_400;
  const nowMs = cutoffMs + 1_000;
  const storeWith = async (human: string): Promise<InMemoryDelegationCutoffStore> => {
    const store = new InMemoryDelegationCutoffStore({ clock: { now: () => nowMs } });
    await store.endDelegation(human, cutoffMs, 60_000);
    return store;
  };

  it('is open without a cut-off, and open for a credential issued after it and the tolerance', async () => {
    const store = new InMemoryDelegationCutoffStore({ clock: { now: () => nowMs } });
    const human = { sub: 'user-1' };
    expect(await delegationCutoffVerdict({ store, human, iatSeconds: 1_700_000_000 })).toEqual({
      state: 'open',
      cutoffMs: undefined,
    });
    await store.endDelegation('user-1', cutoffMs, 60_000);
    expect(
      await delegationCutoffVerdict({
        store,
        human,
        iatSeconds: 1_700_000_016,
        clockToleranceSeconds: 15,
      }),
    ).toEqual({ state: 'open', cutoffMs });
  });

  it("is ended for one issued at or before the cut-off kept under any of the human's ids, or within the tolerance", async () => {
    const store = await storeWith('oid-1');
    const human = { sub: 'user@example.test', oid: 'oid-1' };
    expect(await delegationCutoffVerdict({ store, human, iatSeconds: 1_700_000_000 })).toEqual({
      state: 'ended',
      cutoffMs,
    });
    expect(
      await delegationCutoffVerdict({
        store,
        human,
        iatSeconds: 1_700_000_015,
        clockToleranceSeconds: 15,
      }),
    ).toEqual({ state: 'ended', cutoffMs });
  });

  it('is unavailable with the cause when the store did not answer (the caller refuses)', async () => {
    const down = new Error('connection refused');
    // A store that cannot answer: the in-memory one always does.
    const store: DelegationCutoffStore = {
      endDelegation: async () => {},
      cutoffOf: async () => {
        throw down;
      },
    };
    expect(
      await delegationCutoffVerdict({ store, human: { sub: 'user-1' }, iatSeconds: 1_700_000_000 }),
    ).toEqual({ state: 'unavailable', cause: down });
  });
});
