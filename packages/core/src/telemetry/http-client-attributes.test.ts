import { describe, expect, it } from 'vitest';
import { httpClientAttributes } from './http-client-attributes.js';

describe('httpClientAttributes', () => {
  it('gives url.full as the origin and the path routeForLogging trims: no email, id, query, fragment or path parameter', () => {
    const url = new URL(
      'https://user:pw@api.example:8443/users/jane.doe@corp.example/accounts/42;sid=s/balance?owner=jane.doe@corp.example#f',
    );
    expect(httpClientAttributes('GET', url, 1)).toEqual({
      'http.request.method': 'GET',
      'server.address': 'api.example',
      'server.port': 8443,
      'url.full': 'https://api.example:8443/users/:redacted/accounts/:redacted/balance',
      'http.request.resend_count': undefined,
    });
  });

  it('keeps a static path as it is', () => {
    const url = new URL('https://idp.example/oauth2/v2.0/token');
    expect(httpClientAttributes('POST', url, 2)['url.full']).toBe(
      'https://idp.example/oauth2/v2.0/token',
    );
  });
});
