import { TokenRequestError } from '@dual-auth/core';
import { describe, expect, it } from 'vitest';
import { outcomesOfTokenFailure } from './token-failure.js';

function failure(status: number, error?: string): TokenRequestError {
  return new TokenRequestError({
    message: 'the IdP answered',
    status,
    vendor: 'keycloak',
    ...(error === undefined ? {} : { error }),
  });
}

describe('outcomesOfTokenFailure: a token URL that is no token endpoint', () => {
  it.each([
    [404, undefined],
    [405, undefined],
    [404, 'Realm does not exist'],
    [400, undefined],
    // Session 38 (wave38/review2): a server that does not take POST at all (a static file server,
    // Python's http.server) answers 501; it was "unavailable, retry later" (exit 3).
    [501, undefined],
  ])('HTTP %i with error %s fails token-endpoint only', (status, code) => {
    const outcomes = outcomesOfTokenFailure(failure(status, code));
    expect(outcomes).toEqual([
      {
        id: 'token-endpoint',
        status: 'fail',
        detail: expect.stringMatching(
          new RegExp(`^answered HTTP ${status} \\(.+\\): not a token endpoint`),
        ),
      },
    ]);
  });

  // Session 38 (opsmend): a 502 was "not a token endpoint" (exit 1, fix the config); an IdP behind
  // a proxy that is down, or one overloaded, is the same URL that works later: retry (exit 3).
  it.each([
    [429, undefined],
    [500, 'server_error'],
    [502, undefined],
    [503, 'temporarily_unavailable'],
  ])('HTTP %i (error %s) fails token-endpoint as unavailable: retry later', (status, code) => {
    expect(outcomesOfTokenFailure(failure(status, code))).toEqual([
      {
        id: 'token-endpoint',
        status: 'fail',
        detail: expect.stringMatching(
          new RegExp(`^answered HTTP ${status} \\(.+\\): the IdP is unavailable .*retry later`),
        ),
        unavailable: true,
      },
    ]);
  });

  it('still blames the client authenticator for a 401 or an OAuth invalid_client', () => {
    for (const error of [failure(401), failure(400, 'invalid_client')]) {
      const outcomes = outcomesOfTokenFailure(error);
      expect(outcomes.find((o) => o.id === 'token-endpoint')?.status).toBe('pass');
      expect(outcomes.find((o) => o.id === 'client-authentication')?.status).toBe('fail');
    }
  });
});

// Session 38 (wave38/review2): every failure without an HTTP status but a refused certificate or
// handshake exited 3 ("retry later"): an answer with too many Content-Encodings (its message says
// retrying will not help), an unexpected error, and a token URL whose host name does not exist.
describe('outcomesOfTokenFailure: no status, and a retry cannot help', () => {
  const endpoint = { url: 'https://idp.example.invalid/realms/a/token' };
  const lookup = (code: string) =>
    new TokenRequestError({
      message: 'Network error connecting to the token endpoint',
      vendor: 'keycloak',
      retryable: true,
      cause: new TypeError('fetch failed', { cause: Object.assign(new Error(code), { code }) }),
    });

  it.each([
    ['too many Content-Encodings', 'answered with more Content-Encodings than a client decodes'],
    ['an unexpected error', 'Unexpected error: SyntaxError'],
  ])('%s fails token-endpoint without unavailable (exit 1)', (_what, message) => {
    const error = new TokenRequestError({ message, vendor: 'keycloak', retryable: false });
    expect(outcomesOfTokenFailure(error, undefined, endpoint)[0]).not.toHaveProperty('unavailable');
  });

  it.each(['ENOTFOUND', 'EAI_NONAME', 'EAI_FAIL'])(
    'a host name the DNS has no address for (%s) is the URL to fix, not the IdP to wait for',
    (code) => {
      const [outcome] = outcomesOfTokenFailure(lookup(code), undefined, endpoint);
      expect(outcome).toMatchObject({ id: 'token-endpoint', status: 'fail' });
      expect(outcome).not.toHaveProperty('unavailable');
    },
  );

  it('a DNS that cannot answer now (EAI_AGAIN) and a refused connection stay unavailable (exit 3)', () => {
    for (const code of ['EAI_AGAIN', 'ECONNREFUSED']) {
      expect(outcomesOfTokenFailure(lookup(code), undefined, endpoint)[0]).toMatchObject({
        unavailable: true,
      });
    }
  });
});
