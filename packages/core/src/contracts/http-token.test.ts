import { describe, expect, it } from 'vitest';
import { HTTP_TOKEN_CHAR, isHttpToken } from './http-token.js';

describe('isHttpToken', () => {
  it("accepts RFC 9110's tchar and nothing else", () => {
    expect(isHttpToken("!#$%&'*+-.^_`|~09AZaz")).toBe(true);
    for (const bad of ['', ' ', 'a b', 'a,b', 'a"b', 'a:b', 'a/b', 'é', 'a\u0000', 'a\n']) {
      expect(isHttpToken(bad)).toBe(false);
    }
    expect(new RegExp(`^${HTTP_TOKEN_CHAR}$`).test('-')).toBe(true);
  });
});
