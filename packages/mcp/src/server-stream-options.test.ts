import { oktaTokenProfile } from '@dual-auth/adapter-okta';
import { ConfigurationError, InMemoryDelegationCutoffStore } from '@dual-auth/core';
import { createDualAuthGuard } from '@dual-auth/resource';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { requireDualAuth } from './express/require-dual-auth.js';
import { dualAuthMcpHandler } from './fetch/dual-auth-mcp-handler.js';

const resourceServerUrl = new URL('https://mcp.example.com/mcp');
const guard = createDualAuthGuard({
  profile: oktaTokenProfile,
  issuer: 'https://idp.example/oauth2/default',
  audience: resourceServerUrl.href,
  keys: { kty: 'RSA', n: 'AQAB', e: 'AQAB' },
  agentAllowed: () => true,
  humanAllowed: () => true,
});

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

    it('refuses an interval without a cut-off store to re-read, saying what to pass', () => {
      const error = thrownBy(() => ENTRIES[entry]({ delegationRecheckIntervalMs: 5_000 }));
      expect(ConfigurationError.isInstance(error)).toBe(true);
      expect((error as Error).message).toBe(
        `${entry}: options.delegationRecheckIntervalMs is how often a stream re-reads its human's cut-off in cutoffStore, and there is none: pass cutoffStore too (the guard's own), or leave delegationRecheckIntervalMs out`,
      );
    });

    it('refuses an interval in seconds, and a cut-off store without cutoffOf', () => {
      expect(() => ENTRIES[entry]({ cutoffStore, delegationRecheckIntervalMs: 15 })).toThrow(
        'options.delegationRecheckIntervalMs must be in milliseconds',
      );
      expect(() => ENTRIES[entry]({ cutoffStore: {} })).toThrow('options.cutoffStore.cutoffOf');
    });

    it('takes the guard’s cut-off store, with or without an interval', () => {
      expect(ENTRIES[entry]({ cutoffStore })).toBeTypeOf('function');
      expect(ENTRIES[entry]({ cutoffStore, delegationRecheckIntervalMs: 1_000 })).toBeTypeOf(
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
