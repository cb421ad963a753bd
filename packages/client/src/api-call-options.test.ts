import { ConfigurationError } from '@dual-auth/core';
import { startHttpsServer, type TestHttpsServer } from '@dual-auth/testing';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { recordingLogger, vendorTokens } from '../test/demo-api.js';
import { InSessionAPICall, InSessionApiCall } from './in-session-api-call.js';
import { OutOfSessionAPICall, OutOfSessionApiCall } from './out-of-session-api-call.js';

const servers: TestHttpsServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

describe('units in option names (the Python guide used seconds)', () => {
  it.each([
    [
      { timeout: 30 },
      'timeout is not an option: pass timeoutMs in milliseconds (for 30 s, timeoutMs: 30_000)',
    ],
    [{ timeout: 30_000 }, 'InSessionAPICall and OutOfSessionAPICall take timeout in seconds'],
    [{ totalTimeout: 60_000 }, 'totalTimeout is not an option: pass totalTimeoutMs'],
    [{ expiryLeeway: 30_000 }, 'expiryLeeway is not an option: pass expiryLeewayMs'],
    [
      { timeoutMs: 30 },
      'options.timeoutMs must be in milliseconds: for 30 s pass 30_000 (values below 100 are refused as likely seconds)',
    ],
    [
      { timeoutMs: 99 },
      'options.timeoutMs must be in milliseconds: for 30 s pass 30_000 (values below 100 are refused as likely seconds)',
    ],
    [
      { totalTimeoutMs: 60 },
      'options.totalTimeoutMs must be in milliseconds: for 30 s pass 30_000 (values below 100 are refused as likely seconds)',
    ],
    [{ retry: { initialDelay: 10 } }, 'retry.initialDelay is now retry.baseDelayMs'],
    [{ retry: { backoffLimit: 10 } }, 'retry.backoffLimit is now retry.maxDelayMs'],
    [{ retry: { maxRetryAfter: 10 } }, 'retry.maxRetryAfter is now retry.maxRetryAfterMs'],
  ])('InSessionApiCall refuses %o at construction', (options, message) => {
    for (const Class of [InSessionApiCall, OutOfSessionApiCall]) {
      expect(() => new Class(options as never)).toThrow(TypeError);
      expect(() => new Class(options as never)).toThrow(message);
    }
  });

  it('takes timeoutMs from 100 ms, and the other durations with their unit in the name', () => {
    const call = new InSessionApiCall({
      timeoutMs: 100,
      totalTimeoutMs: 100,
      expiryLeewayMs: 0,
      retry: { limit: 1, baseDelayMs: 5, maxDelayMs: 10, maxRetryAfterMs: 20 },
    });
    expect(call.timeoutMs).toBe(100);
  });

  it("the Python-named classes take the guide's timeout in seconds", () => {
    const logger = recordingLogger();
    const inSession = new InSessionAPICall({ timeout: 30, logger });
    const outOfSession = new OutOfSessionAPICall({ timeout: 2.5 });
    expect(inSession.timeoutMs).toBe(30_000);
    expect(outOfSession.timeoutMs).toBe(2500);
    expect(new InSessionAPICall().timeoutMs).toBe(10_000);
    expect(new OutOfSessionAPICall({ timeoutMs: 4000 }).timeoutMs).toBe(4000);
    expect(inSession).toBeInstanceOf(InSessionApiCall);
    expect(outOfSession).toBeInstanceOf(OutOfSessionApiCall);
    expect(logger.events).toEqual([
      { event: 'insession_api_handler_init', fields: { timeout_ms: 30_000 } },
    ]);
  });

  it.each([
    [{ timeout: 30_000 }, 'timeout is seconds here, as in the Python guide (timeout: 30 is 30 s)'],
    [{ timeout: 0 }, 'timeout is seconds here'],
    [{ timeout: '30' }, 'timeout is seconds here'],
    [{ timeout: Number.NaN }, 'timeout is seconds here'],
    [
      { timeout: 30, timeoutMs: 30_000 },
      'pass timeout (seconds) or timeoutMs (milliseconds), not both',
    ],
  ])('the Python-named classes refuse %o', (options, message) => {
    for (const Class of [InSessionAPICall, OutOfSessionAPICall]) {
      expect(() => new Class(options as never)).toThrow(TypeError);
      expect(() => new Class(options as never)).toThrow(message);
    }
  });

  it('InSessionAPICall({ timeout: 5 }) waits seconds for a slow API, not 5 ms', async () => {
    const server = await startHttpsServer((_req, res) => {
      setTimeout(() => res.end('{"ok":true}'), 200);
    });
    servers.push(server);
    const call = new InSessionAPICall({ timeout: 5, fetch: server.fetch, retry: { limit: 0 } });
    const response = await call.callApi({ apiUrl: server.url, tokenResponse: vendorTokens.okta });
    expect(await response.json()).toEqual({ ok: true });
  });
});

describe.each([
  ['DUAL_AUTH_LOG', { DUAL_AUTH_LOG: 'jsn' }],
  ['DUAL_AUTH_LOG_LEVEL', { DUAL_AUTH_LOG: 'json', DUAL_AUTH_LOG_LEVEL: 'verbose' }],
])('a typo in %s given no logger', (variable, env) => {
  it.each([
    ['InSessionApiCall', () => new InSessionApiCall()],
    ['OutOfSessionApiCall', () => new OutOfSessionApiCall()],
    ['InSessionAPICall', () => new InSessionAPICall()],
    ['OutOfSessionAPICall', () => new OutOfSessionAPICall()],
  ])('fails the construction of %s with a ConfigurationError naming it', (_, build) => {
    for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
    expect(build).toThrow(ConfigurationError);
    expect(build).toThrow(expect.objectContaining({ variable }));
  });
});
