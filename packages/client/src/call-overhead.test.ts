import { noopLogger } from '@dual-auth/core';
import { createRecordingLogger } from '@dual-auth/testing';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { vendorTokens } from '../test/demo-api.js';
import { useDemoApis } from '../test/use-demo-apis.js';
import { InSessionApiCall } from './in-session-api-call.js';

// Work a call does on every request that raw fetch does not (issue 18: API call ≥ 0.9× raw
// fetch). Each test pins one piece of it, against a real API on loopback.
const api = useDemoApis();

afterEach(() => {
  vi.restoreAllMocks();
});

describe('per-call work stays off the hot path', () => {
  it('the answer gets no own properties: its bounded readers come from a shared prototype', async () => {
    const server = await api();
    const call = new InSessionApiCall({ fetch: server.fetch });
    const response = await call.callApi({ apiUrl: server.url, tokenResponse: vendorTokens.okta });
    expect(Object.getOwnPropertyNames(response)).toEqual([]);
    expect(response).toBeInstanceOf(
      Object.getPrototypeOf(Object.getPrototypeOf(response)).constructor,
    );
    expect(await response.json()).toEqual({ path: '/' });
  });

  it('a call whose logger says nothing builds no audit record (draws no request id)', async () => {
    const server = await api();
    const randomUUID = vi.spyOn(crypto, 'randomUUID');
    const silent = new InSessionApiCall({ fetch: server.fetch, logger: noopLogger });
    await (await silent.callApi({ apiUrl: server.url, tokenResponse: vendorTokens.okta })).text();
    expect(randomUUID).not.toHaveBeenCalled();

    const logger = createRecordingLogger();
    const logged = new InSessionApiCall({ fetch: server.fetch, logger });
    await (await logged.callApi({ apiUrl: server.url, tokenResponse: vendorTokens.okta })).text();
    expect(logger.records.filter((r) => r.event === 'dual_auth_decision')).toHaveLength(1);
  });

  it('one timer covers the request timeout and the call deadline', async () => {
    let armedBeforeSend: number | undefined;
    const server = await api();
    const setTimeoutSpy = vi.spyOn(globalThis, 'setTimeout');
    const call = new InSessionApiCall({
      fetch: (input, init) => {
        armedBeforeSend = setTimeoutSpy.mock.calls.length;
        return server.fetch(input, init);
      },
      timeoutMs: 5_000,
      totalTimeoutMs: 30_000,
    });
    const response = await call.callApi({ apiUrl: server.url, tokenResponse: vendorTokens.okta });
    await response.text();
    expect(armedBeforeSend).toBe(1);
  });

  it('a client reuses its last checked URL only for the same string: params and other URLs stay apart', async () => {
    const server = await api();
    const call = new InSessionApiCall({ fetch: server.fetch });
    const tokenResponse = vendorTokens.okta;
    const base = `${server.url}/accounts`;
    await (await call.callApi({ apiUrl: base, tokenResponse })).text();
    await (await call.callApi({ apiUrl: base, tokenResponse, params: { limit: 10 } })).text();
    await (await call.callApi({ apiUrl: base, tokenResponse })).text();
    await (await call.callApi({ apiUrl: `${server.url}/other`, tokenResponse })).text();
    await (await call.callApi({ apiUrl: `${base}?page=2`, tokenResponse })).text();
    await (await call.callApi({ apiUrl: `${base}?page=3`, tokenResponse })).text();
    await expect(
      call.callApi({ apiUrl: base.replace('https:', 'http:'), tokenResponse }),
    ).rejects.toThrow('apiUrl must use HTTPS');
    expect(server.requests.map((r) => r.path)).toEqual([
      '/accounts',
      '/accounts?limit=10',
      '/accounts',
      '/other',
      '/accounts?page=2',
      '/accounts?page=3',
    ]);
  });
});
