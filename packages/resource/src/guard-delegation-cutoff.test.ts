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
// the guard judged its token: it needs the guard's backdate and tolerance, and the guard's own store
// (wave 30: a server given another store ended and reopened streams over and over).
describe('createDualAuthGuard: delegationCutoff', () => {
  it('tells how its cut-off check judges a token (its store, backdate, tolerance), frozen', () => {
    const cutoffStore = new InMemoryDelegationCutoffStore();
    const guard = createDualAuthGuard({
      ...base,
      profile: { ...oktaTokenProfile, iatBackdateSeconds: 300 },
      cutoffStore,
      clockToleranceSeconds: 30,
    });
    expect(guard.delegationCutoff).toEqual({
      store: cutoffStore,
      iatBackdateSeconds: 300,
      clockToleranceSeconds: 30,
    });
    expect(guard.delegationCutoff?.store).toBe(cutoffStore);
    expect(Object.isFrozen(guard.delegationCutoff)).toBe(true);
    expect(createDualAuthGuard({ ...base, cutoffStore }).delegationCutoff).toEqual({
      store: cutoffStore,
      iatBackdateSeconds: 0,
      clockToleranceSeconds: 15,
    });
  });

  it('is absent without a cut-off store', () => {
    expect(createDualAuthGuard(base).delegationCutoff).toBeUndefined();
  });
});
