import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ActVerificationError } from './act-verification-error.js';
import { ApiCallError } from './api-call-error.js';
import { ConfigurationError } from './configuration-error.js';
import { DualAuthError } from './dual-auth-error.js';
import { SecretsBackendError } from './secrets-backend-error.js';
import { TokenRequestError } from './token-request-error.js';

const SECRET = 's3cr3t-value-that-must-not-leak';

describe('DualAuthError family', () => {
  const samples = [
    new ConfigurationError({
      message: 'KEYCLOAK_TOKEN_URL is required',
      variable: 'KEYCLOAK_TOKEN_URL',
    }),
    new SecretsBackendError({ message: 'not found', backend: 'aws', key: 'AGENT_CLIENT_SECRET' }),
    new TokenRequestError({
      message: 'Authentication failed',
      status: 401,
      vendor: 'keycloak',
      error: 'invalid_client',
    }),
    new ActVerificationError({ reason: 'expired', message: 'Act JWT expired', claim: 'exp' }),
    new ApiCallError({
      message: 'HTTP 503',
      method: 'GET',
      url: 'https://api.test/x',
      status: 503,
    }),
  ] as const;

  it('gives each class a stable code and name', () => {
    expect(samples.map((e) => [e.name, e.code])).toEqual([
      ['ConfigurationError', 'ERR_CONFIGURATION'],
      ['SecretsBackendError', 'ERR_SECRETS_BACKEND'],
      ['TokenRequestError', 'ERR_TOKEN_REQUEST'],
      ['ActVerificationError', 'ERR_ACT_VERIFICATION'],
      ['ApiCallError', 'ERR_API_CALL'],
    ]);
  });

  it('recognises each class by marker and tells the classes apart', () => {
    const [config, secrets, token, act, api] = samples;
    expect(samples.every((e) => DualAuthError.isInstance(e))).toBe(true);
    expect(ConfigurationError.isInstance(config)).toBe(true);
    expect(ConfigurationError.isInstance(token)).toBe(false);
    expect(SecretsBackendError.isInstance(secrets)).toBe(true);
    expect(TokenRequestError.isInstance(token)).toBe(true);
    expect(TokenRequestError.isInstance(api)).toBe(false);
    expect(ActVerificationError.isInstance(act)).toBe(true);
    expect(ApiCallError.isInstance(api)).toBe(true);
    expect(DualAuthError.isInstance(new Error('plain'))).toBe(false);
    expect(DualAuthError.isInstance(null)).toBe(false);
    expect(DualAuthError.isInstance('ERR_CONFIGURATION')).toBe(false);
  });

  it('recognises an error made by another copy of the package (no shared class)', () => {
    // A second copy has its own classes but the same global Symbol.for markers.
    const foreign = Object.assign(new Error('Token request failed: x'), {
      [Symbol.for('dual-auth.error')]: true,
      [Symbol.for('dual-auth.error.TokenRequestError')]: true,
    });
    expect(foreign instanceof TokenRequestError).toBe(false);
    expect(TokenRequestError.isInstance(foreign)).toBe(true);
    expect(DualAuthError.isInstance(foreign)).toBe(true);
    expect(ConfigurationError.isInstance(foreign)).toBe(false);
  });

  it('marks each class with the global marker another copy checks, and checks it back', () => {
    // The markers are shared with every published version of core: their names never change.
    const classes = [
      ConfigurationError,
      SecretsBackendError,
      TokenRequestError,
      ActVerificationError,
      ApiCallError,
    ] as const;
    samples.forEach((error, i) => {
      const marker = Symbol.for(`dual-auth.error.${error.name}`);
      expect(Object.getOwnPropertySymbols(error)).toContain(marker);
      expect((error as unknown as Record<symbol, unknown>)[marker]).toBe(true);
      expect(Object.keys(error)).not.toContain(marker);
      const foreign = Object.assign(new Error('x'), { [marker]: true });
      expect(classes.map((each) => each.isInstance(foreign))).toEqual(
        classes.map((_, j) => j === i),
      );
    });
  });

  it('formats TokenRequestError like the reference and keeps status and IdP code', () => {
    const e = new TokenRequestError({
      message: 'Authentication failed',
      status: 401,
      error: 'invalid_client',
    });
    expect(String(e)).toBe(
      'TokenRequestError: Token request failed (HTTP 401): Authentication failed',
    );
    expect(e.statusCode).toBe(401);
    expect(e.error).toBe('invalid_client');
    const statusZero = new TokenRequestError({ message: 'odd', status: 0 });
    expect(statusZero.message).toBe('Token request failed (HTTP 0): odd');
    expect(new TokenRequestError({ message: 'Network error' }).message).toBe(
      'Token request failed: Network error',
    );
  });

  it("shows the IdP's error only code-shaped and never its description in toJSON and inspect", () => {
    const e = new TokenRequestError({
      message: 'Bad request',
      status: 400,
      error: 'user jane@corp.example not found',
      errorDescription: 'no account for Jane Doe',
    });
    for (const text of [JSON.stringify(e), inspect(e, { depth: 10 })]) {
      expect(text).not.toContain('jane');
      expect(text).not.toContain('Jane Doe');
    }
    expect(JSON.parse(JSON.stringify(e))).toMatchObject({
      error: 'unrecognized_error',
      errorDescription: '***REDACTED***',
    });
    // Nor does a logger that writes an error's fields (pino's `err` serializer, `{ ...e }`).
    expect(Object.keys(e)).not.toContain('error');
    expect(inspect({ ...e })).not.toMatch(/jane|Jane Doe/);
    // A caller who reads the properties deliberately still gets the IdP's text, but no email
    // (trimRemoteText blanks every one, as safeRemoteText does before: docs/logging.md).
    expect(e.error).toBe('user ***REDACTED*** not found');
    expect(e.errorDescription).toBe('no account for Jane Doe');
    const coded = new TokenRequestError({
      message: 'denied',
      status: 401,
      error: 'invalid_client',
    });
    expect(JSON.parse(JSON.stringify(coded))).toMatchObject({ error: 'invalid_client' });
    expect(JSON.parse(JSON.stringify(coded)).errorDescription).toBeUndefined();
  });

  it('never shows a cause payload beyond its name and message', () => {
    const cause = Object.assign(new Error('socket hang up'), {
      request: { headers: { authorization: SECRET } },
    });
    const e = new TokenRequestError({ message: 'Network error', cause });
    for (const text of [String(e), JSON.stringify(e), inspect(e, { depth: 10 })]) {
      expect(text).not.toContain(SECRET);
    }
    expect(JSON.parse(JSON.stringify(e)).cause).toEqual({
      name: 'Error',
      message: 'socket hang up',
    });
  });

  it('serialises the safe fields', () => {
    const e = new SecretsBackendError({
      message: 'denied',
      backend: 'vault',
      key: 'AGENT_CLIENT_SECRET',
      hint: 'check policy',
    });
    expect(JSON.parse(JSON.stringify(e))).toMatchObject({
      name: 'SecretsBackendError',
      code: 'ERR_SECRETS_BACKEND',
      backend: 'vault',
      key: 'AGENT_CLIENT_SECRET',
      hint: 'check policy',
    });
  });

  it('keeps why an API call failed and the wait its API asked for', () => {
    const e = new ApiCallError({
      message: 'API call failed: GET https://api.test/x answered HTTP 429 after 1 attempt(s)',
      method: 'GET',
      url: 'https://api.test/x',
      status: 429,
      attempts: 1,
      reason: 'status',
      retryAfterMs: 120_000,
    });
    expect(e).toMatchObject({ reason: 'status', retryAfterMs: 120_000 });
    expect(JSON.parse(JSON.stringify(e))).toMatchObject({
      reason: 'status',
      retryAfterMs: 120_000,
    });
  });
});
