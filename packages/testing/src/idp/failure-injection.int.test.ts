import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  agentOf,
  clientAssertion,
  JWT_BEARER,
  type LocalIdp,
  OVERSIZED_BODY_BYTES,
  postToken,
  startLocalIdp,
} from '../index.js';

describe('local IdP: failNext', () => {
  let idp: LocalIdp;
  beforeAll(async () => {
    idp = await startLocalIdp({ vendor: 'keycloak' });
  });
  afterAll(() => idp.close());

  const request = async () =>
    postToken(idp, {
      grant_type: 'client_credentials',
      scope: 'finance.read',
      client_assertion_type: JWT_BEARER,
      client_assertion: await clientAssertion(agentOf(idp), { aud: idp.issuer }),
    });

  it('answers with a status, Retry-After and the vendor error body, then recovers', async () => {
    idp.failNext({ status: 503, retryAfter: 2 });
    const failed = await request();
    expect(failed.status).toBe(503);
    expect(failed.headers.get('retry-after')).toBe('2');
    expect(failed.json).toEqual({
      error: 'temporarily_unavailable',
      error_description: 'injected failure',
    });
    expect(idp.requests.at(-1)?.injected).toEqual({ status: 503, retryAfter: 2 });
    expect((await request()).status).toBe(200);
  });

  it('fails `times` requests in a row, in queue order', async () => {
    idp.failNext({ status: 500, times: 2 });
    idp.failNext({ status: 429, body: { custom: true } });
    idp.failNext({ status: 502, body: 'Bad Gateway' });
    expect((await request()).status).toBe(500);
    expect((await request()).status).toBe(500);
    const limited = await request();
    expect([limited.status, limited.json]).toEqual([429, { custom: true }]);
    const gateway = await request();
    expect([gateway.status, gateway.text]).toEqual([502, 'Bad Gateway']);
    expect((await request()).status).toBe(200);
  });

  it('delays, then answers normally', async () => {
    idp.failNext({ delayMs: 150 });
    const started = performance.now();
    const res = await request();
    expect(res.status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('resets the connection', async () => {
    idp.failNext({ reset: true });
    await expect(request()).rejects.toThrow();
    expect(idp.requests.at(-1)?.status).toBeUndefined();
    expect((await request()).status).toBe(200);
  });

  it('sends a malformed or an oversized body', async () => {
    idp.failNext({ malformed: true });
    const malformed = await request();
    expect(malformed.status).toBe(200);
    expect(malformed.json).toBeUndefined();
    expect(malformed.headers.get('content-type')).toMatch(/application\/json/);

    idp.failNext({ oversized: true });
    const oversized = await request();
    expect(oversized.status).toBe(200);
    expect(oversized.text.length).toBeGreaterThan(OVERSIZED_BODY_BYTES);
  });

  it('rejects nonsense with TypeError', () => {
    expect(() => idp.failNext(null as never)).toThrow(TypeError);
    expect(() => idp.failNext({ status: 99 })).toThrow(TypeError);
    expect(() => idp.failNext({ times: 0 })).toThrow(TypeError);
    expect(() => idp.failNext({ delayMs: -1 })).toThrow(TypeError);
    expect(() => idp.failNext({ retryAfter: {} as never })).toThrow(TypeError);
  });
});
