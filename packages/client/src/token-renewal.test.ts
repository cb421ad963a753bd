import type { TokenProvider } from '@dual-auth/core';
import { describe, expect, it } from 'vitest';
import { countingProvider, fakeTime, type Reply, token } from '../test/demo-api.js';
import { useDemoApis } from '../test/use-demo-apis.js';
import { InSessionApiCall } from './in-session-api-call.js';

const api = useDemoApis();

const refused = (challenge: string): Reply => ({
  status: 401,
  headers: { 'www-authenticate': challenge },
});

describe('token freshness', () => {
  it('renews once and retries after a 401 Bearer error="invalid_token", even for POST', async () => {
    const server = await api((request) =>
      request.headers.authorization === 'Bearer tok-1'
        ? refused('Bearer realm="api", error="invalid_token", error_description="expired"')
        : { status: 200 },
    );
    const time = fakeTime();
    const { provider, calls } = countingProvider({ issuedAt: time.clock.now });
    const call = new InSessionApiCall({ fetch: server.fetch, ...time.options });
    const response = await call.callApi({
      method: 'POST',
      apiUrl: server.url,
      tokenProvider: provider,
      json: { n: 1 },
    });
    expect(response.status).toBe(200);
    expect(server.requests.map((r) => [r.headers.authorization, r.body])).toEqual([
      ['Bearer tok-1', '{"n":1}'],
      ['Bearer tok-2', '{"n":1}'],
    ]);
    expect(calls.map((c) => c.forceRefresh)).toEqual([false, true]);
    expect(time.sleeps).toEqual([]);
  });

  it('renews exactly once: a second invalid_token 401 is final', async () => {
    const server = await api(() => refused('Bearer error=invalid_token'));
    const time = fakeTime();
    const { provider, calls } = countingProvider({ issuedAt: time.clock.now });
    const call = new InSessionApiCall({ fetch: server.fetch, ...time.options });
    const error = await call
      .callApi({ apiUrl: server.url, tokenProvider: provider })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'ApiCallError', status: 401, attempts: 2 });
    expect(server.requests).toHaveLength(2);
    expect(calls.filter((c) => c.forceRefresh)).toHaveLength(1);
  });

  // The agent accepted a new delegation that the API's larger clock tolerance still refuses.
  it("says why the API refused in the final 401's error: its Bearer error and description", async () => {
    const description =
      "Access token was issued within 15 s of the human's cut-off (the clock tolerance); a new delegation is accepted from 2026-01-01T12:00:16.000Z";
    const server = await api(() =>
      refused(`Bearer realm="api", error="invalid_token", error_description="${description}"`),
    );
    const time = fakeTime();
    const { provider } = countingProvider({ issuedAt: time.clock.now });
    const call = new InSessionApiCall({ fetch: server.fetch, ...time.options });
    const error = await call
      .callApi({ apiUrl: `${server.url}/api/balance`, tokenProvider: provider })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      name: 'ApiCallError',
      status: 401,
      attempts: 2,
      message: `API call failed: GET ${server.url}/api/balance answered HTTP 401 after 2 attempt(s) (Bearer error invalid_token: ${description})`,
    });
    expect((error as Error).message).not.toMatch(/tok-\d/);
  });

  it.each([
    ['a 401 without invalid_token', refused('Bearer realm="api", error="insufficient_scope"')],
    ['a 401 with another scheme', refused('Basic realm="api", error="invalid_token"')],
    ['a 403', { status: 403 }],
  ] as const)('does not renew for %s', async (_, reply) => {
    const server = await api(() => reply);
    const time = fakeTime();
    const { provider, calls } = countingProvider({ issuedAt: time.clock.now });
    const call = new InSessionApiCall({ fetch: server.fetch, ...time.options });
    await expect(
      call.callApi({ apiUrl: server.url, tokenProvider: provider }),
    ).rejects.toMatchObject({
      attempts: 1,
    });
    expect(calls.map((c) => c.forceRefresh)).toEqual([false]);
  });

  it('cannot renew a fixed tokenResponse: the 401 is final', async () => {
    const server = await api(() => refused('Bearer error="invalid_token"'));
    const call = new InSessionApiCall({ fetch: server.fetch });
    await expect(
      call.callApi({ apiUrl: server.url, tokenResponse: token({ accessToken: 'fixed' }) }),
    ).rejects.toMatchObject({ status: 401, attempts: 1 });
  });

  it('renews a token that expires within the leeway before sending it', async () => {
    const server = await api();
    const time = fakeTime();
    // Issued 3590 s ago with a 3600 s lifetime: 10 s left, inside the 30 s leeway.
    const { provider, calls } = countingProvider({ issuedAt: () => time.clock.now() - 3_590_000 });
    const call = new InSessionApiCall({ fetch: server.fetch, ...time.options });
    await call.callApi({ apiUrl: server.url, tokenProvider: provider });
    expect(calls.map((c) => c.forceRefresh)).toEqual([false, true]);
    expect(server.requests.map((r) => r.headers.authorization)).toEqual(['Bearer tok-2']);
  });

  it('uses a token living less than the leeway for most of its life (20 s against 30 s)', async () => {
    const server = await api();
    const time = fakeTime();
    let cached = token({ accessToken: 'short-1', issuedAt: time.clock.now(), expiresIn: 20 });
    let forced = 0;
    const provider: TokenProvider = {
      async getToken({ forceRefresh }) {
        if (forceRefresh === true) {
          forced++;
          cached = token({
            accessToken: `short-${forced + 1}`,
            issuedAt: time.clock.now(),
            expiresIn: 20,
          });
        }
        return cached;
      },
    };
    const call = new InSessionApiCall({ fetch: server.fetch, ...time.options });
    for (let n = 0; n < 50; n++) {
      await (await call.callApi({ apiUrl: server.url, tokenProvider: provider })).text();
      time.advance(350);
    }
    // 50 calls over 17.5 s: renewed once, when 5 s (a quarter of 20 s) were left.
    expect(forced).toBe(1);
    expect(server.requests.at(-1)?.headers.authorization).toBe('Bearer short-2');
  });

  it('passes the caller signal to the provider and propagates its errors unchanged', async () => {
    const controller = new AbortController();
    const failure = new Error('idp down');
    let seen: AbortSignal | undefined;
    const call = new InSessionApiCall();
    await expect(
      call.callApi({
        apiUrl: 'https://api.example.com',
        signal: controller.signal,
        tokenProvider: {
          getToken: async ({ signal }) => {
            seen = signal;
            throw failure;
          },
        },
      }),
    ).rejects.toBe(failure);
    expect(seen).toBe(controller.signal);
  });

  it('refuses a provider result that is not a token', async () => {
    const call = new InSessionApiCall();
    await expect(
      call.callApi({
        apiUrl: 'https://api.example.com',
        tokenProvider: { getToken: async () => 'a string' as never },
      }),
    ).rejects.toThrow(
      new TypeError(
        'tokenProvider.getToken() result must be a DualSubjectToken (what requestToken resolves to), got a string: pass the token, not its accessToken',
      ),
    );
  });
});
