import { InSessionApiCall } from '@dual-auth/client';
import type {
  DualAuthAuditEvent,
  DualSubjectToken,
  GetTokenOptions,
  TokenProvider,
} from '@dual-auth/core';
import express from 'express';
import { describe, expect, it } from 'vitest';
import { type RawHeaders, rawHeaderRequest } from '../../../tools/raw-header-request.js';
import { idpJwksPerSuite } from '../test/support/idp-jwks-per-suite.js';
import { runningApp } from '../test/support/running-app.js';
import {
  accessToken,
  fixedClock,
  type JwksServer,
  type SigningKey,
} from '../test/support/token-kit.js';
import { scenarioGuardOptions } from '../test/support/vendor-scenario.js';
import { createDualAuthGuard } from './dual-auth-guard.js';
import { dualAuth } from './express/index.js';
import { withDualAuth } from './fetch/index.js';

// RFC 6750 §3.1: a request whose credential headers break their syntax, or repeat, is malformed:
// 400 invalid_request, decided from the headers alone. A token that is one b64token but does not
// verify stays 401 invalid_token; no credentials at all stays 401 with a bare challenge.

let idpKey: SigningKey;
let jwks: JwksServer;
idpJwksPerSuite((started) => ({ idpKey, jwks } = started));

function guardWithAudits() {
  const audits: DualAuthAuditEvent[] = [];
  const guard = createDualAuthGuard(
    scenarioGuardOptions('keycloak', {
      jwks,
      appPem: '',
      onDecision: (event) => void audits.push(event),
    }),
  );
  return { guard, audits };
}

/** One header line per value: a Node client sends an array as repeated lines. */

interface Row {
  name: string;
  headers: RawHeaders;
  /** The query of the request URL, if any. */
  query?: string;
  description: string;
  reason: string;
}

const JWT = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln';
const QUERY_TOKEN =
  'access_token query parameter was sent; send the access token in the Authorization header only, never in the URL';
const ROWS: Row[] = [
  {
    name: 'two Authorization lines',
    headers: { authorization: [`Bearer ${JWT}`, `Bearer ${JWT}`] },
    description: 'Authorization header was sent more than once; send it exactly once',
    reason: 'access_token.malformed',
  },
  {
    name: 'Bearer with two tokens',
    headers: { authorization: 'Bearer abc def' },
    description: "Authorization header must be 'Bearer <token>' with exactly one token",
    reason: 'access_token.malformed',
  },
  {
    name: 'Bearer without a token',
    headers: { authorization: 'Bearer' },
    description: "Authorization header must be 'Bearer <token>' with exactly one token",
    reason: 'access_token.malformed',
  },
  {
    name: 'two X-Act-Assertion lines',
    headers: { authorization: `Bearer ${JWT}`, 'x-act-assertion': [JWT, JWT] },
    description: 'X-Act-Assertion header was sent more than once; send it exactly once',
    reason: 'act_assertion.malformed',
  },
  {
    name: 'an X-Act-Assertion that is not one compact JWT',
    headers: { authorization: `Bearer ${JWT}`, 'x-act-assertion': 'not a jwt' },
    description: 'X-Act-Assertion header must hold one compact JWT',
    reason: 'act_assertion.malformed',
  },
  // RFC 6750 §2: one method per request; §2.3 and §5.3: a token in the URL ends up in logs.
  {
    name: 'Authorization and an access_token query parameter',
    headers: { authorization: `Bearer ${JWT}` },
    query: `?access_token=${JWT}`,
    description: QUERY_TOKEN,
    reason: 'access_token.sent_in_url',
  },
  {
    name: 'an access_token query parameter alone, its name percent-encoded',
    headers: {},
    query: `?page=2&access%5Ftoken=${JWT}`,
    description: QUERY_TOKEN,
    reason: 'access_token.sent_in_url',
  },
];

interface Answer {
  status: number;
  challenge: string | undefined;
  cacheControl: string | undefined;
  body: unknown;
}

function fetchHeaders(raw: RawHeaders): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(raw)) {
    for (const one of [value].flat()) headers.append(name, one);
  }
  return headers;
}

async function throughFetch(
  raw: RawHeaders,
  query = '',
): Promise<{ answer: Answer; audits: unknown[] }> {
  const { guard, audits } = guardWithAudits();
  const handler = withDualAuth(() => Response.json({ ok: true }), guard);
  const response = await handler(
    new Request(`https://api.example.test/accounts${query}`, { headers: fetchHeaders(raw) }),
  );
  return {
    answer: {
      status: response.status,
      challenge: response.headers.get('www-authenticate') ?? undefined,
      cacheControl: response.headers.get('cache-control') ?? undefined,
      body: await response.json(),
    },
    audits,
  };
}

/** GET over loopback with raw header lines (repeated names stay separate lines). */
async function rawGet(url: string, raw: RawHeaders): Promise<Answer> {
  const { status, headers, body } = await rawHeaderRequest('GET', url, raw);
  return {
    status,
    challenge: headers['www-authenticate'],
    cacheControl: headers['cache-control'],
    body,
  };
}

async function throughExpress(
  raw: RawHeaders,
  query = '',
): Promise<{ answer: Answer; audits: unknown[] }> {
  const { guard, audits } = guardWithAudits();
  const app = express();
  app.get('/accounts', dualAuth(guard), (_req, res) => void res.json({ ok: true }));
  const running = await runningApp(app.listen(0, '127.0.0.1'));
  try {
    return { answer: await rawGet(`${running.url}/accounts${query}`, raw), audits };
  } finally {
    await running.close();
  }
}

describe.each([
  ['fetch (withDualAuth)', throughFetch],
  ['Node (Express dualAuth)', throughExpress],
] as const)('RFC 6750 §3.1 through %s', (_, send) => {
  it.each(ROWS)('$name → 400 invalid_request, the challenge and body agree', async (row) => {
    const { answer, audits } = await send(row.headers, row.query);
    expect(answer).toEqual({
      status: 400,
      challenge: `Bearer realm="finance", error="invalid_request", error_description="${row.description}"`,
      cacheControl: 'no-store',
      body: { error: 'invalid_request', error_description: row.description },
    });
    expect(audits).toEqual([
      expect.objectContaining({
        decision: 'DENY',
        status: 400,
        failed_side: 'credentials',
        reason: row.reason,
      }),
    ]);
    expect(JSON.stringify(answer)).not.toContain(JWT);
  });

  it.each([
    ['no Authorization', {}],
    ['another scheme', { authorization: 'Basic dXNlcjpwYXNz' }],
  ] as const)('%s → 401, a bare challenge and a body without an error code', async (_, headers) => {
    const { answer, audits } = await send(headers);
    expect(answer).toEqual({
      status: 401,
      challenge: 'Bearer realm="finance"',
      cacheControl: 'no-store',
      body: { error_description: 'Missing Authorization header with a Bearer token' },
    });
    expect(audits).toEqual([
      expect.objectContaining({ status: 401, reason: 'access_token.missing_claim' }),
    ]);
  });

  it('a valid token in Authorization is not admitted beside an access_token query parameter', async () => {
    const token = await accessToken('keycloak', idpKey);
    const { answer } = await send({ authorization: `Bearer ${token}` }, `?access_token=${token}`);
    expect(answer).toMatchObject({ status: 400, body: { error: 'invalid_request' } });
  });

  it('one token that does not verify stays 401 invalid_token', async () => {
    const { answer } = await send({ authorization: `Bearer ${JWT}` });
    expect(answer.status).toBe(401);
    expect(answer.challenge).toMatch(/^Bearer realm="finance", error="invalid_token"/);
    expect(answer.body).toMatchObject({ error: 'invalid_token' });
  });
});

// Express's 'extended' query parser (qs) reads access_token[]= and access_token[0]= as
// req.query.access_token: the same parameter to the app behind the guard, refused as it is.
it('Express with the qs query parser: access_token[] beside a valid token → 400, the route never runs', async () => {
  const { guard, audits } = guardWithAudits();
  const seen: unknown[] = [];
  const app = express();
  app.set('query parser', 'extended');
  app.get('/accounts', dualAuth(guard), (req, res) => {
    seen.push(req.query.access_token);
    res.json({ ok: true });
  });
  const running = await runningApp(app.listen(0, '127.0.0.1'));
  try {
    const token = await accessToken('keycloak', idpKey);
    for (const name of ['access_token[]', 'access_token[0]']) {
      const answer = await rawGet(`${running.url}/accounts?${name}=${token}`, {
        authorization: `Bearer ${token}`,
      });
      expect(answer).toMatchObject({ status: 400, body: { error: 'invalid_request' } });
    }
    expect(seen).toEqual([]);
    expect(audits).toEqual([
      expect.objectContaining({ status: 400, reason: 'access_token.sent_in_url' }),
      expect.objectContaining({ status: 400, reason: 'access_token.sent_in_url' }),
    ]);
  } finally {
    await running.close();
  }
});

// The agent's side: a 400 invalid_request from a real guard is a bug in the sender or a proxy,
// which neither a new token nor the same request again can fix.

/** A provider of valid Keycloak tokens that counts forced refreshes. */
function countingProvider(): TokenProvider & { calls: GetTokenOptions[] } {
  const calls: GetTokenOptions[] = [];
  return {
    calls,
    identity: { agentId: 'finance-agent', humanId: 'user-123' },
    async getToken(options: GetTokenOptions = {}): Promise<DualSubjectToken> {
      calls.push(options);
      return {
        accessToken: await accessToken('keycloak', idpKey),
        tokenType: 'Bearer',
        expiresIn: 300,
        scope: 'finance.read',
        expiresAt: fixedClock.now() + 300_000,
      };
    },
  };
}

/** The API behind a real guard, reached through a proxy that sends `Authorization` twice. */
function apiBehindDuplicatingProxy() {
  const { guard } = guardWithAudits();
  const api = withDualAuth(() => Response.json({ balance: 42 }), guard);
  const seen: string[] = [];
  const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    const authorization = request.headers.get('authorization');
    if (authorization !== null) request.headers.append('authorization', authorization);
    seen.push(request.headers.get('authorization') ?? '');
    return api(request);
  }) as typeof globalThis.fetch;
  return { fetch, seen };
}

describe('@dual-auth/client against a guard answering 400 invalid_request', () => {
  it('neither renews the token nor retries, and throws an ApiCallError saying the request was malformed', async () => {
    const proxy = apiBehindDuplicatingProxy();
    const provider = countingProvider();
    const sleeps: number[] = [];
    const call = new InSessionApiCall({
      fetch: proxy.fetch,
      clock: fixedClock,
      sleep: async (ms: number) => void sleeps.push(ms),
      // Even a caller who lists 400 as retryable gets no loop: the same request fails the same way.
      retry: { statusCodes: [400, 503] },
    });
    const error = await call
      .callApi({ apiUrl: 'https://api.example.test/balance', tokenProvider: provider })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      name: 'ApiCallError',
      status: 400,
      attempts: 1,
      reason: 'status',
      message:
        "API call failed: GET https://api.example.test/balance answered HTTP 400 after 1 attempt(s) (Bearer error invalid_request: Authorization header was sent more than once; send it exactly once); the request was malformed, not its token: a bug in the sender, an access_token query parameter in the call's URL, or a proxy that repeats or rewrites the Authorization or X-Act-Assertion header (RFC 6750 §2.3, §3.1), so it was neither renewed nor retried",
    });
    expect(proxy.seen).toHaveLength(1);
    expect(provider.calls.map((c) => c.forceRefresh === true)).toEqual([false]);
    expect(sleeps).toEqual([]);
  });
  it('names an access_token query parameter in the call URL among the causes', async () => {
    const { guard } = guardWithAudits();
    const api = withDualAuth(() => Response.json({ balance: 42 }), guard);
    const call = new InSessionApiCall({
      fetch: (async (input: RequestInfo | URL, init?: RequestInit) =>
        api(new Request(input, init))) as typeof globalThis.fetch,
      clock: fixedClock,
    });
    const error = await call
      .callApi({
        apiUrl: 'https://api.example.test/balance?access_token=t',
        tokenProvider: countingProvider(),
      })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'ApiCallError', status: 400, attempts: 1 });
    expect((error as Error).message).toContain(
      "the request was malformed, not its token: a bug in the sender, an access_token query parameter in the call's URL, or a proxy that repeats or rewrites the Authorization or X-Act-Assertion header (RFC 6750 §2.3, §3.1), so it was neither renewed nor retried",
    );
  });
});
