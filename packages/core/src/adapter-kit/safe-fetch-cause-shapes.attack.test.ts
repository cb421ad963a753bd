import { describe, expect, it } from 'vitest';
import { safeFetchCause } from './safe-fetch-cause.js';

// Attack (wave 24): the copy kept any string `code` and any `name`, so a proxy agent's or an
// injected fetch's error could carry a URL with its query, userinfo or a token through them; and a
// message could carry a token-like value beside no URL at all.
const SECRETS = ['hunter2', 'SEKRET', 'eyJhbGciOiJSUzI1NiJ9', 'tok_live_4f9a8b7c6d5e', 'alice'];

function kept(error: Error): string {
  const copy = safeFetchCause(error) as Error & { code?: unknown };
  return `${copy.name}|${String(copy.code)}|${copy.message}`;
}

describe('attack: what a fetch failure may carry into a cause', () => {
  it('keeps no secret from 14 hostile URLs and messages', () => {
    const messages = [
      'fetch failed https://bob:hunter2@idp.example/token',
      'fetch failed https://idp.example/token?client_secret=SEKRET',
      'fetch failed https://idp.example/token#access_token=eyJhbGciOiJSUzI1NiJ9',
      'fetch failed <https://idp.example/t?x=SEKRET>: refused',
      "fetch failed 'https://bob:hunter2@idp.example/t': refused",
      'fetch failed HTTPS://BOB:hunter2@IDP.EXAMPLE/T',
      'fetch failed //bob:hunter2@proxy.example:3128',
      'fetch failed https://idp.example/t?a=1&code=SEKRET&b=2 and more',
      'fetch failed https://idp.example/t;jsessionid=SEKRET?x=1',
      'fetch failed for alice@corp.example',
      'fetch failed: Authorization: Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln',
      'fetch failed: access_token=tok_live_4f9a8b7c6d5e',
      'fetch failed: client_secret: SEKRET',
      'fetch failed: DPoP eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln',
    ];
    expect(messages).toHaveLength(14);
    for (const message of messages) {
      const text = kept(new TypeError(message));
      for (const secret of SECRETS) expect(text, message).not.toContain(secret);
      expect(text, message).toContain('fetch failed');
    }
  });

  it('keeps a `code` only as an upper-case identifier', () => {
    const withCode = (code: unknown) =>
      (safeFetchCause(Object.assign(new TypeError('fetch failed'), { code })) as { code?: unknown })
        .code;
    expect(withCode('ECONNREFUSED')).toBe('ECONNREFUSED');
    expect(withCode('UND_ERR_CONNECT_TIMEOUT')).toBe('UND_ERR_CONNECT_TIMEOUT');
    expect(withCode('https://bob:hunter2@idp.example/?k=SEKRET')).toBeUndefined();
    expect(withCode('econnrefused alice@corp.example')).toBeUndefined();
    expect(withCode('')).toBeUndefined();
    expect(withCode(42)).toBeUndefined();
  });

  it('keeps a `name` only as an identifier, else `Error`', () => {
    const named = (name: string) => {
      const error = new TypeError('fetch failed');
      error.name = name;
      return safeFetchCause(error).name;
    };
    expect(named('TypeError')).toBe('TypeError');
    expect(named('ConnectTimeoutError')).toBe('ConnectTimeoutError');
    expect(named('Bearer eyJhbGciOiJSUzI1NiJ9')).toBe('Error');
    expect(named('https://bob:hunter2@idp.example/')).toBe('Error');
  });
});
