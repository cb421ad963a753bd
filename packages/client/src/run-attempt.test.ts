import { createServer, type Server } from 'node:http';
import { describe, expect, it } from 'vitest';
import {
  type RecordedRequest,
  type Reply,
  recordingLogger,
  token,
  vendorTokens,
} from '../test/demo-api.js';
import { useDemoApis } from '../test/use-demo-apis.js';
import { InSessionApiCall } from './in-session-api-call.js';

const api = useDemoApis();

const redirect = (status: number, location: string): Reply => ({ status, headers: { location } });

/** A plain HTTP server on loopback that counts what reaches it. */
async function plainHttp(): Promise<{ url: string; hits: string[]; server: Server }> {
  const hits: string[] = [];
  const server = createServer((req, res) => {
    hits.push(`${req.method} ${req.url} ${req.headers.authorization ?? '-'}`);
    res.end('{}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return { url: `http://127.0.0.1:${address.port}`, hits, server };
}

describe('redirects', () => {
  it('follows a same-origin redirect with both credentials', async () => {
    const server = await api((r) =>
      r.path === '/old' ? redirect(302, '/new?x=1') : { status: 200 },
    );
    const call = new InSessionApiCall({ fetch: server.fetch });
    const response = await call.callApi({
      apiUrl: `${server.url}/old`,
      tokenResponse: vendorTokens.entraid,
    });
    expect(response.status).toBe(200);
    expect(
      server.requests.map((r) => [r.path, r.headers.authorization, r.headers['x-act-assertion']]),
    ).toEqual([
      ['/old', 'Bearer entra.access.token', 'entra.act.assertion'],
      ['/new?x=1', 'Bearer entra.access.token', 'entra.act.assertion'],
    ]);
  });

  it('never forwards Authorization, X-Act-Assertion or Cookie to another origin', async () => {
    const other = await api();
    const server = await api((r) =>
      r.path === '/back' ? { status: 200 } : redirect(307, `${other.url}/elsewhere`),
    );
    const ends: boolean[] = [];
    const call = new InSessionApiCall({
      fetch: server.fetch,
      hooks: { onRequestEnd: (s) => ends.push(s.credentialsSent) },
    });
    const response = await call.callApi({
      apiUrl: `${server.url}/start`,
      tokenResponse: vendorTokens.entraid,
      headers: { cookie: 'session=abc', 'x-request-id': 'r-1' },
    });
    expect(response.status).toBe(200);
    const [request] = other.requests;
    expect(request?.path).toBe('/elsewhere');
    expect(request?.headers.authorization).toBeUndefined();
    expect(request?.headers['x-act-assertion']).toBeUndefined();
    expect(request?.headers.cookie).toBeUndefined();
    expect(request?.headers['x-request-id']).toBe('r-1');
    expect(ends).toEqual([true, false]);
  });

  it("keeps the caller's DPoP, Proxy-Authorization and Cookie on its origin only", async () => {
    const other = await api();
    const server = await api((r) =>
      r.path === '/same' ? redirect(308, `${other.url}/elsewhere`) : redirect(307, '/same'),
    );
    const credentials = {
      dpop: 'caller.dpop.proof.for.start',
      'proxy-authorization': 'Basic cHJveHk6c2VjcmV0',
      cookie: 'session=abc',
    };
    const call = new InSessionApiCall({ fetch: server.fetch });
    const response = await call.callApi({
      method: 'POST',
      apiUrl: `${server.url}/start`,
      tokenResponse: token({ accessToken: 'dpop.bound.access.token', tokenType: 'DPoP' }),
      headers: { ...credentials, 'x-request-id': 'r-1' },
      json: { n: 1 },
    });
    expect(response.status).toBe(200);
    const sent = (r: RecordedRequest) => [
      r.path,
      r.headers.authorization,
      r.headers.dpop,
      r.headers['proxy-authorization'],
      r.headers.cookie,
      r.headers['x-request-id'],
      r.body,
    ];
    const own = ['DPoP dpop.bound.access.token', ...Object.values(credentials), 'r-1', '{"n":1}'];
    expect(server.requests.map(sent)).toEqual([
      ['/start', ...own],
      ['/same', ...own],
    ]);
    expect(other.requests.map(sent)).toEqual([
      ['/elsewhere', undefined, undefined, undefined, undefined, 'r-1', '{"n":1}'],
    ]);
  });

  it('carries only the allow-listed headers to another origin, every header on its own', async () => {
    const other = await api();
    const server = await api((r) =>
      r.path === '/same' ? redirect(307, `${other.url}/elsewhere`) : redirect(307, '/same'),
    );
    const kept = {
      accept: 'application/json',
      traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
      'idempotency-key': '8e03978e-40d5-43e8-bc93-6894a57f9324',
      'if-none-match': '"v1"',
    };
    const call = new InSessionApiCall({ fetch: server.fetch });
    await call.callApi({
      apiUrl: `${server.url}/start`,
      tokenResponse: token({ accessToken: 'bearer.access.token' }),
      headers: { ...kept, 'x-api-key': 'caller-api-key', 'x-vendor-session': 's-1' },
    });
    const sent = (r: RecordedRequest) => [
      r.path,
      ...Object.keys(kept).map((name) => r.headers[name]),
      r.headers['x-api-key'],
      r.headers['x-vendor-session'],
    ];
    const all = [...Object.values(kept), 'caller-api-key', 's-1'];
    expect(server.requests.map(sent)).toEqual([
      ['/start', ...all],
      ['/same', ...all],
    ]);
    expect(other.requests.map(sent)).toEqual([
      ['/elsewhere', ...Object.values(kept), undefined, undefined],
    ]);
  });

  it('does not send credentials again when a foreign origin redirects back', async () => {
    let home = '';
    const other = await api(() => redirect(302, `${home}/back`));
    const server = await api((r) =>
      r.path === '/back' ? { status: 200 } : redirect(302, `${other.url}/hop`),
    );
    home = server.url;
    const call = new InSessionApiCall({ fetch: server.fetch });
    await call.callApi({ apiUrl: `${server.url}/start`, tokenResponse: vendorTokens.okta });
    expect(server.requests.map((r) => [r.path, r.headers.authorization])).toEqual([
      ['/start', 'Bearer okta.access.token'],
      ['/back', undefined],
    ]);
  });

  it('refuses a redirect from https to http and sends nothing there', async () => {
    const plain = await plainHttp();
    try {
      const server = await api(() => redirect(301, `${plain.url}/downgraded`));
      const call = new InSessionApiCall({ fetch: server.fetch, allowInsecureLoopback: true });
      const error = await call
        .callApi({ apiUrl: `${server.url}/secure?q=1`, tokenResponse: vendorTokens.okta })
        .catch((e: unknown) => e);
      expect(error).toMatchObject({
        name: 'ApiCallError',
        message: 'API call redirect refused: Location downgrades https to http',
        url: `${server.url}/secure`,
        attempts: 1,
      });
      expect(plain.hits).toEqual([]);
    } finally {
      await new Promise((resolve) => plain.server.close(resolve));
    }
  });

  it.each([
    ['a non-HTTP scheme', 'file:///etc/passwd'],
    ['credentials in the URL', 'https://user:pass@127.0.0.1/x'],
  ])('refuses a redirect to %s', async (_, location) => {
    const server = await api(() => redirect(302, location));
    const call = new InSessionApiCall({ fetch: server.fetch });
    await expect(
      call.callApi({ apiUrl: server.url, tokenResponse: vendorTokens.okta }),
    ).rejects.toThrow('API call redirect refused: Location is not an allowed HTTPS URL');
  });

  it('stops after maxRedirects', async () => {
    const server = await api((_, index) => redirect(302, `/loop/${index}`));
    const call = new InSessionApiCall({ fetch: server.fetch, maxRedirects: 3 });
    await expect(
      call.callApi({ apiUrl: server.url, tokenResponse: vendorTokens.okta }),
    ).rejects.toThrow('API call redirect refused: more than 3 redirects');
    expect(server.requests).toHaveLength(4);
  });

  it('returns the 3xx as it is with maxRedirects: 0', async () => {
    const server = await api(() => redirect(302, '/next'));
    const call = new InSessionApiCall({ fetch: server.fetch, maxRedirects: 0 });
    const response = await call.callApi({ apiUrl: server.url, tokenResponse: vendorTokens.okta });
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('/next');
    expect(server.requests).toHaveLength(1);
  });

  it('turns a POST into a GET without body on 303, and keeps it on 307', async () => {
    const server = await api((r) => {
      if (r.path === '/see-other') return redirect(303, '/result');
      if (r.path === '/temporary') return redirect(307, '/result');
      return { status: 200 };
    });
    const logger = recordingLogger();
    const call = new InSessionApiCall({ fetch: server.fetch, logger });
    for (const path of ['/see-other', '/temporary']) {
      await call.callApi({
        method: 'POST',
        apiUrl: `${server.url}${path}`,
        tokenResponse: vendorTokens.okta,
        json: { n: 1 },
      });
    }
    expect(
      server.requests.map((r) => [r.method, r.path, r.headers['content-type'], r.body]),
    ).toEqual([
      ['POST', '/see-other', 'application/json', '{"n":1}'],
      ['GET', '/result', undefined, ''],
      ['POST', '/temporary', 'application/json', '{"n":1}'],
      ['POST', '/result', 'application/json', '{"n":1}'],
    ]);
    expect(logger.events.find((e) => e.event === 'api_call_redirect')?.fields).toEqual({
      status_code: 303,
      from_url: `${server.url}/see-other`,
      to_url: `${server.url}/result`,
      cross_origin: false,
    });
  });
});

describe('http on loopback', () => {
  it('is refused by default and allowed with allowInsecureLoopback', async () => {
    const plain = await plainHttp();
    try {
      await expect(
        new InSessionApiCall().callApi({ apiUrl: plain.url, tokenResponse: vendorTokens.okta }),
      ).rejects.toThrow('apiUrl must use HTTPS for security');
      const response = await new InSessionApiCall({ allowInsecureLoopback: true }).callApi({
        apiUrl: `${plain.url}/local`,
        tokenResponse: vendorTokens.okta,
      });
      expect(response.status).toBe(200);
      expect(plain.hits).toEqual(['GET /local Bearer okta.access.token']);
    } finally {
      await new Promise((resolve) => plain.server.close(resolve));
    }
  });
});
