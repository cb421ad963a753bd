import { InMemoryDelegationCutoffStore } from '@dual-auth/core';
import type { DualAuthGuard, DualSubject } from '@dual-auth/resource';
import { describe, expect, it } from 'vitest';
import { offlineGuard } from '../test/support/offline-guard.js';
import { atDelegationCutoff, type DelegationRecheck } from './at-token-expiry.js';
import { resolveServerOptions } from './dual-auth-server-options.js';

// Review (wave 29, reviewd): a custom guard's `delegationCutoff` outside what core compares with
// (a backdate over 600 s, a tolerance over 300 s) made every stream's first cut-off read throw,
// and the stream ended without a word. It is refused where the options are read, saying what to do.
// Wave 30: it carries the store the streams re-read too, checked the same way.
const guardWith = (delegationCutoff: unknown): DualAuthGuard =>
  ({ check: async () => ({ ok: false }), delegationCutoff }) as unknown as DualAuthGuard;

const optionsOf = (guard: DualAuthGuard) => ({
  guard,
  resourceServerUrl: new URL('https://mcp.example/mcp'),
});

const store = new InMemoryDelegationCutoffStore();
const cutoffOf = store.cutoffOf.bind(store);

/**
 * The stream of alice's token issued at `iatMs` (an hour of life), re-checked with `recheck` on a
 * clock a minute later whose timers the test fires: how often it ended, its armed timers, and
 * `fireArmed` to fire them all.
 */
function openStream(recheck: DelegationRecheck, iatMs: number) {
  const armed = new Set<() => void>();
  const clock = {
    now: () => iatMs + 60_000,
    setTimer(_atMs: number, fire: () => void) {
      armed.add(fire);
      return () => void armed.delete(fire);
    },
  };
  const subject = {
    agent: { id: 'finance-agent', raw: { iat: iatMs / 1000, exp: iatMs / 1000 + 3600 } },
    human: { sub: '00u-alice', raw: { sub: '00u-alice' } },
  } as unknown as DualSubject;
  let ended = 0;
  const cancel = atDelegationCutoff(subject, clock, recheck, () => void ended++);
  const fireArmed = (): void => {
    for (const fire of [...armed]) {
      armed.delete(fire);
      fire();
    }
  };
  return { armed, cancel, ended: () => ended, fireArmed };
}

describe('a custom guard’s delegationCutoff', () => {
  it.each([
    { cutoffOf, iatBackdateSeconds: 601, clockToleranceSeconds: 0 },
    { cutoffOf, iatBackdateSeconds: 0, clockToleranceSeconds: 301 },
    { cutoffOf, iatBackdateSeconds: Number.NaN, clockToleranceSeconds: 0 },
    { cutoffOf, iatBackdateSeconds: 0, clockToleranceSeconds: '15' },
    { cutoffOf, iatBackdateSeconds: 0 },
    { iatBackdateSeconds: 0, clockToleranceSeconds: 0 },
    { cutoffOf: 'read', iatBackdateSeconds: 0, clockToleranceSeconds: 0 },
    // The store the guard handed out before wave 30: a read is what is asked now.
    { store, iatBackdateSeconds: 0, clockToleranceSeconds: 0 },
    // Read as "not true", a "true" would re-read the human's cut-off in one spelling only.
    { cutoffOf, iatBackdateSeconds: 0, clockToleranceSeconds: 0, humanIdsIgnoreCase: 'true' },
    'yes',
    null,
  ])('%j is refused when the server is made', (cutoff) => {
    expect(() => resolveServerOptions(optionsOf(guardWith(cutoff)), 'requireDualAuth')).toThrow(
      /options\.guard\.delegationCutoff must be \{ cutoffOf: a function .*: give the guard its cutoffStore/,
    );
  });

  it('is taken at the edges, and re-checks nothing when absent', () => {
    for (const cutoff of [
      { cutoffOf, iatBackdateSeconds: 600, clockToleranceSeconds: 300 },
      { cutoffOf, iatBackdateSeconds: 0, clockToleranceSeconds: 0, humanIdsIgnoreCase: true },
    ]) {
      const resolved = resolveServerOptions(optionsOf(guardWith(cutoff)), 'requireDualAuth');
      // Left out (a custom guard written before it): the ids are re-read exactly.
      expect(resolved.recheck?.cutoff).toEqual({ humanIdsIgnoreCase: false, ...cutoff });
      expect(resolved.recheck?.cutoff.cutoffOf).toBe(cutoffOf);
    }
    const without = resolveServerOptions(optionsOf(guardWith(undefined)), 'requireDualAuth');
    expect(without.recheck).toBeUndefined();
  });
});

// Review (wave 30, reviewmcp): a custom guard's `delegationCutoff` whose getter threw when the
// server was made threw its own error, naming nothing to fix; one read again at each stream could
// answer otherwise than what was checked (a getter, a Proxy), and a backdate that then threw ended
// a stream without a word, a store gone ended every stream. It is read once, when the server is
// made, and what was checked is what every stream uses.
describe('a custom guard’s delegationCutoff read through getters', () => {
  it.each([
    [
      'a delegationCutoff getter',
      {
        check: async () => ({ ok: false }),
        get delegationCutoff(): never {
          throw new Error('internal: redis://user:pw@host');
        },
      },
    ],
    [
      'a cutoffOf getter',
      guardWith({
        get cutoffOf(): never {
          throw new Error('internal: redis://user:pw@host');
        },
        iatBackdateSeconds: 0,
        clockToleranceSeconds: 0,
      }),
    ],
  ])('%s that throws is refused as a TypeError naming it', (_, guard) => {
    let thrown: unknown;
    try {
      resolveServerOptions(optionsOf(guard as unknown as DualAuthGuard), 'requireDualAuth');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(TypeError);
    expect(String((thrown as Error).message)).toMatch(
      /options\.guard\.delegationCutoff must be \{ cutoffOf: a function .*: give the guard its cutoffStore/,
    );
    expect(String((thrown as Error).message)).not.toMatch(/pw@host/);
  });

  it('is read once: every stream uses what was checked when the server was made', async () => {
    const cutoffStore = new InMemoryDelegationCutoffStore();
    const iatMs = 1_800_000_000_000;
    // A cut-off dated before the token was issued: the guard admitted the token under it.
    await cutoffStore.endDelegation('00u-alice', iatMs - 3_600_000, 86_400_000);
    let reads = 0;
    const delegationCutoff = new Proxy(
      {
        cutoffOf: cutoffStore.cutoffOf.bind(cutoffStore),
        iatBackdateSeconds: 0,
        clockToleranceSeconds: 15,
      },
      {
        get(target, key) {
          reads++;
          if (reads > 4 && key === 'iatBackdateSeconds') throw new Error('changed its mind');
          if (reads > 4 && key === 'cutoffOf') return undefined;
          return Reflect.get(target, key);
        },
      },
    );
    const { recheck } = resolveServerOptions(
      optionsOf(guardWith(delegationCutoff)),
      'requireDualAuth',
    );
    const readsAtCreation = reads;
    expect(readsAtCreation).toBe(4);
    const warnings: string[] = [];
    const logger = {
      debug() {},
      info() {},
      error() {},
      warn: (event: string) => void warnings.push(event),
    };
    const stream = openStream({ ...(recheck as NonNullable<typeof recheck>), logger }, iatMs);
    await new Promise((resolve) => setImmediate(resolve));
    stream.fireArmed();
    await new Promise((resolve) => setImmediate(resolve));
    expect({ ended: stream.ended(), warnings, armed: stream.armed.size }).toEqual({
      ended: 0,
      warnings: [],
      armed: 1,
    });
    expect(reads).toBe(readsAtCreation);
    stream.cancel();
  });
});

// Review (wave 30, cutoffread): the guard handed out its own store, and the entry kept it, so
// whoever held the guard or the entry's options could write any human's cut-off (a far-future one
// locks the human out) or patch `cutoffOf`, changing what the guard and every stream read. The
// guard hands out a read, taken when it was made; the streams read with that very read.
describe('a guard’s delegationCutoff as the streams read it', () => {
  it('reaches no store to write, and reads as the guard does whatever is patched onto the store later', async () => {
    const cutoffStore = new InMemoryDelegationCutoffStore();
    const resourceServerUrl = new URL('https://mcp.example/mcp');
    const guard = offlineGuard(resourceServerUrl, { cutoffStore });
    const { recheck } = resolveServerOptions({ guard, resourceServerUrl }, 'requireDualAuth');
    const cutoff = (recheck as NonNullable<typeof recheck>).cutoff;
    expect('store' in cutoff).toBe(false);
    expect(Object.values(cutoff)).not.toContain(cutoffStore);

    // Patched after the guard was made: neither the guard's read nor a stream's calls it.
    let patchedReads = 0;
    cutoffStore.cutoffOf = async () => {
      patchedReads++;
      return undefined;
    };
    const iatMs = 1_800_000_000_000;
    const stream = openStream(recheck as NonNullable<typeof recheck>, iatMs);
    await new Promise((resolve) => setImmediate(resolve));
    // The human's delegation ends after the stream opened: the next re-read ends it.
    await cutoffStore.endDelegation('00u-alice', iatMs + 30_000, 86_400_000);
    stream.fireArmed();
    await expect.poll(() => stream.ended()).toBe(1);
    expect(patchedReads).toBe(0);
  });
});
