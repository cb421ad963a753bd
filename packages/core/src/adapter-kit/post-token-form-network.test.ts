import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { failure, SECRET, tokenEndpointHarness } from '../../test/token-endpoint-harness.js';

// Mend (Session 17, mend17): a token request that got no answer told library users "Network error
// connecting to Keycloak: TypeError" (undici's `fetch failed` has no code of its own), or a bare
// code. It now names the cause as `dual-auth doctor` does (connection refused, host not found, a
// TLS handshake, a timeout…), with the token URL's host and port, never its path or query, and
// says what to check; still a retryable TokenRequestError keeping the fetch failure as `cause`.
// Slim (Session 18, slim18): the message ships in every application's bundle, so it names the
// runtime's code, host and port and what to check in one line, and leaves the per-cause
// explanation to `dual-auth doctor` (packages/cli/src/doctor/network-failure.ts), which it names.
const CHECK =
  'check that the IdP serves HTTPS there and that the token URL names its host and port (dual-auth doctor says why)';

const harness = tokenEndpointHarness();
const QUERY_SECRET = 'tenant-key-in-the-query';

/** A loopback port nothing listens on: one the system gave, then closed. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

// The harness's call with another token URL (its own server left unasked), one attempt.
function call(tokenUrl: string, fetch?: typeof globalThis.fetch): Promise<unknown> {
  const extra = { tokenUrl, retry: false as const, ...(fetch === undefined ? {} : { fetch }) };
  return harness.run([], extra).then((run) => run.call);
}

describe('requestTokenEndpoint: a token endpoint that gave no answer', () => {
  it('names a refused connection with host and port, never the path or query', async () => {
    const port = await closedPort();
    const e = await failure(
      call(`http://127.0.0.1:${port}/realms/hidden-realm/token?key=${QUERY_SECRET}`),
      [SECRET, QUERY_SECRET, 'hidden-realm'],
    );
    expect(e.message).toBe(
      `Token request failed: Network error connecting to Keycloak: no answer from 127.0.0.1:${port} (ECONNREFUSED): ${CHECK}`,
    );
    expect(e).toMatchObject({ retryable: true, status: undefined });
    expect((e.cause as Error).message).toBe('fetch failed');
  });

  it('names a port fetch never connects to, not "TypeError"', async () => {
    const e = await failure(call('http://127.0.0.1:6000/token'));
    expect(e.message).toBe(
      `Token request failed: Network error connecting to Keycloak: no answer from 127.0.0.1:6000 (a blocked port fetch never connects to): ${CHECK}`,
    );
    expect(e.message).not.toMatch(/TypeError/);
  });

  it('names a host the DNS does not know', async () => {
    const fetch = async (): Promise<Response> => {
      const dns = Object.assign(new Error('getaddrinfo ENOTFOUND idp.example.invalid'), {
        code: 'ENOTFOUND',
      });
      throw new TypeError('fetch failed', { cause: dns });
    };
    const e = await failure(call('https://idp.example.invalid/realms/r/token', fetch));
    expect(e.message).toBe(
      `Token request failed: Network error connecting to Keycloak: no answer from idp.example.invalid:443 (ENOTFOUND): ${CHECK}`,
    );
  });

  it('says an attempt timed out, with host, port and the option to raise', async () => {
    const { call: timedOut } = await harness.run([{ hang: true }], {
      timeoutMs: 100,
      retry: false,
    });
    const e = await failure(timedOut);
    const at = new URL(harness.server()?.url ?? '').host;
    expect(e.message).toBe(
      `Token request failed: Network error connecting to Keycloak: no answer within 100 ms (timeoutMs) from ${at}: check that the IdP is up and that nothing in between holds the request, or raise timeoutMs`,
    );
  });

  // Mend (Session 20, mend20): undici's connect timeout (an overloaded IdP) said "check the token
  // URL". Core's tests cannot load undici's Agent (@dual-auth/testing is no dependency of core),
  // so the error is built as undici 8 throws it (seen with a silent loopback server:
  // packages/client/src/execute-call.test.ts provokes it for real).
  it("says the host did not accept the connection in time, for undici's connect timeout", async () => {
    const fetch = async (): Promise<Response> => {
      const timeout = Object.assign(
        new Error('Connect Timeout Error (attempted address: idp.example:443, timeout: 10000ms)'),
        { name: 'ConnectTimeoutError', code: 'UND_ERR_CONNECT_TIMEOUT' },
      );
      throw new TypeError('fetch failed', { cause: timeout });
    };
    const e = await failure(call('https://idp.example/realms/r/token', fetch));
    expect(e.message).toBe(
      'Token request failed: Network error connecting to Keycloak: no answer from idp.example:443 (UND_ERR_CONNECT_TIMEOUT): the host did not accept the connection in time; check that the IdP is up and not overloaded, and that a firewall lets this machine reach it (dual-auth doctor says why)',
    );
    expect(e).toMatchObject({ retryable: true });
  });
});

// Tidy (Session 29, tidy29): `token_request_retry` after a network failure had no `error_type`
// (only an answer's `status_code`), so an alert on `error_type` missed retries of an IdP that did
// not answer. It now carries the `error_type` of the `<vendor>_network_error` line before it.
describe('requestTokenEndpoint: the retry after no answer says why', () => {
  function retriesAndNetworkErrors(logged: { event: string; fields: object | undefined }[]) {
    return {
      retries: logged.filter((l) => l.event === 'token_request_retry').map((l) => l.fields),
      networkErrors: logged
        .filter((l) => l.event === 'keycloak_network_error')
        .map((l) => l.fields),
    };
  }

  it('a refused connection: error_type ECONNREFUSED, as the network error line, no status_code', async () => {
    const port = await closedPort();
    const { call: refused, logged } = await harness.run([], {
      tokenUrl: `http://127.0.0.1:${port}/token`,
      retry: { limit: 1 },
    });
    await failure(refused);
    const { retries, networkErrors } = retriesAndNetworkErrors(logged);
    expect(networkErrors[0]).toEqual({ error_type: 'ECONNREFUSED', attempt: 1 });
    expect(retries).toEqual([
      {
        vendor: 'keycloak',
        token_url: `http://127.0.0.1:${port}/token`,
        attempt: 1,
        delay_ms: expect.any(Number),
        error_type: 'ECONNREFUSED',
      },
    ]);
  });

  it('an attempt that timed out: the error_type of its network error line', async () => {
    const { call: timedOut, logged } = await harness.run([{ hang: true }, { hang: true }], {
      timeoutMs: 100,
      retry: { limit: 1 },
    });
    await failure(timedOut);
    const { retries, networkErrors } = retriesAndNetworkErrors(logged);
    expect(networkErrors[0]).toEqual({ error_type: 'timed out after 100 ms', attempt: 1 });
    expect(retries).toHaveLength(1);
    expect(retries[0]).toMatchObject({ attempt: 1, error_type: 'timed out after 100 ms' });
    expect(retries[0]).not.toHaveProperty('status_code');
  });

  // Review (wave 29, reviewa): the code was logged as the runtime's error gave it, any string: a
  // custom fetch (a proxy agent, a test double) may set `cause.code` to a URL or a message.
  it("logs a fetch cause's code only when it is shaped like a code, never a URL it carries", async () => {
    const leaky = `https://idp.example/token?key=${QUERY_SECRET}`;
    const fetch = async (): Promise<Response> => {
      throw new TypeError('fetch failed', { cause: { code: leaky } });
    };
    const { call: failed, logged } = await harness.run([], {
      tokenUrl: 'https://idp.example/realms/r/token',
      fetch,
      retry: { limit: 1 },
    });
    await failure(failed, [QUERY_SECRET]);
    const { retries, networkErrors } = retriesAndNetworkErrors(logged);
    expect(networkErrors).toHaveLength(2);
    expect(retries).toHaveLength(1);
    expect(JSON.stringify(logged)).not.toContain(QUERY_SECRET);
    expect(JSON.stringify(logged)).not.toContain('idp.example/token');
    expect(networkErrors[0]).toEqual({ error_type: 'other', attempt: 1 });
    expect(retries[0]).toMatchObject({ error_type: 'other' });
  });

  it('keeps the codes runtimes give (held): ENOTFOUND, UND_ERR_SOCKET, Bun-style ConnectionRefused', async () => {
    for (const code of ['ENOTFOUND', 'UND_ERR_SOCKET', 'ConnectionRefused']) {
      const fetch = async (): Promise<Response> => {
        throw new TypeError('fetch failed', { cause: Object.assign(new Error('x'), { code }) });
      };
      const { call: failed, logged } = await harness.run([], {
        tokenUrl: 'https://idp.example/realms/r/token',
        fetch,
        retry: false,
      });
      await failure(failed);
      expect(retriesAndNetworkErrors(logged).networkErrors[0]).toEqual({
        error_type: code,
        attempt: 1,
      });
    }
  });
});
