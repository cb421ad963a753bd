import { describe, expect, it } from 'vitest';
import type { TokenAnswer } from './post-token-form.js';
import { tokenUrlAdvice } from './token-url-advice.js';

const tokenUrl = new URL('https://kc.example/realms/r/protocol/openid-connect/token');
const hint = { variable: 'KEYCLOAK_TOKEN_URL' };
const answer = (status: number, headers: Record<string, string>, json = false): TokenAnswer => ({
  status,
  headers: new Headers(headers),
  body: json ? { kind: 'json', value: {} } : { kind: 'not-json' },
});

describe('tokenUrlAdvice', () => {
  it('names no origin for a browser’s opaque redirect (status 0) or a Location that is no URL', () => {
    const hidden =
      'the token endpoint redirected; redirects are not followed: check KEYCLOAK_TOKEN_URL';
    expect(tokenUrlAdvice(answer(0, {}), tokenUrl, hint)).toBe(hidden);
    expect(tokenUrlAdvice(answer(302, { location: 'http://[::1' }), tokenUrl, hint)).toBe(hidden);
    expect(tokenUrlAdvice(answer(303, { location: 'data:text/plain,x' }), tokenUrl, hint)).toBe(
      hidden,
    );
  });

  it('names the redirect’s origin only when it fits a DNS name’s (a 253-character host), so a hostile Location cannot make a long message', () => {
    const longest = `https://${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(61)}`;
    expect(tokenUrlAdvice(answer(302, { location: `${longest}/login?s=1` }), tokenUrl, hint)).toBe(
      `the token endpoint redirected to ${longest}; redirects are not followed: check KEYCLOAK_TOKEN_URL`,
    );
    const long = `https://${'a'.repeat(5000)}.example`;
    for (const location of [`${long}/login`, `blob:${long}/8c1e`]) {
      expect(tokenUrlAdvice(answer(302, { location }), tokenUrl, hint)).toBe(
        'the token endpoint redirected; redirects are not followed: check KEYCLOAK_TOKEN_URL',
      );
    }
  });

  it('says nothing about a JSON answer that is no redirect, and calls an empty JSON-typed body not JSON', () => {
    expect(tokenUrlAdvice(answer(400, {}, true), tokenUrl, hint)).toBeUndefined();
    expect(
      tokenUrlAdvice(answer(500, { 'content-type': 'application/problem+json' }), tokenUrl, hint),
    ).toBe('the token endpoint answered a body that is not JSON: check KEYCLOAK_TOKEN_URL');
  });
});
