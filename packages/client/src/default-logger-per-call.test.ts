import { setDefaultLogger } from '@dual-auth/core';
import { createRecordingLogger } from '@dual-auth/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { fakeTime, vendorTokens } from '../test/demo-api.js';
import { useDemoApis } from '../test/use-demo-apis.js';
import { InSessionApiCall } from './in-session-api-call.js';

const api = useDemoApis();

afterEach(() => setDefaultLogger(undefined));

describe('client: a client built without a logger', () => {
  it("logs each call to the default logger's target at that call, when it changes between calls", async () => {
    const server = await api();
    const call = new InSessionApiCall({ fetch: server.fetch, ...fakeTime().options });
    const first = createRecordingLogger();
    const second = createRecordingLogger();
    const started = (logger: typeof first) =>
      logger.records.filter((record) => record.event === 'api_call_start').length;

    setDefaultLogger(first);
    await call.callApi({ apiUrl: server.url, tokenResponse: vendorTokens.okta });
    await call.callApi({ apiUrl: server.url, tokenResponse: vendorTokens.okta });
    expect([started(first), started(second)]).toEqual([2, 0]);

    setDefaultLogger(second);
    await call.callApi({ apiUrl: server.url, tokenResponse: vendorTokens.okta });
    expect([started(first), started(second)]).toEqual([2, 1]);

    setDefaultLogger(first);
    await call.callApi({ apiUrl: server.url, tokenResponse: vendorTokens.okta });
    expect([started(first), started(second)]).toEqual([3, 1]);
  });
});
