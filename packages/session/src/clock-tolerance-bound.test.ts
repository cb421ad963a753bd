import { describe, expect, it } from 'vitest';
import { CountingAdapter } from '../test/counting-adapter.js';
import { testKeyPair } from '../test/keys.js';
import { ActJwtVerifier } from './act-jwt/act-jwt-verifier.js';
import { InSessionTokenRequest } from './in-session-token-request.js';
import { SingleFlightTokenCache } from './token-cache/single-flight-token-cache.js';

// 15000 (milliseconds by mistake) accepted act JWTs ~4 h past exp, and refused new delegations
// ~4 h after endDelegation.
const TOO_LONG =
  /options\.clockToleranceSeconds must be at most 300 seconds .*: seconds, not milliseconds\?$/;

const app = await testKeyPair();

describe('clockToleranceSeconds above 300 seconds', () => {
  it('is refused by the act JWT verifier and the in-session token request', () => {
    expect(
      () =>
        new ActJwtVerifier({
          publicKey: app.publicPem,
          expectedAudience: 'https://app.example.com',
          clockToleranceSeconds: 15_000,
        }),
    ).toThrow(TOO_LONG);
    expect(
      () =>
        new InSessionTokenRequest({
          adapter: new CountingAdapter(),
          clockToleranceSeconds: 15_000,
        }),
    ).toThrow(TOO_LONG);
  });

  it('is refused by a token cache cut-off before anything is looked up', async () => {
    const cache = new SingleFlightTokenCache();
    await expect(
      cache.getOrRequest(
        {} as never,
        async () => {
          throw new Error('not fetched');
        },
        { notIssuedAtOrBeforeMs: 1_000, clockToleranceSeconds: 15_000 },
      ),
    ).rejects.toThrow(TOO_LONG);
  });

  it('is taken at 300 seconds', () => {
    expect(
      () =>
        new InSessionTokenRequest({ adapter: new CountingAdapter(), clockToleranceSeconds: 300 }),
    ).not.toThrow();
  });
});
