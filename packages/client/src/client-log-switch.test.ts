import { afterEach, describe, expect, it, vi } from 'vitest';
import { logSwitchReads } from '../../core/test/log-switch-reads.js';
import { fakeTime, vendorTokens } from '../test/demo-api.js';
import { useDemoApis } from '../test/use-demo-apis.js';
import { InSessionApiCall } from './in-session-api-call.js';

const api = useDemoApis();

afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

// Session 33 (wave33/apicall): every callApi of a client built without a logger read
// DUAL_AUTH_LOG from process.env (a C++ call on Node), about 0.3-0.5 µs of each call's own work.
describe('client: the DUAL_AUTH_LOG switch of a client built without a logger', () => {
  it('is read once a second of its clock, not once per call', async () => {
    const server = await api();
    const time = fakeTime();
    const call = new InSessionApiCall({ fetch: server.fetch, ...time.options });
    const calls = async () => {
      for (let i = 0; i < 5; i++) {
        await call.callApi({ apiUrl: server.url, tokenResponse: vendorTokens.okta });
      }
    };
    const reads = await logSwitchReads(async () => {
      await calls();
      time.advance(1000);
      await calls();
    });
    expect(reads).toBe(2);
  }, 30_000);

  it('follows a change of DUAL_AUTH_LOG once its clock moved on a second', async () => {
    const server = await api();
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    const time = fakeTime();
    vi.stubEnv('DUAL_AUTH_LOG', 'off');
    const call = new InSessionApiCall({ fetch: server.fetch, ...time.options });
    await call.callApi({ apiUrl: server.url, tokenResponse: vendorTokens.okta });
    vi.stubEnv('DUAL_AUTH_LOG', 'json');
    await call.callApi({ apiUrl: server.url, tokenResponse: vendorTokens.okta });
    expect(log).not.toHaveBeenCalled();
    time.advance(1000);
    await call.callApi({ apiUrl: server.url, tokenResponse: vendorTokens.okta });
    const events = log.mock.calls.map(([line]) => JSON.parse(String(line)).event);
    expect(events).toContain('api_call_start');
  }, 30_000);
});
