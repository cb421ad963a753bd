import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import {
  failure,
  messages,
  SECRET,
  tokenEndpointHarness,
} from '../../test/token-endpoint-harness.js';
import type { Reply } from '../../test/token-server.js';
import { ConfigurationError } from '../errors/configuration-error.js';
import { requestTokenEndpoint } from './request-token-endpoint.js';

const harness = tokenEndpointHarness();
const { run } = harness;

describe('requestTokenEndpoint: success', () => {
  it('POSTs the form with the reference headers and returns the token JSON', async () => {
    const { call } = await run([{ body: { access_token: 'AT', expires_in: 300 } }]);
    expect(await call).toEqual({ access_token: 'AT', expires_in: 300 });
    const [request] = harness.server()?.requests ?? [];
    expect(request?.method).toBe('POST');
    expect(request?.path).toBe('/realms/r/protocol/openid-connect/token');
    expect(request?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(request?.headers.accept).toBe('application/json');
    expect(request?.body).toBe(`grant_type=client_credentials&client_secret=${SECRET}&attempt=1`);
  });

  it('sends the Accept header it is told to (Entra ID: */*)', async () => {
    const { call } = await run([{ body: { access_token: 'AT' } }], { accept: '*/*' });
    await call;
    expect(harness.server()?.requests[0]?.headers.accept).toBe('*/*');
  });
});

describe('requestTokenEndpoint: error answers', () => {
  it.each([
    [400, 'Bad request', 'invalid_request'],
    [401, 'Authentication failed', 'invalid_client'],
    [403, 'Access forbidden', 'unauthorized_client'],
  ])(
    'maps %i to the reference message, keeps status and IdP code, no retry',
    async (status, text, code) => {
      const { call, forms, logged } = await run([
        { status, body: { error: code, error_description: `  ${code} said\n the IdP  ` } },
      ]);
      const e = await failure(call);
      expect(e.message).toBe(`Token request failed (HTTP ${status}): ${text}`);
      expect(e).toMatchObject({ status, vendor: 'keycloak', error: code, retryable: false });
      expect(e.errorDescription).toBe(`${code} said  the IdP`);
      expect(forms).toEqual([1]);
      expect(logged).toContainEqual({
        level: 'error',
        event: 'keycloak_token_error',
        fields: { status_code: status, error_type: code, error_codes: undefined },
      });
      expect(JSON.stringify(logged)).not.toContain(SECRET);
    },
  );

  it('logs the IdP error as error_type only when it is a known OAuth code, else other', async () => {
    const free = await run([
      { status: 400, body: { error: 'invalid_grant alice@example.com', error_description: 'x' } },
    ]);
    await failure(free.call);
    expect(free.logged).toContainEqual({
      level: 'error',
      event: 'keycloak_token_error',
      fields: { status_code: 400, error_type: 'other', error_codes: undefined },
    });
    expect(JSON.stringify(free.logged)).not.toContain('alice@example.com');
    await harness.close();
    const known = await run([{ status: 400, body: { error: 'interaction_required' } }]);
    await failure(known.call);
    expect(known.logged).toContainEqual({
      level: 'error',
      event: 'keycloak_token_error',
      fields: { status_code: 400, error_type: 'interaction_required', error_codes: undefined },
    });
  });

  it('uses the other-status message with unknown_error or parse_error', async () => {
    const first = await run([{ status: 418, body: { nothing: true } }]);
    expect((await failure(first.call)).message).toBe(
      'Token request failed (HTTP 418): Keycloak error (418): unknown_error',
    );
    await harness.close();
    const second = await run([{ status: 502, body: '<html>bad gateway</html>' }], { retry: false });
    const e = await failure(second.call);
    expect(e.message).toBe(
      'Token request failed (HTTP 502): Keycloak error (502): the token endpoint answered a body that is not JSON: check the token URL',
    );
    expect(e.retryable).toBe(true);
    expect(second.logged).toContainEqual({
      level: 'error',
      event: 'keycloak_token_error',
      fields: { status_code: 502, error_type: 'parse_error', error_codes: undefined },
    });
  });

  it('logs a vendor code only when it is code-shaped: a login in errorCode is other', async () => {
    // Remote free text like `error`: the IdP may put who it was asked about in a vendor code.
    const okta = await run([
      { status: 400, body: { errorCode: 'jane.victim', errorSummary: 'x' } },
    ]);
    expect((await failure(okta.call)).vendorCodes).toEqual(['jane.victim']);
    expect(okta.logged).toContainEqual({
      level: 'error',
      event: 'keycloak_token_error',
      fields: { status_code: 400, error_type: 'unknown_error', error_codes: ['other'] },
    });
    await harness.close();
    const entra = await run([
      {
        status: 400,
        body: {
          error: 'invalid_grant',
          error_codes: [50011, 'E0000004', 'Jane Victim', 'invalid_client'],
        },
      },
    ]);
    await failure(entra.call);
    expect(entra.logged).toContainEqual({
      level: 'error',
      event: 'keycloak_token_error',
      fields: {
        status_code: 400,
        error_type: 'invalid_grant',
        error_codes: [50011, 'E0000004', 'other', 'invalid_client'],
      },
    });
    expect(JSON.stringify([okta.logged, entra.logged])).not.toMatch(/jane|victim/i);
  });

  it('keeps Okta errorCode and Entra error_codes', async () => {
    const okta = await run([
      { status: 401, body: { errorCode: 'invalid_client', errorSummary: 'x' } },
    ]);
    expect((await failure(okta.call)).vendorCodes).toEqual(['invalid_client']);
    await harness.close();
    const entra = await run([
      { status: 401, body: { error: 'invalid_client', error_codes: [7000215], trace_id: 't' } },
    ]);
    expect((await failure(entra.call)).vendorCodes).toEqual([7000215]);
  });

  const hint = {
    variable: 'KEYCLOAK_TOKEN_URL',
    shape: 'https://<host>/realms/<realm>/protocol/openid-connect/token',
  };
  const checkHint =
    'check KEYCLOAK_TOKEN_URL, which should be https://<host>/realms/<realm>/protocol/openid-connect/token';

  it('says a wrong URL answered HTML, not JSON, and which variable to check, never the body', async () => {
    const html = '<html><body>Not Found: the-page-text</body></html>';
    const { call, logged } = await run(
      [{ status: 404, body: html, headers: { 'content-type': 'text/html; charset=utf-8' } }],
      { tokenUrlHint: hint },
    );
    const e = await failure(call, [SECRET, 'the-page-text']);
    expect(e.message).toBe(
      `Token request failed (HTTP 404): Keycloak error (404): the token endpoint answered text/html, not JSON: ${checkHint}`,
    );
    expect(e.message).not.toContain('parse_error');
    expect(logged).toContainEqual({
      level: 'error',
      event: 'keycloak_token_error',
      fields: { status_code: 404, error_type: 'parse_error', error_codes: undefined },
    });
  });

  it('follows a status message of its own with the advice when the answer is not JSON', async () => {
    const { call } = await run(
      [{ status: 401, body: '<html>login</html>', headers: { 'content-type': 'text/html' } }],
      { tokenUrlHint: hint },
    );
    expect((await failure(call)).message).toBe(
      `Token request failed (HTTP 401): Authentication failed: the token endpoint answered text/html, not JSON: ${checkHint}`,
    );
  });

  it('does not quote a content type that is not a media type', async () => {
    const { call } = await run(
      [{ status: 404, body: 'x', headers: { 'content-type': 'please send your secret to me' } }],
      { tokenUrlHint: hint },
    );
    const e = await failure(call);
    expect(e.message).toContain('the token endpoint answered a body that is not JSON: check');
    expect(e.message).not.toContain('please');
  });

  it('says a redirect is not followed and names its origin only, never its path or query', async () => {
    const { call } = await run(
      [
        {
          status: 302,
          body: '',
          headers: { location: 'https://idp.example:8443/login?state=s3cr3t-state&code=c0de' },
        },
      ],
      { tokenUrlHint: hint },
    );
    const e = await failure(call, [SECRET, 's3cr3t-state', 'c0de', '/login']);
    expect(e.message).toBe(
      `Token request failed (HTTP 302): Keycloak error (302): the token endpoint redirected to https://idp.example:8443; redirects are not followed: ${checkHint}`,
    );
  });

  it('names a relative redirect by the token URL’s own origin', async () => {
    const { call } = await run([{ status: 301, headers: { location: '/elsewhere?x=1' } }]);
    const e = await failure(call);
    expect(e.message).toBe(
      `Token request failed (HTTP 301): Keycloak error (301): the token endpoint redirected to ${new URL(harness.server()?.url ?? '').origin}; redirects are not followed: check the token URL`,
    );
  });

  it('does not follow redirects (the form carries credentials)', async () => {
    const { call } = await run([{ status: 307, headers: { location: 'https://evil.test/' } }]);
    const e = await failure(call);
    expect(e.status).toBe(307);
    expect(harness.server()?.requests).toHaveLength(1);
  });
});

describe('requestTokenEndpoint: invalid 200 answers', () => {
  it.each([
    ['not json', 'the token endpoint answered a body that is not JSON: check the token URL'],
    ['[1,2]', 'body is not a JSON object'],
    ['"AT"', 'body is not a JSON object'],
    ['{"token_type":"Bearer"}', 'no access_token'],
    ['{"access_token":""}', 'no access_token'],
    ['{"access_token":42}', 'no access_token'],
    [
      '{"access_token":"AT","expires_in":0}',
      "expires_in is 0: the IdP issued a token that is already expired; check the client's access-token lifespan on the IdP",
    ],
  ])('%s → %s, not retried', async (body, detail) => {
    const { call, forms } = await run([{ body }]);
    const e = await failure(call);
    expect(e.message).toBe(
      `Token request failed (HTTP 200): Invalid response from Keycloak: ${detail}`,
    );
    expect(e.retryable).toBe(false);
    expect(forms).toEqual([1]);
  });

  it('says a 200 HTML page (a proxy’s login page) is not JSON and which variable to check', async () => {
    const { call, logged } = await run(
      [{ body: '<html>sign in</html>', headers: { 'content-type': 'text/html' } }],
      { tokenUrlHint: { variable: 'OKTA_TOKEN_URL' } },
    );
    const e = await failure(call, [SECRET, 'sign in']);
    expect(e.message).toBe(
      'Token request failed (HTTP 200): Invalid response from Keycloak: the token endpoint answered text/html, not JSON: check OKTA_TOKEN_URL',
    );
    expect(logged).toContainEqual({
      level: 'error',
      event: 'keycloak_response_error',
      fields: { status_code: 200, error_type: 'body is not JSON' },
    });
  });

  it('refuses an oversized body without buffering it', async () => {
    const { call } = await run([{ body: { access_token: 'x'.repeat(5000) } }], {
      maxResponseBytes: 1000,
    });
    expect((await failure(call)).message).toContain('body too large');
  });
});

describe('requestTokenEndpoint: retries', () => {
  it('retries 5xx with backoff and a fresh form each attempt, then succeeds', async () => {
    const { call, forms, sleeps } = await run(
      [{ status: 503 }, { status: 500 }, { body: { access_token: 'AT' } }],
      { random: () => new Uint8Array([255, 255]) },
    );
    expect(await call).toEqual({ access_token: 'AT' });
    expect(forms).toEqual([1, 2, 3]);
    expect(harness.server()?.requests.map((r) => r.body.slice(-9))).toEqual([
      'attempt=1',
      'attempt=2',
      'attempt=3',
    ]);
    expect(sleeps).toEqual([1000, 2000]);
  });

  it('gives up after the retries with the last status, retryable', async () => {
    const { call, sleeps } = await run([{ status: 502 }], {
      retry: { limit: 2, baseDelayMs: 100 },
      random: () => new Uint8Array([0, 0]),
    });
    const e = await failure(call);
    expect(e.status).toBe(502);
    expect(e.retryable).toBe(true);
    expect(sleeps).toEqual([50, 100]);
    expect(harness.server()?.requests).toHaveLength(3);
  });

  it('honours Retry-After (seconds or HTTP date) up to the cap', async () => {
    const { call, sleeps } = await run(
      [
        { status: 429, headers: { 'retry-after': '2' } },
        // An HTTP date counts from the answer's Date (the server's clock), here the call's clock.
        {
          status: 503,
          headers: {
            date: new Date(7_000).toUTCString(),
            'retry-after': new Date(10_000).toUTCString(),
          },
        },
        { body: { access_token: 'AT' } },
      ],
      { clock: { now: () => 7_000 } },
    );
    await call;
    expect(sleeps).toEqual([2000, 3000]);
  });

  it('does not retry when Retry-After asks for longer than the cap, and says so', async () => {
    const { call, sleeps } = await run([{ status: 429, headers: { 'retry-after': '120' } }]);
    const e = await failure(call);
    expect(e).toMatchObject({ status: 429, retryAfterMs: 120_000, retryable: true });
    expect(sleeps).toEqual([]);
  });

  it('never retries invalid_client or invalid_grant, even on a retryable status', async () => {
    const { call } = await run([{ status: 503, body: { error: 'invalid_client' } }]);
    expect((await failure(call)).retryable).toBe(false);
    expect(harness.server()?.requests).toHaveLength(1);
  });

  it('retries a dropped connection, then reports a network error without status', async () => {
    const { call, logged } = await run([{ reset: true }], { retry: { limit: 1 } });
    const e = await failure(call);
    expect(e.status).toBeUndefined();
    expect(e.message).toMatch(/^Token request failed: Network error connecting to Keycloak: /);
    expect(harness.server()?.requests).toHaveLength(2);
    expect(logged.filter((l) => l.event === 'keycloak_network_error')).toHaveLength(2);
  });

  it('makes one attempt with retry: false', async () => {
    const { call } = await run([{ status: 503 }], { retry: false });
    await failure(call);
    expect(harness.server()?.requests).toHaveLength(1);
  });
});

describe('requestTokenEndpoint: what a failed fetch leaves in the error', () => {
  it('keeps name, code and message of the fetch error chain, never the request it holds', async () => {
    // Like ky's HTTPError: the thrown error carries the request options, form included.
    const fetch = async (_url: unknown, init?: RequestInit): Promise<Response> => {
      const socket = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), {
        code: 'ECONNREFUSED',
      });
      throw Object.assign(new TypeError('fetch failed', { cause: socket }), {
        options: { body: init?.body, headers: init?.headers },
      });
    };
    const { call } = await run([{ body: { access_token: 'AT' } }], { fetch, retry: false });
    const e = await failure(call);
    expect(e.message).toMatch(
      /^Token request failed: Network error connecting to Keycloak: no answer from 127\.0\.0\.1:\d+ \(ECONNREFUSED\): check that the IdP serves HTTPS there/,
    );
    const cause = e.cause as Error & { cause?: Error & { code?: string } };
    expect(cause).toBeInstanceOf(Error);
    expect(cause.name).toBe('TypeError');
    expect(cause.message).toBe('fetch failed');
    expect(cause.cause?.code).toBe('ECONNREFUSED');
    expect(Object.keys(cause)).not.toContain('options');
    expect(inspect(cause, { depth: 10, showHidden: true })).not.toContain(SECRET);
  });
});

describe('requestTokenEndpoint: time limits and abort', () => {
  it('times out an attempt that gets no answer', async () => {
    const { call } = await run([{ hang: true }], { timeoutMs: 100, retry: false });
    const e = await failure(call);
    expect(e.message).toMatch(
      /^Token request failed: Network error connecting to Keycloak: no answer within 100 ms \(timeoutMs\)/,
    );
  });

  it('rejects with the abort reason and stops retrying', async () => {
    const controller = new AbortController();
    const reason = new Error('caller gave up');
    // Aborted once the server holds the request, not after a fixed time a busy machine may miss.
    const hangAndAbort = (): Reply => {
      controller.abort(reason);
      return { hang: true };
    };
    const { call } = await run(hangAndAbort, { signal: controller.signal });
    await expect(call).rejects.toBe(reason);
    expect(harness.server()?.requests).toHaveLength(1);
  });

  it('aborts during a backoff wait', async () => {
    const controller = new AbortController();
    const { call } = await run([{ status: 503 }], {
      signal: controller.signal,
      sleep: (_ms, signal) =>
        new Promise((_, reject) => {
          controller.abort(new Error('stop'));
          reject(signal?.reason);
        }),
    });
    await expect(call).rejects.toThrow('stop');
  });

  it('sends nothing when the signal aborts while the form is being built (signing)', async () => {
    const controller = new AbortController();
    const reason = new Error('gave up while signing');
    const { call } = await run([{ hang: true }], {
      signal: controller.signal,
      timeoutMs: 60_000,
      buildForm: () => {
        controller.abort(reason);
        return [['grant_type', 'client_credentials']];
      },
    });
    await expect(call).rejects.toBe(reason);
    expect(harness.server()?.requests).toHaveLength(0);
  });

  it('sends nothing when the signal is already aborted', async () => {
    const { call } = await run([{ body: { access_token: 'AT' } }], {
      signal: AbortSignal.abort(new Error('early')),
    });
    await expect(call).rejects.toThrow('early');
    expect(harness.server()?.requests).toHaveLength(0);
  });
});

describe('requestTokenEndpoint: HTTPS only', () => {
  it('refuses http:// unless loopback is opted in', async () => {
    const base = { vendor: 'okta' as const, messages, buildForm: () => [] };
    await expect(
      requestTokenEndpoint({
        ...base,
        tokenUrl: 'http://idp.example/token',
        allowInsecureLoopback: true,
      }),
    ).rejects.toThrow(ConfigurationError);
    await expect(
      requestTokenEndpoint({ ...base, tokenUrl: 'http://127.0.0.1:1/token' }),
    ).rejects.toThrow('tokenUrl must use HTTPS');
  });

  it('refuses a form it cannot encode as caller error, not a retried network error', async () => {
    const forms: number[] = [];
    const { call } = await run([{ body: { access_token: 'AT' } }], {
      buildForm: ({ attempt }) => {
        forms.push(attempt);
        return [['scope', 'finance.read \uD800']];
      },
    });
    const error = await call.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toBe("form field 'scope' is not well-formed Unicode");
    expect(forms).toEqual([1]);
    expect(harness.server()?.requests).toHaveLength(0);
  });

  it('refuses a bad maxResponseBytes with a TypeError before sending anything', async () => {
    const { call } = await run([{ body: { access_token: 'AT' } }], { maxResponseBytes: -1 });
    await expect(call).rejects.toThrow(
      new TypeError('options.maxResponseBytes must be a finite number > 0'),
    );
    expect(harness.server()?.requests).toHaveLength(0);
  });

  it('throws TypeError without buildForm', async () => {
    await expect(
      requestTokenEndpoint({ vendor: 'okta', messages, tokenUrl: 'https://x' } as never),
    ).rejects.toThrow(TypeError);
  });
});

describe('requestTokenEndpoint: deadlineAt, one deadline for a multi-step request', () => {
  it('sends nothing when the operation has spent its time before this step', async () => {
    const clock = { now: () => 5_000 };
    const { call, forms } = await run([{ body: { access_token: 'AT' } }], {
      clock,
      deadlineAt: 5_000,
    });
    const e = await failure(call);
    expect(e.message).toContain('No token from Keycloak within totalTimeoutMs (120000 ms)');
    expect(forms).toEqual([]);
  });

  it('gives the form builder the deadline to pass on: the earlier of deadlineAt and totalTimeoutMs', async () => {
    const seen: number[] = [];
    const clock = { now: () => 5_000 };
    const buildForm = ({ deadlineAt }: { deadlineAt: number }) => {
      seen.push(deadlineAt);
      return [['grant_type', 'client_credentials']] as [string, string][];
    };
    await (await run([{ body: { access_token: 'AT' } }], { clock, deadlineAt: 6_000, buildForm }))
      .call;
    await (await run([{ body: { access_token: 'AT' } }], { clock, buildForm })).call;
    expect(seen).toEqual([6_000, 125_000]);
  });
});
