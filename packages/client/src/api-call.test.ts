import { inspect } from 'node:util';
import { ApiCallError, ConfigurationError } from '@dual-auth/core';
import { createTestCa } from '@dual-auth/testing';
import { describe, expect, it } from 'vitest';
import { fakeTime, recordingLogger, token, vendorTokens } from '../test/demo-api.js';
import { useDemoApis } from '../test/use-demo-apis.js';
import { ApiCall } from './api-call.js';
import { InSessionAPICall, InSessionApiCall } from './in-session-api-call.js';
import { OutOfSessionApiCall } from './out-of-session-api-call.js';

const api = useDemoApis();

describe('credential headers', () => {
  it.each([
    ['keycloak', 'Bearer kc.access.token'],
    ['auth0', 'Bearer auth0.access.token'],
    ['okta', 'Bearer okta.access.token'],
  ] as const)('sends only Authorization for a %s token', async (vendor, authorization) => {
    const server = await api();
    const call = new InSessionApiCall({ fetch: server.fetch });
    const response = await call.callApi({
      apiUrl: `${server.url}/api`,
      tokenResponse: vendorTokens[vendor],
    });
    expect(response.status).toBe(200);
    const [request] = server.requests;
    expect(request?.method).toBe('GET');
    expect(request?.headers.authorization).toBe(authorization);
    expect(request?.headers['x-act-assertion']).toBeUndefined();
    expect(request?.body).toBe('');
  });

  it('sends the Entra ID two-header format: Authorization and X-Act-Assertion', async () => {
    const server = await api();
    const call = new OutOfSessionApiCall({ fetch: server.fetch });
    await call.callApi({ apiUrl: `${server.url}/api`, tokenResponse: vendorTokens.entraid });
    const headers = server.requests[0]?.headers;
    expect(headers?.authorization).toBe('Bearer entra.access.token');
    expect(headers?.['x-act-assertion']).toBe('entra.act.assertion');
    expect(headers?.accept).toBe('*/*');
  });

  it('spells a lowercase "bearer" token type as Bearer and keeps other schemes', async () => {
    const server = await api();
    const call = new InSessionApiCall({ fetch: server.fetch });
    await call.callApi({
      apiUrl: server.url,
      tokenResponse: token({ accessToken: 'a1', tokenType: 'bearer' }),
    });
    await call.callApi({
      apiUrl: server.url,
      tokenResponse: token({ accessToken: 'a2', tokenType: 'DPoP' }),
      headers: { DPoP: 'proof.for.a2' }, // a DPoP token goes with a proof (RFC 9449 §7.1)
    });
    expect(server.requests.map((r) => r.headers.authorization)).toEqual(['Bearer a1', 'DPoP a2']);
  });

  it('refuses caller headers that would replace a credential, and keeps the others', async () => {
    const server = await api();
    const call = new InSessionApiCall({ fetch: server.fetch });
    for (const name of ['Authorization', 'x-act-assertion']) {
      await expect(
        call.callApi({
          apiUrl: server.url,
          tokenResponse: vendorTokens.entraid,
          headers: { [name]: 'Bearer attacker' },
        }),
      ).rejects.toThrow(
        new TypeError(
          `headers must not set ${name.toLowerCase()}: the client sets credentials from the token`,
        ),
      );
    }
    await call.callApi({
      apiUrl: server.url,
      tokenResponse: vendorTokens.keycloak,
      headers: new Headers({ 'X-Request-Id': 'r-1' }),
    });
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]?.headers['x-request-id']).toBe('r-1');
  });

  it('refuses a token that would break the header, without echoing it', async () => {
    const call = new InSessionApiCall();
    const bad = token({ accessToken: 'secret\r\nX-Injected: 1' });
    const error = await call
      .callApi({ apiUrl: 'https://api.example.com', tokenResponse: bad })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
    expect(String(error)).not.toContain('secret');
  });
});

describe('requests', () => {
  it('GET appends params to the query the URL already has', async () => {
    const server = await api();
    const call = new InSessionApiCall({ fetch: server.fetch });
    await call.callApi({
      method: 'get',
      apiUrl: `${server.url}/accounts?region=eu`,
      tokenResponse: vendorTokens.okta,
      params: { limit: 10, active: true, tag: ['a', 'b c'], skip: undefined },
    });
    await call.callApi({
      apiUrl: `${server.url}/accounts`,
      tokenResponse: vendorTokens.okta,
      params: new URLSearchParams({ q: 'x&y' }),
    });
    expect(server.requests.map((r) => r.path)).toEqual([
      '/accounts?region=eu&limit=10&active=true&tag=a&tag=b+c',
      '/accounts?q=x%26y',
    ]);
  });

  it('POST sends json with Content-Type: application/json', async () => {
    const server = await api(() => ({ status: 201, body: '{"id":7}' }));
    const call = new OutOfSessionApiCall({ fetch: server.fetch });
    const response = await call.callApi({
      method: 'POST',
      apiUrl: `${server.url}/transfers`,
      tokenResponse: vendorTokens.auth0,
      json: { a: 1.5, b: 'é' },
    });
    expect(await response.json()).toEqual({ id: 7 });
    const [request] = server.requests;
    expect(request?.method).toBe('POST');
    expect(request?.headers['content-type']).toBe('application/json');
    expect(JSON.parse(request?.body ?? '')).toEqual({ a: 1.5, b: 'é' });
  });

  it('sends an empty object as {} and keeps a caller Content-Type', async () => {
    const server = await api();
    const call = new InSessionApiCall({ fetch: server.fetch });
    await call.callApi({
      method: 'PUT',
      apiUrl: server.url,
      tokenResponse: vendorTokens.keycloak,
      json: {},
    });
    await call.callApi({
      method: 'PATCH',
      apiUrl: server.url,
      tokenResponse: vendorTokens.keycloak,
      json: [{ op: 'add' }],
      headers: { 'content-type': 'application/json-patch+json' },
    });
    expect(server.requests.map((r) => [r.method, r.headers['content-type'], r.body])).toEqual([
      ['PUT', 'application/json', '{}'],
      ['PATCH', 'application/json-patch+json', '[{"op":"add"}]'],
    ]);
  });

  it.each([
    [{ method: 'FETCH' }, TypeError, 'method must be one of'],
    [{ method: 42 }, TypeError, 'method must be a string'],
    [{ method: 'POST', json: { n: 1n } }, TypeError, 'json must be JSON-serializable'],
    [{ method: 'GET', json: {} }, TypeError, 'json cannot be sent with GET'],
    [{ params: 'a=1' }, TypeError, 'params must be'],
    [{ params: { a: { nested: 1 } } }, TypeError, 'params.a must be'],
    [{ apiUrl: 'http://api.example.com/x' }, ConfigurationError, 'apiUrl must use HTTPS'],
    [{ apiUrl: 'http://127.0.0.1:1/x' }, ConfigurationError, 'allowInsecureLoopback'],
    [
      { apiUrl: 'not a url' },
      ConfigurationError,
      'apiUrl is not a URL: it must be an absolute HTTPS URL',
    ],
    [{ apiUrl: undefined }, TypeError, 'apiUrl must be a string'],
    [{ tokenResponse: undefined }, TypeError, 'callApi needs tokenResponse or tokenProvider'],
    [{ tokenResponse: { accessToken: 'x' } }, TypeError, 'tokenResponse.tokenType'],
    [
      { tokenResponse: undefined, tokenProvider: {} },
      TypeError,
      'tokenProvider must have a getToken() method',
    ],
    [{ signal: 'stop' }, TypeError, 'signal must be an AbortSignal'],
    [{ throwHttpErrors: 'no' }, TypeError, 'throwHttpErrors must be a boolean'],
  ])('refuses %o before sending anything', async (override, type, message) => {
    const server = await api();
    const call = new InSessionApiCall({ fetch: server.fetch });
    const args = { apiUrl: server.url, tokenResponse: vendorTokens.keycloak, ...override };
    const error = await call.callApi(args as never).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(type);
    expect((error as Error).message).toContain(message);
    expect(server.requests).toHaveLength(0);
  });

  it('refuses both tokenResponse and tokenProvider', async () => {
    const call = new InSessionApiCall();
    const both = {
      apiUrl: 'https://api.example.com',
      tokenResponse: vendorTokens.okta,
      tokenProvider: { getToken: async () => vendorTokens.okta },
    };
    await expect(call.callApi(both as never)).rejects.toThrow(
      'callApi takes tokenResponse or tokenProvider, not both',
    );
  });
});

describe('errors', () => {
  it('throws ApiCallError for a 4xx with status, method, URL without query and a readable body', async () => {
    const server = await api(() => ({ status: 403, body: '{"reason":"human not authorized"}' }));
    const call = new InSessionApiCall({ fetch: server.fetch });
    const error = await call
      .callApi({
        apiUrl: `${server.url}/accounts?owner=alice@example.com`,
        tokenResponse: vendorTokens.entraid,
      })
      .catch((e: unknown) => e);
    expect(ApiCallError.isInstance(error)).toBe(true);
    const apiError = error as ApiCallError;
    expect(apiError).toMatchObject({
      code: 'ERR_API_CALL',
      status: 403,
      method: 'GET',
      url: `${server.url}/accounts`,
      attempts: 1,
    });
    expect(await apiError.response?.json()).toEqual({ reason: 'human not authorized' });
    for (const text of [
      String(apiError),
      JSON.stringify(apiError),
      inspect(apiError),
      apiError.stack ?? '',
    ]) {
      expect(text).not.toContain('entra.access.token');
      expect(text).not.toContain('entra.act.assertion');
      expect(text).not.toContain('alice@example.com');
    }
  });

  it('returns any status as it is with throwHttpErrors: false', async () => {
    const server = await api(() => ({ status: 500, body: 'boom' }));
    const call = new InSessionApiCall({ fetch: server.fetch });
    const response = await call.callApi({
      apiUrl: server.url,
      tokenResponse: vendorTokens.okta,
      throwHttpErrors: false,
    });
    expect(response.status).toBe(500);
    expect(await response.text()).toBe('boom');
  });

  it('wraps a TLS failure (untrusted certificate) as a network ApiCallError', async () => {
    const server = await api();
    const other = await createTestCa();
    const { createTrustingFetch } = await import('@dual-auth/testing');
    const wrongTrust = createTrustingFetch(other.caPem);
    try {
      const call = new InSessionApiCall({ fetch: wrongTrust, retry: { limit: 0 } });
      const error = await call
        .callApi({ apiUrl: server.url, tokenResponse: vendorTokens.okta })
        .catch((e: unknown) => e);
      expect(ApiCallError.isInstance(error)).toBe(true);
      expect((error as ApiCallError).message).toContain('network error after 1 attempt(s)');
      expect((error as ApiCallError).status).toBeUndefined();
      expect(inspect(error)).not.toContain('okta.access.token');
      expect(server.requests).toHaveLength(0);
    } finally {
      await wrongTrust.dispatcher.destroy();
    }
  });
});

describe('TLS trust failures', () => {
  it('does not retry a certificate from an untrusted CA, and says how to trust one', async () => {
    const server = await api();
    const other = await createTestCa();
    const { createTrustingFetch } = await import('@dual-auth/testing');
    const wrongTrust = createTrustingFetch(other.caPem);
    const time = fakeTime();
    const logger = recordingLogger();
    try {
      const call = new InSessionApiCall({ fetch: wrongTrust, ...time.options, logger });
      const error = await call
        .callApi({ apiUrl: server.url, tokenResponse: vendorTokens.okta })
        .catch((e: unknown) => e);
      expect(ApiCallError.isInstance(error)).toBe(true);
      expect(error).toMatchObject({ reason: 'tls', attempts: 1, status: undefined });
      expect((error as Error).message).toMatch(
        /network error after 1 attempt\(s\): TLS certificate check failed \([A-Z_]+\): .*NODE_EXTRA_CA_CERTS=\/path\/ca\.pem.*pass a fetch that trusts it/,
      );
      expect(time.sleeps).toEqual([]);
      expect(logger.events.at(-1)).toMatchObject({
        event: 'api_call_ssl_error',
        fields: { failure: 'tls', attempts: 1 },
      });
      expect(server.requests).toHaveLength(0);
    } finally {
      await wrongTrust.dispatcher.destroy();
    }
  });
});

describe('logging and hooks', () => {
  it('reports every request with IAM ids, status, duration and attempt, never a secret', async () => {
    const server = await api((_, index) => (index === 0 ? { status: 503 } : { status: 200 }));
    const logger = recordingLogger();
    const states: unknown[] = [];
    const call = new InSessionApiCall({
      fetch: server.fetch,
      logger,
      retry: { baseDelayMs: 1 },
      hooks: {
        onRequestStart: (state) => states.push({ start: state }),
        onRequestEnd: (state) => states.push({ end: state }),
      },
    });
    await call.callApi({
      apiUrl: `${server.url}/api?email=alice@example.com`,
      tokenResponse: vendorTokens.entraid,
      identity: { agentId: 'agent-1', humanId: 'u-1' },
    });
    expect(states).toHaveLength(4);
    expect(states[3]).toMatchObject({
      end: {
        method: 'GET',
        url: `${server.url}/api`,
        attempt: 2,
        redirect: 0,
        agentId: 'agent-1',
        humanId: 'u-1',
        hasActAssertion: true,
        credentialsSent: true,
        status: 200,
        failure: undefined,
      },
    });
    expect(states[1]).toMatchObject({ end: { attempt: 1, status: 503 } });
    expect((states[3] as { end: { durationMs: number } }).end.durationMs).toBeGreaterThanOrEqual(0);
    expect(logger.events.map((e) => e.event)).toEqual([
      'insession_api_handler_init',
      // The identity names u-1 and agent-1, which the vendor's token does not record.
      'token_identity_unchecked',
      'api_call_start',
      'entraid_header_added',
      'api_call_retry',
      'api_call_complete',
      'dual_auth_decision',
    ]);
    expect(logger.events[5]?.fields).toMatchObject({
      agent_id: 'agent-1',
      human_id: 'u-1',
      status_code: 200,
      attempts: 2,
    });
    const everything = JSON.stringify([states, logger.events]);
    for (const secret of ['entra.access.token', 'entra.act.assertion', 'alice@example.com']) {
      expect(everything).not.toContain(secret);
    }
  });

  it('takes the identity from the token provider when the call names none', async () => {
    const server = await api();
    const ends: { agentId: string | undefined; humanId: string | undefined }[] = [];
    const call = new ApiCall({ fetch: server.fetch, hooks: { onRequestEnd: (s) => ends.push(s) } });
    await call.callApi({
      apiUrl: server.url,
      tokenProvider: {
        identity: { agentId: 'agent-9', humanId: '00u-9' },
        getToken: async () => vendorTokens.okta,
      },
    });
    expect(ends[0]).toMatchObject({ agentId: 'agent-9', humanId: '00u-9' });
  });

  it('logs the out-of-session init event and keeps the Python parity names', () => {
    const logger = recordingLogger();
    const call = new OutOfSessionApiCall({ logger, timeoutMs: 2500 });
    expect(call.timeoutMs).toBe(2500);
    expect(logger.events).toEqual([
      { event: 'outofsession_api_handler_init', fields: { timeout_ms: 2500 } },
    ]);
    expect(new InSessionAPICall()).toBeInstanceOf(InSessionApiCall);
  });
});

describe('options', () => {
  it.each([
    [{ timeoutMs: 0 }, 'options.timeoutMs must be a finite number > 0'],
    [{ timeoutMs: '10' }, 'options.timeoutMs must be a finite number > 0, got string'],
    [
      { timeoutMs: 100.5 },
      'options.timeoutMs must be a whole number of milliseconds up to 2147483647',
    ],
    [
      { totalTimeoutMs: 2 ** 31 },
      'options.totalTimeoutMs must be a whole number of milliseconds up to 2147483647',
    ],
    [{ expiryLeewayMs: -1 }, 'options.expiryLeewayMs must be a finite number >= 0'],
    [{ retry: { limit: -1 } }, 'retry.limit must be an integer from 0 to 10'],
    [{ retry: { methods: ['GET', 'BREW'] } }, 'retry.methods[] must be one of'],
    [{ retry: { statusCodes: [200] } }, 'retry.statusCodes must be'],
    [{ retry: 3 }, 'retry must be an object'],
    [{ maxRedirects: 1.5 }, 'options.maxRedirects must be an integer from 0 to 20'],
    [
      { allowInsecureLoopback: 'yes' },
      'options.allowInsecureLoopback must be a boolean, got string',
    ],
    [{ fetch: 'fetch' }, 'options.fetch must be a function, got string'],
    [{ clock: {} }, 'options.clock must be a Clock (an object with a now() method), got object'],
    [
      { hooks: { onRequestEnd: true } },
      'options.hooks.onRequestEnd must be a function, got boolean',
    ],
    [
      { logger: {} },
      'options.logger must be a Logger with debug, info, warn and error methods, got object',
    ],
    [
      { logger: { info: () => undefined } },
      'options.logger must be a Logger with debug, info, warn and error methods, got object',
    ],
    [{ random: 'r' }, 'options.random must be a function, got string'],
    [{ sleep: 1 }, 'options.sleep must be a function, got number'],
  ])('refuses %o with a TypeError', (options, message) => {
    expect(() => new InSessionApiCall(options as never)).toThrow(TypeError);
    expect(() => new InSessionApiCall(options as never)).toThrow(message);
  });
});
