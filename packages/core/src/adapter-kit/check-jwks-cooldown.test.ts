import { describe, expect, it } from 'vitest';
import { checkJwksCooldown } from './check-jwks-cooldown.js';

const inMs = {
  name: 'options.jwksCooldownMs',
  unit: 'ms',
  rangeNames: 'jwksCacheMaxAgeMs + jwksStaleIfErrorMs',
  cacheMaxAge: undefined,
  staleIfError: undefined,
} as const;
const inSeconds = {
  name: 'jwksCooldownSeconds',
  unit: 'seconds',
  rangeNames: 'jwksCacheMaxAgeSeconds + jwksStaleIfErrorSeconds',
  cacheMaxAge: undefined,
  staleIfError: undefined,
} as const;

describe('checkJwksCooldown', () => {
  it('returns the cooldown in ms, or the default when none is given', () => {
    expect(checkJwksCooldown({ ...inMs, cooldown: undefined })).toBe(30_000);
    expect(checkJwksCooldown({ ...inMs, cooldown: 5_000 })).toBe(5_000);
    expect(checkJwksCooldown({ ...inSeconds, cooldown: undefined })).toBe(30_000);
    expect(checkJwksCooldown({ ...inSeconds, cooldown: 1.5 })).toBe(1_500);
    expect(
      checkJwksCooldown({ ...inSeconds, cacheMaxAge: 10, staleIfError: 0, cooldown: undefined }),
    ).toBe(10_000);
  });

  it('refuses a cooldown out of range in the option own unit, with what to pass', () => {
    expect(() => checkJwksCooldown({ ...inMs, cooldown: 999 })).toThrow(
      'options.jwksCooldownMs must be from 1000 to 4200000 ms (jwksCacheMaxAgeMs + jwksStaleIfErrorMs)',
    );
    expect(() => checkJwksCooldown({ ...inMs, cooldown: 4_200_001 })).toThrow(
      /pass e\.g\. 30_000 /,
    );
    expect(() => checkJwksCooldown({ ...inSeconds, cooldown: 0.999 })).toThrow(
      'jwksCooldownSeconds must be from 1 to 4200 s (jwksCacheMaxAgeSeconds + jwksStaleIfErrorSeconds)',
    );
    expect(() =>
      checkJwksCooldown({ ...inSeconds, cacheMaxAge: 60, staleIfError: 0, cooldown: 61 }),
    ).toThrow(/from 1 to 60 s .*pass e\.g\. 30 /);
    expect(
      checkJwksCooldown({ ...inSeconds, cacheMaxAge: 60, staleIfError: 0, cooldown: 60 }),
    ).toBe(60_000);
  });
});
