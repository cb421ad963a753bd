import { describe, expect, it } from 'vitest';
import { type ServerDenial, serverDenialHeaders } from './server-denial.js';

// RFC 9728 §5.1's pointer goes on every challenge of the field (RFC 9110 §11.6.1), whatever
// guard wrote it: a custom guard's field is split by the grammar, not by guessing at commas.

const URL = 'https://mcp.example.com/.well-known/oauth-protected-resource/mcp';
const P = `resource_metadata="${URL}"`;

function challengeOf(field: string): string | null {
  const denial: ServerDenial = {
    status: 401,
    headers: { 'www-authenticate': field },
    body: { error_description: 'refused' },
  };
  return serverDenialHeaders(denial, URL).get('www-authenticate');
}

describe('serverDenialHeaders', () => {
  it.each([
    ['Bearer', `Bearer ${P}`],
    ['Bearer, DPoP algs="ES256"', `Bearer ${P}, DPoP algs="ES256", ${P}`],
    [
      'Bearer error="invalid_token", error_description="a, DPoP b", DPoP algs="ES256 PS256"',
      `Bearer error="invalid_token", error_description="a, DPoP b", ${P}, DPoP algs="ES256 PS256", ${P}`,
    ],
    [
      'Bearer realm="say \\"hi\\", Basic", DPoP',
      `Bearer realm="say \\"hi\\", Basic", ${P}, DPoP ${P}`,
    ],
    ['Negotiate abc==, Bearer', `Negotiate abc==, Bearer ${P}`],
    [', Bearer ,, DPoP algs=ES256', `Bearer ${P}, DPoP algs=ES256, ${P}`],
    [
      'Bearer error = "invalid_token" ,  scope=a',
      `Bearer error = "invalid_token" ,  scope=a, ${P}`,
    ],
  ])('%s', (field, expected) => {
    expect(challengeOf(field)).toBe(expected);
  });

  // RFC 9449 §9: a guard with dpop.nonce sends the nonce to use with its use_dpop_nonce refusal;
  // a browser client reads it only when it is exposed too.
  it('exposes DPoP-Nonce beside the challenge when the guard sent one', () => {
    const headers = serverDenialHeaders(
      {
        status: 401,
        headers: { 'www-authenticate': 'DPoP error="use_dpop_nonce"', 'dpop-nonce': 'n-1' },
        body: { error: 'use_dpop_nonce', error_description: 'nonce' },
      },
      URL,
    );
    expect(headers.get('dpop-nonce')).toBe('n-1');
    expect(headers.get('access-control-expose-headers')).toBe('WWW-Authenticate, DPoP-Nonce');
  });

  it('leaves a denial without a challenge as it is', () => {
    const headers = serverDenialHeaders(
      { status: 503, headers: {}, body: { error_description: 'unavailable' } },
      URL,
    );
    expect(headers.get('www-authenticate')).toBeNull();
    expect(headers.get('access-control-expose-headers')).toBeNull();
  });
});
