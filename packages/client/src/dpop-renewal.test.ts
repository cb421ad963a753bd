import { createRecordingLogger } from '@dual-auth/testing';
import { describe, expect, it } from 'vitest';
import { countingProvider, fakeTime, token } from '../test/demo-api.js';
import { dpopApi, dpopKey } from '../test/dpop-api.js';
import { useDemoApis } from '../test/use-demo-apis.js';
import type { CallApiWithProvider } from './call-api-options.js';
import { InSessionApiCall } from './in-session-api-call.js';

const api = useDemoApis();

async function started(rules: Parameters<typeof dpopApi>[1]) {
  let url = '';
  const rs = dpopApi(() => url, rules);
  const server = await api(rs.reply);
  url = server.url;
  const logger = createRecordingLogger();
  const call = new InSessionApiCall({ fetch: server.fetch, ...fakeTime().options, logger });
  const { provider, calls } = countingProvider({ prefix: 'dpop', tokenType: 'DPoP' });
  const key = await dpopKey();
  // A call with the DPoP provider and the client's key; `more` adds or replaces options.
  const send = (more: Partial<CallApiWithProvider> = {}) =>
    call.callApi({ apiUrl: server.url, tokenProvider: provider, dpopProof: key.proof, ...more });
  return { server, rs, call, logger, provider, calls, key, send };
}

describe('a DPoP-bound token (RFC 9449)', () => {
  it('renews once after a 401 DPoP error="invalid_token", with a new token and a new proof', async () => {
    const { server, rs, calls, key, send } = await started({ valid: new Set(['dpop-2']) });
    const response = await send({
      method: 'POST',
      apiUrl: `${server.url}/api/pay?x=1`,
      json: { n: 1 },
    });
    expect(response.status).toBe(200);
    expect(rs.refusals).toEqual(['invalid_token']);
    expect(calls.map((c) => c.forceRefresh)).toEqual([false, true]);
    expect(server.requests.map((r) => [r.headers.authorization, r.body])).toEqual([
      ['DPoP dpop-1', '{"n":1}'],
      ['DPoP dpop-2', '{"n":1}'],
    ]);
    expect(key.made).toEqual([
      { method: 'POST', url: `${server.url}/api/pay`, accessToken: 'dpop-1', nonce: undefined },
      { method: 'POST', url: `${server.url}/api/pay`, accessToken: 'dpop-2', nonce: undefined },
    ]);
    expect(server.requests[0]?.headers.dpop).not.toBe(server.requests[1]?.headers.dpop);
  });

  it('renews exactly once: a second DPoP invalid_token 401 is final', async () => {
    const { rs, calls, send } = await started({ valid: new Set() });
    const error = await send().catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'ApiCallError', status: 401, attempts: 2 });
    expect((error as Error).message).toContain('(DPoP error invalid_token)');
    expect(rs.refusals).toEqual(['invalid_token', 'invalid_token']);
    expect(calls.filter((c) => c.forceRefresh)).toHaveLength(1);
  });

  it("answers use_dpop_nonce with one new proof carrying the API's nonce, not a new token", async () => {
    const { rs, calls, key, logger, send } = await started({
      valid: new Set(['dpop-1']),
      nonce: () => 'server-nonce-1',
    });
    expect((await send()).status).toBe(200);
    expect(rs.refusals).toEqual(['use_dpop_nonce']);
    expect(calls.map((c) => c.forceRefresh)).toEqual([false]);
    expect(key.made.map((m) => [m.accessToken, m.nonce])).toEqual([
      ['dpop-1', undefined],
      ['dpop-1', 'server-nonce-1'],
    ]);
    const events = logger.records.filter((r) => r.event === 'api_call_dpop_nonce');
    expect(events).toEqual([
      {
        level: 'info',
        event: 'api_call_dpop_nonce',
        fields: expect.objectContaining({ attempt: 1, agent_id: 'agent-1', human_id: 'u-1' }),
      },
    ]);
    expect(JSON.stringify(logger.records)).not.toMatch(/server-nonce|dpop-1/);
  });

  it('retries with a nonce once only: a second use_dpop_nonce 401 is final', async () => {
    const { rs, send } = await started({
      valid: new Set(['dpop-1']),
      nonce: (index) => `nonce-${index}`,
    });
    const error = await send().catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'ApiCallError', status: 401, attempts: 2 });
    expect((error as Error).message).toContain('(DPoP error use_dpop_nonce)');
    expect(rs.refusals).toEqual(['use_dpop_nonce', 'use_dpop_nonce']);
  });

  it('renews after a nonce retry, and proves the new token with the nonce it was given', async () => {
    const { rs, key, send } = await started({
      valid: new Set(['dpop-2']),
      nonce: () => 'server-nonce-1',
    });
    expect((await send()).status).toBe(200);
    expect(rs.refusals).toEqual(['use_dpop_nonce', 'invalid_token']);
    expect(key.made.map((m) => [m.accessToken, m.nonce])).toEqual([
      ['dpop-1', undefined],
      ['dpop-1', 'server-nonce-1'],
      ['dpop-2', 'server-nonce-1'],
    ]);
  });

  it('makes a new proof for each same-origin redirect hop: its method and URL, a new jti', async () => {
    let url = '';
    const rs = dpopApi(() => url, { valid: new Set(['dpop-1']) });
    const server = await api((request, index) =>
      request.path === '/old'
        ? { status: 303, headers: { location: '/new' } }
        : rs.reply(request, index),
    );
    url = server.url;
    const { provider } = countingProvider({ prefix: 'dpop', tokenType: 'DPoP' });
    const key = await dpopKey();
    const call = new InSessionApiCall({ fetch: server.fetch, ...fakeTime().options });
    const response = await call.callApi({
      method: 'POST',
      apiUrl: `${server.url}/old`,
      json: { n: 1 },
      tokenProvider: provider,
      dpopProof: key.proof,
    });
    expect(response.status).toBe(200);
    expect(rs.refusals).toEqual([]);
    expect(key.made.map((m) => [m.method, m.url])).toEqual([
      ['POST', `${server.url}/old`],
      ['GET', `${server.url}/new`],
    ]);
  });

  it("does not renew with the caller's own DPoP header: its proof would be sent twice", async () => {
    const { server, rs, calls, key, send } = await started({ valid: new Set(['dpop-2']) });
    const proof = await key.proof({
      method: 'GET',
      url: `${server.url}/`,
      accessToken: 'dpop-1',
      nonce: undefined,
    });
    await expect(send({ dpopProof: undefined, headers: { dpop: proof } })).rejects.toMatchObject({
      status: 401,
      attempts: 1,
    });
    expect(rs.refusals).toEqual(['invalid_token']);
    expect(calls.map((c) => c.forceRefresh)).toEqual([false]);
  });

  it('refuses dpopProof that is not a function, or given beside a DPoP header', async () => {
    const call = new InSessionApiCall();
    const tokenResponse = token({ accessToken: 'dpop-1', tokenType: 'DPoP' });
    await expect(
      call.callApi({
        apiUrl: 'https://api.example.com',
        tokenResponse,
        dpopProof: 'proof' as never,
      }),
    ).rejects.toThrow(new TypeError('dpopProof must be a function that makes a DPoP proof'));
    await expect(
      call.callApi({
        apiUrl: 'https://api.example.com',
        tokenResponse,
        headers: { DPoP: 'proof' },
        dpopProof: async () => 'proof',
      }),
    ).rejects.toThrow(new TypeError('pass a DPoP proof as dpopProof or as headers.dpop, not both'));
  });

  // Journey (Session 14, journey14): a DPoP token given without dpopProof or a DPoP header was sent
  // as `Authorization: DPoP <token>` with no proof: every resource server refuses it (RFC 9449
  // §7.1), after the token went over the wire. The call now refuses it first, saying what to give.
  it('refuses a DPoP token without dpopProof or a DPoP header, before anything is sent', async () => {
    const server = await api();
    const call = new InSessionApiCall({ fetch: server.fetch });
    const expected = new TypeError(
      'a DPoP token needs a proof per request (RFC 9449 §7.1): give callApi dpopProof or a DPoP header',
    );
    for (const tokenType of ['DPoP', 'dpop']) {
      await expect(
        call.callApi({
          apiUrl: server.url,
          tokenResponse: token({ accessToken: 'dpop-1', tokenType }),
        }),
      ).rejects.toThrow(expected);
    }
    const { provider } = countingProvider({ prefix: 'dpop', tokenType: 'DPoP' });
    await expect(call.callApi({ apiUrl: server.url, tokenProvider: provider })).rejects.toThrow(
      expected,
    );
    expect(server.requests).toEqual([]);
  });

  it('refuses a made proof that is not a compact JWS, before anything is sent', async () => {
    const server = await api();
    const call = new InSessionApiCall({ fetch: server.fetch });
    await expect(
      call.callApi({
        apiUrl: server.url,
        tokenResponse: token({ accessToken: 'dpop-1', tokenType: 'DPoP' }),
        dpopProof: () => 'not a proof\r\nx-injected: 1',
      }),
    ).rejects.toThrow(new TypeError('dpopProof must return a DPoP proof JWT (compact JWS)'));
    expect(server.requests).toEqual([]);
  });
});

describe('DPoP nonces across calls (RFC 9449 §8, §8.2)', () => {
  it("sends the API's nonce in the next call's first proof: one 401 for two calls", async () => {
    const { rs, key, send } = await started({
      valid: new Set(['dpop-1']),
      nonce: () => 'server-nonce-1',
    });
    expect((await send()).status).toBe(200);
    expect((await send()).status).toBe(200);
    expect(rs.refusals).toEqual(['use_dpop_nonce']);
    expect(key.made.map((m) => m.nonce)).toEqual([undefined, 'server-nonce-1', 'server-nonce-1']);
  });

  it('takes a new nonce from a 2xx answer for the next call', async () => {
    const { rs, key, send } = await started({
      valid: new Set(['dpop-1']),
      nonce: (index) => (index < 2 ? 'n-1' : 'n-2'),
      nextNonce: (index) => (index === 1 ? 'n-2' : undefined),
    });
    expect((await send()).status).toBe(200);
    expect((await send()).status).toBe(200);
    expect(rs.refusals).toEqual(['use_dpop_nonce']);
    expect(key.made.map((m) => m.nonce)).toEqual([undefined, 'n-1', 'n-2']);
  });

  it('retries once with the new nonce when the remembered one went stale', async () => {
    const { rs, key, send } = await started({
      valid: new Set(['dpop-1']),
      nonce: (index) => (index < 2 ? 'n-1' : 'n-2'),
    });
    expect((await send()).status).toBe(200);
    expect((await send()).status).toBe(200);
    expect(rs.refusals).toEqual(['use_dpop_nonce', 'use_dpop_nonce']);
    expect(key.made.map((m) => m.nonce)).toEqual([undefined, 'n-1', 'n-1', 'n-2']);
  });

  it("never sends one origin's nonce to another", async () => {
    const first = await started({ valid: new Set(['dpop-1']), nonce: () => 'nonce-of-a' });
    let url = '';
    const rs = dpopApi(() => url, { valid: new Set(['dpop-1']) });
    const other = await api(rs.reply);
    url = other.url;
    expect((await first.send()).status).toBe(200);
    const response = await first.call.callApi({
      apiUrl: other.url,
      tokenProvider: first.provider,
      dpopProof: first.key.proof,
    });
    expect(response.status).toBe(200);
    expect(first.key.made.map((m) => [new URL(m.url).origin, m.nonce])).toEqual([
      [first.server.url, undefined],
      [first.server.url, 'nonce-of-a'],
      [other.url, undefined],
    ]);
  });
});
