import { oktaTokenProfile } from '@dual-auth/adapter-okta';
import { InMemoryDelegationCutoffStore } from '@dual-auth/core';
import { describe, expect, it } from 'vitest';
import { createDualAuthGuard } from './dual-auth-guard.js';

const base = {
  profile: oktaTokenProfile,
  issuer: 'https://idp.example/oauth2/default',
  audience: 'https://api.example.com/finance',
  keys: { kty: 'RSA', n: 'AQAB', e: 'AQAB' },
  agentAllowed: () => true,
  humanAllowed: () => true,
} as const;

// A server in front of the guard (@dual-auth/mcp) judges an open stream's first cut-off read as
// the guard judged its token: it needs the guard's backdate and tolerance, and a read of the
// guard's own store (wave 30: a server given another store ended and reopened streams over and over).
describe('createDualAuthGuard: delegationCutoff', () => {
  it('tells how its cut-off check judges a token (its read, backdate, tolerance, case), frozen', async () => {
    const cutoffStore = new InMemoryDelegationCutoffStore();
    await cutoffStore.endDelegation('00u-alice', 1_800_000_000_000, 86_400_000);
    const guard = createDualAuthGuard({
      ...base,
      profile: { ...oktaTokenProfile, iatBackdateSeconds: 300, humanIdsIgnoreCase: true },
      cutoffStore,
      clockToleranceSeconds: 30,
    });
    expect(guard.delegationCutoff).toEqual({
      cutoffOf: expect.any(Function),
      iatBackdateSeconds: 300,
      clockToleranceSeconds: 30,
      humanIdsIgnoreCase: true,
    });
    expect(await guard.delegationCutoff?.cutoffOf('00u-alice')).toBe(1_800_000_000_000);
    expect(await guard.delegationCutoff?.cutoffOf('00u-bob')).toBeUndefined();
    expect(Object.isFrozen(guard.delegationCutoff)).toBe(true);
    expect(createDualAuthGuard({ ...base, cutoffStore }).delegationCutoff).toEqual({
      cutoffOf: expect.any(Function),
      iatBackdateSeconds: 0,
      clockToleranceSeconds: 15,
      // Okta's ids are case-sensitive: read exactly.
      humanIdsIgnoreCase: false,
    });
  });

  // Review (wave 30): the guard handed out its store, so whoever held the guard could write a
  // far-future cut-off for any human (locking them out) or patch `cutoffOf`, changing the guard's
  // own check. It hands out a read alone.
  it('hands out no writable store: a read, nothing that reaches endDelegation', () => {
    const cutoffStore = new InMemoryDelegationCutoffStore();
    const cutoff = createDualAuthGuard({ ...base, cutoffStore }).delegationCutoff;
    expect(cutoff).toBeDefined();
    expect('store' in (cutoff as object)).toBe(false);
    expect(Object.values(cutoff as object)).not.toContain(cutoffStore);
    expect('endDelegation' in (cutoff as object)).toBe(false);
  });

  it('reads with the cutoffOf it was created with: a later patch of the store changes neither the guard nor its read', async () => {
    const cutoffStore = new InMemoryDelegationCutoffStore();
    await cutoffStore.endDelegation('00u-alice', 1_800_000_000_000, 86_400_000);
    const guard = createDualAuthGuard({ ...base, cutoffStore });
    cutoffStore.cutoffOf = async () => undefined;
    expect(await guard.delegationCutoff?.cutoffOf('00u-alice')).toBe(1_800_000_000_000);
  });

  // Review (wave 30, final): the guard checked `cutoffStore.cutoffOf`, then read it again to bind
  // it unchecked: a getter answering a function to the check and nothing after made the guard's
  // creation fail with `Cannot read properties of undefined (reading 'bind')`, a message that
  // names no option. What it binds is checked as it is read.
  it('checks the cutoffOf it binds: a getter that stops answering a function is refused by name', async () => {
    const store = new InMemoryDelegationCutoffStore();
    await store.endDelegation('00u-alice', 1_800_000_000_000, 86_400_000);
    const getterStore = (answers: unknown[]) =>
      ({
        endDelegation: store.endDelegation.bind(store),
        get cutoffOf() {
          return answers.shift();
        },
      }) as InMemoryDelegationCutoffStore;
    const read = store.cutoffOf.bind(store);
    expect(() => createDualAuthGuard({ ...base, cutoffStore: getterStore([read]) })).toThrow(
      new TypeError('options.cutoffStore.cutoffOf must be a function, got undefined'),
    );
    const guard = createDualAuthGuard({ ...base, cutoffStore: getterStore([read, read]) });
    expect(await guard.delegationCutoff?.cutoffOf('00u-alice')).toBe(1_800_000_000_000);
  });

  it('is absent without a cut-off store', () => {
    expect(createDualAuthGuard(base).delegationCutoff).toBeUndefined();
  });
});
