import { EntraIDAdapter, entraIdPlugin } from '@dual-auth/adapter-entraid';
import { ApiCallError, type DualSubjectToken, getConfig } from '@dual-auth/core';
import {
  type LocalIdp,
  startHttpsServer,
  startLocalIdp,
  type TestHttpsServer,
} from '@dual-auth/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InSessionAPICall } from './in-session-api-call.js';

// The Python reference's API call as captured on the wire (docs: behaviour.md, Appendix A and
// §6.2): `Authorization: Bearer <token>`, `X-Act-Assertion` for an Entra ID token, `Accept: */*`,
// `Content-Type: application/json` only with a JSON body; and any status returned as a response.

interface Seen {
  readonly method: string | undefined;
  readonly url: string | undefined;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: string;
}

let idp: LocalIdp;
let api: TestHttpsServer;
let tokenResponse: DualSubjectToken;
const seen: Seen[] = [];

beforeAll(async () => {
  idp = await startLocalIdp({ vendor: 'entraid' });
  api = await startHttpsServer(
    (req, res) => {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (chunk: string) => {
        body += chunk;
      });
      req.on('end', () => {
        seen.push({ method: req.method, url: req.url, headers: req.headers, body });
        res.statusCode = req.url === '/deny' ? 403 : 200;
        res.setHeader('content-type', 'application/json');
        res.end('{"ok":true}');
      });
    },
    { ca: idp.ca },
  );
  const config = await getConfig({ vendor: 'entraid', env: idp.env(), plugins: [entraIdPlugin] });
  const alice = [...idp.humans.values()].find((human) => human.username === 'alice');
  if (alice?.oid === undefined) throw new Error('the local IdP has no alice with an oid');
  const adapter = new EntraIDAdapter(config, { fetch: idp.fetch, retry: false });
  tokenResponse = await adapter.requestToken({
    agentId: config.clientId,
    act: { sub: alice.sub, oid: alice.oid },
    scope: ['finance.read'],
  });
}, 60_000);

afterAll(async () => {
  await api?.close();
  await idp?.close();
});

describe("InSessionAPICall on the wire, against the reference's call_api", () => {
  it('GET: Authorization Bearer, X-Act-Assertion of the Entra ID token, Accept */*, no body', async () => {
    const client = new InSessionAPICall({ timeout: 30, fetch: idp.fetch });
    const response = await client.callApi({ apiUrl: `${api.url}/api`, tokenResponse });
    expect(response.status).toBe(200);
    const request = seen.at(-1);
    expect(request?.method).toBe('GET');
    expect(request?.url).toBe('/api');
    expect(request?.headers.authorization).toBe(`Bearer ${tokenResponse.accessToken}`);
    expect(request?.headers['x-act-assertion']).toBe(tokenResponse.actAssertion);
    expect(request?.headers.accept).toBe('*/*');
    expect(request?.headers['content-type']).toBeUndefined();
    expect(request?.body).toBe('');
  });

  it('POST with json: Content-Type application/json, the same JSON value as json_data (compact UTF-8, where requests wrote spaced ASCII)', async () => {
    const client = new InSessionAPICall({ fetch: idp.fetch });
    const json = { a: 1.5, b: '\u00e9' };
    await client.callApi({ apiUrl: `${api.url}/api`, tokenResponse, method: 'POST', json });
    const request = seen.at(-1);
    expect(request?.method).toBe('POST');
    expect(request?.headers['content-type']).toBe('application/json');
    expect(JSON.parse(request?.body ?? '')).toEqual(JSON.parse('{"a": 1.5, "b": "\\u00e9"}'));
  });

  it('a 403: call_api returned it; InSessionAPICall throws ApiCallError unless throwHttpErrors is false', async () => {
    const client = new InSessionAPICall({ fetch: idp.fetch });
    const error = await client
      .callApi({ apiUrl: `${api.url}/deny`, tokenResponse })
      .catch((e: unknown) => e);
    expect(ApiCallError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ status: 403, attempts: 1 });
    const response = await client.callApi({
      apiUrl: `${api.url}/deny`,
      tokenResponse,
      throwHttpErrors: false,
    });
    expect(response.status).toBe(403);
  });
});
