import { describe, expect, it } from 'vitest';
import { parseWwwAuthenticate } from './www-authenticate.js';

const read = (value: string) =>
  parseWwwAuthenticate(value)?.map(({ scheme, token68, params }) => ({
    scheme,
    token68,
    params: Object.fromEntries(params),
  }));

describe('parseWwwAuthenticate (RFC 9110 §11.6.1)', () => {
  it('reads the RFC example: two challenges, the second with a quoted string holding escapes', () => {
    expect(
      read('Basic realm="simple", Newauth realm="apps", type=1, title="Login to \\"apps\\""'),
    ).toEqual([
      { scheme: 'basic', token68: undefined, params: { realm: 'simple' } },
      {
        scheme: 'newauth',
        token68: undefined,
        params: { realm: 'apps', type: '1', title: 'Login to "apps"' },
      },
    ]);
  });

  it('reads token68 challenges, scheme-only challenges and lowercases names', () => {
    expect(read('Negotiate YII=, NTLM, Bearer REALM="a, b", Error=invalid_token')).toEqual([
      { scheme: 'negotiate', token68: 'YII=', params: {} },
      { scheme: 'ntlm', token68: undefined, params: {} },
      {
        scheme: 'bearer',
        token68: undefined,
        params: { realm: 'a, b', error: 'invalid_token' },
      },
    ]);
  });

  it('accepts BWS around "=", empty list elements and an empty quoted string', () => {
    expect(read(' , Bearer realm = "" ,, error =invalid_token , ')).toEqual([
      { scheme: 'bearer', token68: undefined, params: { realm: '', error: 'invalid_token' } },
    ]);
  });

  it('reads an empty value as no challenge', () => {
    expect(read('')).toEqual([]);
  });

  it.each([
    ['an unterminated quoted string', 'Bearer error="invalid_token'],
    ['text after a parameter without a comma', 'Bearer error=x junk'],
    ['a repeated parameter', 'Bearer error=x, ERROR=y'],
    ['a parameter without a scheme', '=x'],
    ['a control character in a quoted string', 'Bearer realm="a\u0001b"'],
    ['a token68 followed by parameters', 'Bearer abc= def=1'],
  ])('refuses %s', (_, value) => {
    expect(parseWwwAuthenticate(value)).toBeUndefined();
  });
});
