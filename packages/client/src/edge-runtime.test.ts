// @vitest-environment edge-runtime
import { describe, expect, it } from 'vitest';
import { fakeTime, vendorTokens } from '../test/demo-api.js';
import { useDemoApis } from '../test/use-demo-apis.js';
import { InSessionApiCall } from './in-session-api-call.js';

const api = useDemoApis();

// The same client code with the edge runtime's fetch-family globals (Headers, Request, Response,
// AbortSignal, URL); the test servers stay Node ones.
describe('under the edge runtime globals', () => {
  it('calls the API with both credential headers', async () => {
    expect(typeof (globalThis as { EdgeRuntime?: unknown }).EdgeRuntime).toBe('string');
    const server = await api();
    const call = new InSessionApiCall({ fetch: server.fetch });
    const response = await call.callApi({
      apiUrl: `${server.url}/api`,
      tokenResponse: vendorTokens.entraid,
      params: { q: '1' },
    });
    expect(response.status).toBe(200);
    expect(server.requests[0]?.headers['x-act-assertion']).toBe('entra.act.assertion');
  });

  it('retries a 503, strips credentials on a cross-origin redirect and honours abort', async () => {
    const other = await api();
    const server = await api((_, index) =>
      index === 0 ? { status: 503 } : { status: 307, headers: { location: `${other.url}/x` } },
    );
    const time = fakeTime();
    const call = new InSessionApiCall({ fetch: server.fetch, ...time.options });
    const response = await call.callApi({
      apiUrl: server.url,
      tokenResponse: vendorTokens.entraid,
    });
    expect(response.status).toBe(200);
    expect(time.sleeps).toHaveLength(1);
    expect(other.requests[0]?.headers.authorization).toBeUndefined();
    expect(other.requests[0]?.headers['x-act-assertion']).toBeUndefined();
    await expect(
      call.callApi({
        apiUrl: server.url,
        tokenResponse: vendorTokens.okta,
        signal: AbortSignal.abort(),
      }),
    ).rejects.toMatchObject({ name: 'AbortError' });
  });
});
