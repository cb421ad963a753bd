import { describe, expect, it } from 'vitest';
import { InMemoryDelegationCutoffStore } from '../stores/in-memory-delegation-cutoff-store.js';
import { StoreUnavailableError } from '../stores/store-unavailable-error.js';
import {
  type DelegationCutoffStore,
  type DelegationCutoffVerdict,
  delegationCutoffVerdict,
  endedDelegationPhrase,
  issuedBeforeCutoff,
  latestCutoffOf,
} from './delegation-cutoff-store.js';

type EndedVerdict = Extract<DelegationCutoffVerdict, { state: 'ended' }>;

/** A custom store whose `cutoffOf` answers `answer` for every human, a time or not. */
const storeAnswering = (answer: unknown): DelegationCutoffStore => ({
  endDelegation: async () => {},
  cutoffOf: async () => answer as number,
});

// Arguments no cut-off check can compare: each must be a TypeError, never an "open" answer.
const uncomparable: [string, { iatSeconds: number; clockToleranceSeconds?: number }][] = [
  ['iatSeconds NaN', { iatSeconds: Number.NaN }],
  ['iatSeconds undefined', { iatSeconds: undefined as unknown as number }],
  ['iatSeconds a string', { iatSeconds: '1699999990' as unknown as number }],
  ['clockToleranceSeconds NaN', { iatSeconds: 1_699_999_990, clockToleranceSeconds: Number.NaN }],
  ['clockToleranceSeconds negative', { iatSeconds: 1_699_999_990, clockToleranceSeconds: -60 }],
];

// Store answers that are not a time.
const notATime: [string, unknown][] = [
  ['NaN', Number.NaN],
  ['a Date', new Date(1_700_000_000_400)],
  ['a numeric string', '1700000000400'],
  ['Infinity', Number.POSITIVE_INFINITY],
  // Finite but before the epoch: issuedBeforeCutoff would throw a TypeError, not refuse.
  ['-1', -1],
  ['-0.5', -0.5],
  ['Number.MIN_SAFE_INTEGER', Number.MIN_SAFE_INTEGER],
];

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

  it.each(uncomparable)(
    'throws a TypeError for %s',
    (_name, { iatSeconds, clockToleranceSeconds }) => {
      expect(() => issuedBeforeCutoff(iatSeconds, cutoffMs, clockToleranceSeconds)).toThrow(
        TypeError,
      );
    },
  );

  it('throws a TypeError for a cut-off that is not a finite number', () => {
    expect(() => issuedBeforeCutoff(1_699_999_990, Number.NaN)).toThrow(
      /cutoffMs must be a finite number/,
    );
  });
});

describe('latestCutoffOf', () => {
  it('is the latest of the cut-offs kept under the ids', async () => {
    const store = new InMemoryDelegationCutoffStore({ clock: { now: () => 1_700_000_001_000 } });
    await store.endDelegation('sub-1', 1_700_000_000_000, 60_000);
    await store.endDelegation('oid-1', 1_700_000_000_400, 60_000);
    expect(await latestCutoffOf(store, ['sub-1', 'oid-1', 'none'])).toBe(1_700_000_000_400);
  });

  it.each(notATime)(
    'throws StoreUnavailableError when the store answers %s, not a time',
    async (_name, answer) => {
      const error = await latestCutoffOf(storeAnswering(answer), ['user-1']).catch((e) => e);
      expect(StoreUnavailableError.isInstance(error)).toBe(true);
      expect(error).toMatchObject({
        operation: 'cutoff',
        message: expect.stringMatching(/not a time/),
      });
    },
  );
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
    expect(await delegationCutoffVerdict({ store, human, iatSeconds: 1_699_999_999 })).toEqual({
      state: 'ended',
      cutoffMs,
    });
    expect(
      await delegationCutoffVerdict({
        store,
        human,
        iatSeconds: 1_699_999_999,
        clockToleranceSeconds: 15,
      }),
    ).toEqual({ state: 'ended', cutoffMs });
  });

  // The cut-off is at …000.400 s: with 15 s, …015.400 is the end, so …016 is the first whole
  // second let through; with none, an iat of …000 may postdate it, and …001 is the first.
  it.each([
    [
      'within the tolerance',
      1_700_000_015,
      15,
      1_700_000_016_000,
      '15 s',
      '2023-11-14T22:13:36.000Z',
    ],
    [
      "in the cut-off's second",
      1_700_000_000,
      0,
      1_700_000_001_000,
      '0 s',
      '2023-11-14T22:13:21.000Z',
    ],
  ] as const)(
    'says from when a credential is accepted when it may postdate the cut-off (%s)',
    async (_name, iatSeconds, clockToleranceSeconds, withinToleranceUntilMs, within, from) => {
      const store = await storeWith('user-1');
      const human = { sub: 'user-1' };
      const verdict = await delegationCutoffVerdict({
        store,
        human,
        iatSeconds,
        clockToleranceSeconds,
      });
      expect(verdict).toEqual({ state: 'ended', cutoffMs, withinToleranceUntilMs });
      expect(endedDelegationPhrase(verdict as EndedVerdict, clockToleranceSeconds)).toBe(
        `was issued within ${within} of the human's cut-off (the clock tolerance); a new delegation is accepted from ${from}`,
      );
    },
  );

  it('says a credential issued before the cut-off was', () => {
    expect(endedDelegationPhrase({ state: 'ended', cutoffMs }, 15)).toBe(
      "was issued before the human's delegations were ended",
    );
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

  it.each(notATime)(
    'is unavailable, never open, when a store answers the cut-off as %s',
    async (_name, answer) => {
      const verdict = await delegationCutoffVerdict({
        store: storeAnswering(answer),
        human: { sub: 'user-1' },
        iatSeconds: 1_699_999_990,
      });
      expect(verdict).toEqual({ state: 'unavailable', cause: expect.any(StoreUnavailableError) });
      expect(String((verdict as { cause: Error }).cause.message)).toMatch(/not a time/);
    },
  );

  it.each(uncomparable)('rejects with a TypeError, never open, for %s', async (_name, fields) => {
    const store = await storeWith('user-1');
    await expect(
      delegationCutoffVerdict({ store, human: { sub: 'user-1' }, ...fields }),
    ).rejects.toThrow(TypeError);
  });
});
