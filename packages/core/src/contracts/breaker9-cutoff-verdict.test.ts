// breaker9 (wave 7): delegationCutoffVerdict, exported this session, with inputs a caller or a
// custom store can get wrong. A cut-off check must fail closed: never `open` on input it cannot
// compare. Each failing test is a finding.
import { describe, expect, it } from 'vitest';
import { InMemoryDelegationCutoffStore } from '../stores/in-memory-delegation-cutoff-store.js';
import { type DelegationCutoffStore, delegationCutoffVerdict } from './delegation-cutoff-store.js';

const cutoffMs = 1_700_000_000_400;
const nowMs = cutoffMs + 1_000;
const human = { sub: 'user-1' };
// Issued 10 s before the cut-off: its delegation has ended.
const before = 1_699_999_990;

async function storeWithCutoff(): Promise<InMemoryDelegationCutoffStore> {
  const store = new InMemoryDelegationCutoffStore({ clock: { now: () => nowMs } });
  await store.endDelegation('user-1', cutoffMs, 60_000);
  return store;
}

/** What the caller gets: `ended`, or a TypeError for input it cannot compare. */
async function verdictOrError(check: Parameters<typeof delegationCutoffVerdict>[0]) {
  try {
    return (await delegationCutoffVerdict(check)).state;
  } catch (error) {
    return error instanceof TypeError ? 'type-error' : 'other-error';
  }
}

describe('breaker9: delegationCutoffVerdict fails closed', () => {
  it('(control) a credential issued before the cut-off is ended', async () => {
    const store = await storeWithCutoff();
    expect(await verdictOrError({ store, human, iatSeconds: before })).toBe('ended');
  });

  it.each([
    ['iatSeconds NaN', { iatSeconds: Number.NaN }],
    ['iatSeconds undefined', { iatSeconds: undefined as unknown as number }],
    ['clockToleranceSeconds NaN', { iatSeconds: before, clockToleranceSeconds: Number.NaN }],
    ['clockToleranceSeconds -60', { iatSeconds: before, clockToleranceSeconds: -60 }],
  ])('is not open for %s (ended, or a TypeError)', async (_name, fields) => {
    const store = await storeWithCutoff();
    expect(['ended', 'type-error']).toContain(await verdictOrError({ store, human, ...fields }));
  });

  it.each([
    ['NaN', Number.NaN],
    ['a Date', new Date(cutoffMs)],
  ])(
    'is not open when a custom store answers the cut-off as %s (ended or unavailable)',
    async (_name, answer) => {
      const store: DelegationCutoffStore = {
        endDelegation: async () => {},
        cutoffOf: async () => answer as unknown as number,
      };
      const state = await verdictOrError({ store, human, iatSeconds: before });
      expect(['ended', 'unavailable', 'type-error']).toContain(state);
    },
  );
});
