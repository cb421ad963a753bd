import { ApiCallError } from '@dual-auth/core';
import { describe, expect, it } from 'vitest';
import { token } from '../test/demo-api.js';
import { ApiCall } from './api-call.js';
import { parseWwwAuthenticate } from './www-authenticate.js';

/** A challenge of `n` characters: one quoted error_description, or a run of empty list elements. */
const giant = {
  quoted: (n: number) => `Bearer error="invalid_token", error_description="${'a'.repeat(n)}"`,
  separators: (n: number) => `${', '.repeat(n / 2)}Bearer error="invalid_token"`,
};

// Attack: a hostile API (through a `fetch` option without undici's 16 KiB header limit: a proxy
// SDK, another runtime) answers 401 with a WWW-Authenticate field of megabytes. The grammar's
// regexes repeat a group per character of a quoted string or per list separator, and overflowed
// the engine's backtracking stack: `callApi` rejected with an untyped RangeError instead of its
// ApiCallError, after seconds of CPU.
describe('attack: a WWW-Authenticate field of megabytes', () => {
  it.each(Object.keys(giant) as (keyof typeof giant)[])(
    'a %s challenge ends the call with its ApiCallError',
    async (shape) => {
      const call = new ApiCall({
        retry: { limit: 0 },
        fetch: async () =>
          new Response(null, {
            status: 401,
            headers: { 'www-authenticate': giant[shape](10_000_000) },
          }),
      });
      const error = await call
        .callApi({
          apiUrl: 'https://api.example.com/accounts',
          tokenResponse: token({ accessToken: 'fixed.access.token' }),
        })
        .catch((e: unknown) => e);
      expect((error as Error).name).toBe('ApiCallError');
      expect(ApiCallError.isInstance(error)).toBe(true);
      expect((error as ApiCallError).status).toBe(401);
    },
  );

  it('is not read at all past 64 KiB: no renewal, no quoted text', () => {
    expect(parseWwwAuthenticate(giant.quoted(70_000))).toBeUndefined();
    expect(parseWwwAuthenticate(giant.quoted(60_000))?.[0]?.params.get('error')).toBe(
      'invalid_token',
    );
  });
});
