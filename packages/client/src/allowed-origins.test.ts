import { ConfigurationError, OriginRefusedError } from '@dual-auth/core';
import { describe, expect, it } from 'vitest';
import { vendorTokens } from '../test/demo-api.js';
import { useDemoApis } from '../test/use-demo-apis.js';
import { ApiCall } from './api-call.js';
import { InSessionAPICall } from './in-session-api-call.js';

const api = useDemoApis();

/** A token provider that counts how often a token was asked for. */
function countingProvider() {
  const asked = { count: 0 };
  return {
    asked,
    tokenProvider: {
      getToken: async () => {
        asked.count++;
        return vendorTokens.okta;
      },
    },
  };
}

describe('allowedOrigins: the token goes to the listed origins only', () => {
  it('refuses a URL of another origin with OriginRefusedError, before a token is asked for or anything is sent', async () => {
    const [bound, other] = [await api(), await api()];
    const { asked, tokenProvider } = countingProvider();
    const call = new ApiCall({ fetch: bound.fetch, allowedOrigins: [bound.url] });
    const refused = call.callApi({ apiUrl: `${other.url}/steal?x=1`, tokenProvider });
    await expect(refused).rejects.toBeInstanceOf(OriginRefusedError);
    await expect(refused).rejects.toThrow(/allowedOrigins/);
    await expect(refused).rejects.not.toThrow(/steal|x=1/);
    expect(other.requests).toHaveLength(0);
    expect(asked.count).toBe(0);
    const response = await call.callApi({ apiUrl: `${bound.url}/api`, tokenProvider });
    expect(response.status).toBe(200);
    expect(bound.requests[0]?.headers.authorization).toBe('Bearer okta.access.token');
  });

  it('compares scheme, host and port: the same host on another port is another origin', async () => {
    const bound = await api();
    const url = new URL(bound.url);
    const call = new ApiCall({ fetch: bound.fetch, allowedOrigins: [`${bound.url}/any/path`] });
    url.port = String(Number(url.port) === 65_535 ? 1 : Number(url.port) + 1);
    await expect(
      call.callApi({ apiUrl: url.href, tokenResponse: vendorTokens.okta }),
    ).rejects.toBeInstanceOf(OriginRefusedError);
    const sameOrigin = new URL('/other?q=1', bound.url);
    expect(
      (await call.callApi({ apiUrl: sameOrigin, tokenResponse: vendorTokens.okta })).status,
    ).toBe(200);
  });

  it('takes several origins, as strings or URLs, in the Python-named classes too', async () => {
    const [first, second] = [await api(), await api()];
    const call = new InSessionAPICall({
      timeout: 5,
      fetch: (input, init) =>
        String(input).startsWith(first.url) ? first.fetch(input, init) : second.fetch(input, init),
      allowedOrigins: [first.url, new URL(second.url)],
    });
    for (const server of [first, second]) {
      const response = await call.callApi({ apiUrl: server.url, tokenResponse: vendorTokens.okta });
      expect(response.status).toBe(200);
    }
  });

  // Attack review breaker14 B3: the origin check ran on apiUrl only, so a 307 from an allowed API
  // (or an open redirect on it) carried the method and JSON body to any HTTPS origin.
  it('refuses a redirect to an origin outside allowedOrigins: nothing is sent there, the body included', async () => {
    const elsewhere = await api();
    const bound = await api(() => ({
      status: 307,
      headers: { location: `${elsewhere.url}/collect?k=1` },
    }));
    const call = new ApiCall({
      fetch: (input, init) =>
        String(input).startsWith(bound.url)
          ? bound.fetch(input, init)
          : elsewhere.fetch(input, init),
      allowedOrigins: [bound.url],
    });
    const refused = call.callApi({
      apiUrl: `${bound.url}/transfer`,
      method: 'PUT',
      json: { iban: 'DE00 secret account', amount: 1000 },
      tokenResponse: vendorTokens.okta,
      throwHttpErrors: false,
    });
    await expect(refused).rejects.toBeInstanceOf(OriginRefusedError);
    await expect(refused).rejects.toThrow(
      'redirect Location refused: its origin is not in options.allowedOrigins',
    );
    await expect(refused).rejects.not.toThrow(/collect|k=1/);
    expect(elsewhere.requests).toEqual([]);
    // Refused, not retried (PUT is idempotent, so a retryable failure would be sent again).
    expect(bound.requests.map((request) => request.path)).toEqual(['/transfer']);
  });

  it('follows a redirect to another listed origin, without the credentials', async () => {
    const second = await api();
    const first = await api(() => ({
      status: 308,
      headers: { location: `${second.url}/moved` },
    }));
    const call = new ApiCall({
      fetch: (input, init) =>
        String(input).startsWith(first.url) ? first.fetch(input, init) : second.fetch(input, init),
      allowedOrigins: [first.url, second.url],
    });
    const response = await call.callApi({
      apiUrl: `${first.url}/old`,
      tokenResponse: vendorTokens.okta,
    });
    expect(response.status).toBe(200);
    expect(second.requests.map((request) => [request.path, request.headers.authorization])).toEqual(
      [['/moved', undefined]],
    );
  });

  it('without allowedOrigins, any HTTPS origin is called (the URL must not come from a model)', async () => {
    const server = await api();
    const call = new ApiCall({ fetch: server.fetch });
    expect(
      (await call.callApi({ apiUrl: server.url, tokenResponse: vendorTokens.okta })).status,
    ).toBe(200);
  });

  it.each([
    [[], TypeError, /one origin or more/],
    ['https://api.example.com', TypeError, /one origin or more/],
    [[42], TypeError, /allowedOrigins\[0\]/],
    [['http://api.example.com'], ConfigurationError, /HTTPS/],
    [['not a url'], ConfigurationError, /allowedOrigins\[0\]/],
  ])('refuses allowedOrigins %j at construction', (allowedOrigins, type, message) => {
    const create = () => new ApiCall({ allowedOrigins: allowedOrigins as never });
    expect(create).toThrow(type);
    expect(create).toThrow(message);
  });
});
