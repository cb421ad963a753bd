import { InMemoryDelegationCutoffStore } from '@dual-auth/core';
import type { DualAuthGuard } from '@dual-auth/resource';
import { describe, expect, it } from 'vitest';
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

describe('a custom guard’s delegationCutoff', () => {
  it.each([
    { store, iatBackdateSeconds: 601, clockToleranceSeconds: 0 },
    { store, iatBackdateSeconds: 0, clockToleranceSeconds: 301 },
    { store, iatBackdateSeconds: Number.NaN, clockToleranceSeconds: 0 },
    { store, iatBackdateSeconds: 0, clockToleranceSeconds: '15' },
    { store, iatBackdateSeconds: 0 },
    { iatBackdateSeconds: 0, clockToleranceSeconds: 0 },
    { store: {}, iatBackdateSeconds: 0, clockToleranceSeconds: 0 },
    'yes',
  ])('%j is refused when the server is made', (cutoff) => {
    expect(() => resolveServerOptions(optionsOf(guardWith(cutoff)), 'requireDualAuth')).toThrow(
      /options\.guard\.delegationCutoff must be \{ store: .*: give the guard its cutoffStore/,
    );
  });

  it('is taken at the edges, and re-checks nothing when absent', () => {
    for (const cutoff of [
      { store, iatBackdateSeconds: 600, clockToleranceSeconds: 300 },
      { store, iatBackdateSeconds: 0, clockToleranceSeconds: 0 },
    ]) {
      const resolved = resolveServerOptions(optionsOf(guardWith(cutoff)), 'requireDualAuth');
      expect(resolved.recheck?.cutoff).toBe(cutoff);
    }
    const without = resolveServerOptions(optionsOf(guardWith(undefined)), 'requireDualAuth');
    expect(without.recheck).toBeUndefined();
  });
});
