import { oktaTokenProfile } from '@dual-auth/adapter-okta';
import { InSessionApiCall } from '@dual-auth/client';
import { InMemoryReplayStore } from '@dual-auth/core';
import { resolveAdapterOptions } from '@dual-auth/core/adapter-kit';
import { ActJwtVerifier, InMemoryTokenCache, SingleFlightTokenCache } from '@dual-auth/session';
import { describe, expect, it } from 'vitest';
import { cachedCheck } from './cached-check.js';
import { createDualAuthGuard } from './dual-auth-guard.js';

const allow = () => true;
const guardWith = (options: object) => () =>
  createDualAuthGuard({
    profile: oktaTokenProfile,
    issuer: 'https://idp.example/oauth2/default',
    audience: 'https://api.example/finance',
    keys: { kty: 'RSA', n: 'AQAB', e: 'AQAB' },
    agentAllowed: allow,
    humanAllowed: allow,
    ...options,
  } as never);

// One wrong value, built by every package that takes the option: each must say the same thing.
function expectOneMessage(builds: Record<string, () => unknown>, message: string): void {
  for (const [where, build] of Object.entries(builds)) {
    expect(build, where).toThrow(new TypeError(message));
  }
}

describe('one message per kind of mistake, in core, session, client and resource', () => {
  it('a clock without now()', () => {
    const clock = 5 as never;
    expectOneMessage(
      {
        'core InMemoryReplayStore': () => new InMemoryReplayStore({ clock }),
        'core adapter options': () => resolveAdapterOptions({ clock }),
        'session InMemoryTokenCache': () => new InMemoryTokenCache({ clock }),
        'session SingleFlightTokenCache': () => new SingleFlightTokenCache({ clock }),
        'client InSessionApiCall': () => new InSessionApiCall({ clock }),
        'resource cachedCheck': () => cachedCheck(allow, { ttlMs: 1000, clock }),
        'resource createDualAuthGuard': guardWith({ clock }),
      },
      'options.clock must be a Clock (an object with a now() method), got number',
    );
  });

  it('a logger missing a method', () => {
    const logger = { info: () => undefined } as never;
    expectOneMessage(
      {
        'core adapter options': () => resolveAdapterOptions({ logger }),
        'session InMemoryTokenCache': () => new InMemoryTokenCache({ logger }),
        'client InSessionApiCall': () => new InSessionApiCall({ logger }),
        'resource createDualAuthGuard': guardWith({ logger }),
      },
      'options.logger must be a Logger with debug, info, warn and error methods, got object',
    );
  });

  it('a duration of the wrong type or below its range', () => {
    const timeoutMs = '30s' as never;
    expectOneMessage(
      {
        'core adapter options': () => resolveAdapterOptions({ timeoutMs }),
        'client InSessionApiCall': () => new InSessionApiCall({ timeoutMs }),
      },
      'options.timeoutMs must be a finite number > 0, got string',
    );
    const clockToleranceSeconds = -1;
    expectOneMessage(
      {
        'session ActJwtVerifier': () =>
          new ActJwtVerifier({ publicKey: 'PEM', clockToleranceSeconds }),
        'resource createDualAuthGuard': guardWith({ clockToleranceSeconds }),
      },
      'options.clockToleranceSeconds must be a finite number >= 0',
    );
  });
});
