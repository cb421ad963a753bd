import { ConfigurationError, InMemoryDelegationCutoffStore } from '@dual-auth/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { offlineGuard } from '../test/support/offline-guard.js';
import { requireDualAuth } from './express/require-dual-auth.js';
import { dualAuthMcpHandler } from './fetch/dual-auth-mcp-handler.js';

const resourceServerUrl = new URL('https://mcp.example.com/mcp');
const guard = offlineGuard(resourceServerUrl);

const ENTRIES = {
  requireDualAuth: (options: object) => requireDualAuth({ guard, resourceServerUrl, ...options }),
  dualAuthMcpHandler: (options: object) =>
    dualAuthMcpHandler({ guard, resourceServerUrl, ...options }, () => new Response('')),
};

function thrownBy(build: () => unknown): unknown {
  try {
    build();
  } catch (error) {
    return error;
  }
  return undefined;
}

describe.each(Object.keys(ENTRIES) as (keyof typeof ENTRIES)[])('%s: its clock', (entry) => {
  // Before: a clock whose now() is NaN timed every stream's end at once (a NaN delay fires at
  // once), so each GET stream was closed as soon as it opened, with no word of why.
  it.each([NaN, Number.POSITIVE_INFINITY, '1700000000000'])(
    'refuses a clock whose now() answers %o, saying what to pass',
    (now) => {
      const error = thrownBy(() => ENTRIES[entry]({ clock: { now: () => now } }));
      expect(ConfigurationError.isInstance(error)).toBe(true);
      expect((error as Error).message).toBe(
        `${entry}: options.clock.now() must answer the time in milliseconds since the epoch (a finite number, as Date.now()), got ${String(now)}: pass a clock such as { now: () => Date.now() }, or none for the system clock`,
      );
    },
  );

  it('takes a clock that tells the time', () => {
    expect(ENTRIES[entry]({ clock: { now: () => 1_700_000_000_000 } })).toBeTypeOf('function');
  });
});

describe.each(Object.keys(ENTRIES) as (keyof typeof ENTRIES)[])(
  '%s: its delegation re-check',
  (entry) => {
    const cutoffStore = new InMemoryDelegationCutoffStore();
    const withCutoff = offlineGuard(resourceServerUrl, { cutoffStore });

    it('refuses an interval for a guard without a cut-off store, saying what to give it', () => {
      const error = thrownBy(() => ENTRIES[entry]({ delegationRecheckIntervalMs: 5_000 }));
      expect(ConfigurationError.isInstance(error)).toBe(true);
      expect((error as Error).message).toBe(
        `${entry}: options.delegationRecheckIntervalMs is how often a stream re-reads its human's cut-off in the guard's cutoffStore, and the guard has none: give the guard a cutoffStore (createDualAuthGuard({ …, cutoffStore }), the store endDelegation writes), or leave delegationRecheckIntervalMs out`,
      );
    });

    it('refuses an interval in seconds', () => {
      expect(() => ENTRIES[entry]({ guard: withCutoff, delegationRecheckIntervalMs: 15 })).toThrow(
        'options.delegationRecheckIntervalMs must be in milliseconds',
      );
    });

    // Wave 30: the entry took its own cutoffStore beside the guard's; one that was not the guard's
    // ended and reopened streams over and over. The guard's own is the only one read now.
    it('refuses a cut-off store of its own: the guard’s is the one read', () => {
      expect(() => ENTRIES[entry]({ guard: withCutoff, cutoffStore })).toThrow(
        `${entry}: cutoffStore is not an option`,
      );
    });

    // Review (wave 30, reviewmcp): the refusal listed the entry's options and said to pass only
    // those, as if streams could not be re-checked at all; it says where the store goes.
    it('refuses a cut-off store of its own saying to give it to the guard', () => {
      expect(() => ENTRIES[entry]({ guard: withCutoff, cutoffStore })).toThrow(
        `${entry}: cutoffStore is not an option: give it to the guard (createDualAuthGuard({ …, cutoffStore })), whose store the entry's streams re-read`,
      );
    });

    it('takes a guard with a cut-off store, with or without an interval', () => {
      expect(ENTRIES[entry]({ guard: withCutoff })).toBeTypeOf('function');
      expect(ENTRIES[entry]({ guard: withCutoff, delegationRecheckIntervalMs: 1_000 })).toBeTypeOf(
        'function',
      );
    });
  },
);

describe.each(Object.keys(ENTRIES) as (keyof typeof ENTRIES)[])('%s: its logger', (entry) => {
  afterEach(() => void vi.unstubAllEnvs());

  // It logs a stream ended for a store that did not answer: a typo in the switch fails at start-up.
  it('without a logger, resolves the DUAL_AUTH_LOG switch at creation', () => {
    vi.stubEnv('DUAL_AUTH_LOG', 'jsn');
    const error = thrownBy(() => ENTRIES[entry]({}));
    expect(ConfigurationError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ variable: 'DUAL_AUTH_LOG' });
    const logger = { debug() {}, info() {}, warn() {}, error() {} };
    expect(ENTRIES[entry]({ logger })).toBeTypeOf('function');
  });
});
