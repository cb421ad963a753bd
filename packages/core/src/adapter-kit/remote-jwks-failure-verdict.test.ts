import type { FlattenedJWSInput } from 'jose';
import { describe, expect, it } from 'vitest';
import { verifyJwt } from '../jwt/verify-jwt.js';
import { jwksDownloadFailure } from './jwks-download-failure.js';
import { createRemoteJwks } from './remote-jwks.js';

// Session 39 (tidya): the doctor re-derived which JWKS download failures are an outage from the
// statuses it saw through a wrapped fetch; the error a lookup rejects with now carries the verdict.
const TOKEN = {} as FlattenedJWSInput;
const URL_OF_KEYS = 'https://keys.example.com/jwks';

async function rejectionOf(fetch: typeof globalThis.fetch): Promise<unknown> {
  const keys = createRemoteJwks(URL_OF_KEYS, { fetch });
  return Promise.resolve(keys({ alg: 'ES256', kid: 'k1' }, TOKEN)).then(
    () => expect.unreachable('the lookup resolved'),
    (error: unknown) => error,
  );
}

const answering =
  (status: number, body = '') =>
  async () =>
    new Response(body, { status });

describe('the error of a failed JWKS download carries whether the IdP was unreachable', () => {
  it.each([500, 502, 503, 504, 408, 429])(
    'HTTP %i: unreachable, with its status',
    async (status) => {
      expect(jwksDownloadFailure(await rejectionOf(answering(status)))).toEqual({
        unreachable: true,
        status,
      });
    },
  );

  it.each([404, 403, 301])('HTTP %i: an answer, not an outage, with its status', async (status) => {
    expect(jwksDownloadFailure(await rejectionOf(answering(status)))).toEqual({
      unreachable: false,
      status,
    });
  });

  it('no answer (fetch threw): unreachable, no status', async () => {
    const refused = async () => {
      throw new TypeError('fetch failed', {
        cause: Object.assign(new Error('x'), { code: 'ECONNREFUSED' }),
      });
    };
    expect(jwksDownloadFailure(await rejectionOf(refused))).toEqual({ unreachable: true });
  });

  it('a document that is no JWKS, or too large: not an outage', async () => {
    expect(jwksDownloadFailure(await rejectionOf(answering(200, '{"keys":7}')))).toEqual({
      unreachable: false,
    });
    const huge = answering(200, `{"keys":[${'{},'.repeat(100_000)}{}]}`);
    expect(jwksDownloadFailure(await rejectionOf(huge))).toEqual({ unreachable: false });
  });

  it("is read from the key_unavailable refusal's cause, as a verifier throws it", async () => {
    const keys = createRemoteJwks(URL_OF_KEYS, { fetch: answering(503) });
    const token = 'eyJhbGciOiJFUzI1NiIsImtpZCI6ImsxIn0.eyJzdWIiOiJhIn0.c2ln';
    const refusal = await verifyJwt(token, {
      label: 'Access token',
      audience: 'api',
      clockToleranceSeconds: 60,
      keys,
      algorithms: ['ES256'],
      maxTokenBytes: 4096,
      nowMs: 0,
    }).catch((error: unknown) => error);
    expect(refusal).toMatchObject({ reason: 'key_unavailable' });
    expect(jwksDownloadFailure(refusal)).toEqual({ unreachable: true, status: 503 });
  });

  it('is undefined for any other error', () => {
    expect(jwksDownloadFailure(new Error('x'))).toBeUndefined();
    expect(jwksDownloadFailure(undefined)).toBeUndefined();
    expect(jwksDownloadFailure({ unreachable: true })).toBeUndefined();
  });
});
