// The exported helpers that take the name their message gives a value (`checkValue(value, name,
// kind)`, a label, an owner class) said "undefined must be …" when a plugin left that name out:
// each now falls back to a name that says what was read.
import { describe, expect, it } from 'vitest';
import * as kit from './adapter-kit/index.js';
import * as core from './index.js';
import * as jwt from './jwt/index.js';
import * as secretsKit from './secrets-kit/index.js';

const noName = undefined as never;

describe('a helper whose name argument is left out names the value anyway', () => {
  it.each([
    [
      'checkValue',
      () => core.checkValue(42, noName, 'string'),
      /^value must be a string, got number$/,
    ],
    ['requireValue', () => core.requireValue(undefined, noName, 'clock'), /^value must be a Clock/],
    ['requireArray', () => core.requireArray(42, noName), /^value must be an array of strings$/],
    [
      'requireResponse',
      () => core.requireResponse(42, noName),
      /^response must be the fetch Response$/,
    ],
    [
      'requireUrl',
      () => core.requireUrl('https://x.test/', noName),
      /^url must be a URL \(new URL/,
    ],
    [
      'checkIatBackdateSeconds',
      () => core.checkIatBackdateSeconds('300', noName),
      /^iatBackdateSeconds must be a finite number >= 0, got string$/,
    ],
    [
      'resolveBackendOptions',
      () => secretsKit.resolveBackendOptions(42, noName),
      /^SecretsBackend options must be an object\.$/,
    ],
    [
      'resolveBackendOptions (unknown option)',
      () => secretsKit.resolveBackendOptions({ cacheTtl: 1 }, noName),
      /^new SecretsBackend: cacheTtl is not an option/,
    ],
  ])('%s', (_, call, message) => {
    expect(call).toThrow(TypeError);
    expect(call).toThrow(message);
  });

  it('requireAudience', () => {
    expect(() => kit.requireAudience({}, noName)).toThrow(
      /^This adapter requires 'audience' configuration$/,
    );
  });

  it('readActClaim, parseCompactJws and verifyJwt say JWT', async () => {
    expect(() => jwt.readActClaim(noName, undefined)).toThrow(/^JWT has no "act" claim/);
    const options = { label: noName, maxTokenBytes: 1000, algorithms: ['RS256'] as const };
    expect(() => jwt.parseCompactJws('a.b', options)).toThrow(
      /^JWT must be a compact JWS of 3 dot-separated parts, got 2$/,
    );
    await expect(
      jwt.verifyJwt(42, {
        ...options,
        keys: [],
        issuer: 'https://idp.test',
        audience: 'api',
      } as never),
    ).rejects.toThrow(/^JWT must be a string, got number$/);
  });
});
