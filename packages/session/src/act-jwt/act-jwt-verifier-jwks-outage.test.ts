import { ActVerificationError } from '@dual-auth/core';
import { startHttpsServer, type TestHttpsServer } from '@dual-auth/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock, recordingLogger } from '../../test/counting-adapter.js';
import { testKeyPair } from '../../test/keys.js';
import { HybridSender } from '../hybrid-sender.js';
import { ActJwtVerifier, type ActJwtVerifierOptions } from './act-jwt-verifier.js';

// Journey 11: the app's JWKS being down past the cache's max age refused every act JWT. The
// verifier now keeps the keys it holds for `jwksStaleIfErrorSeconds`.

const AUD = 'https://agent.example.com/invoke';

describe('ActJwtVerifier when the JWKS cannot be reached', () => {
  let server: TestHttpsServer;
  const state = { down: false, keys: [] as unknown[], hits: 0 };

  beforeAll(async () => {
    server = await startHttpsServer((_req, res) => {
      state.hits += 1;
      if (state.down) {
        res.writeHead(503).end();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ keys: state.keys }));
    });
  });
  afterAll(() => server.close());

  // A verifier of this server's JWKS, with the JWKS settings under test.
  function jwksVerifier(options: Partial<ActJwtVerifierOptions>): ActJwtVerifier {
    return new ActJwtVerifier({
      jwksUrl: `${server.url}/jwks`,
      expectedAudience: AUD,
      fetch: server.fetch,
      ...options,
    });
  }

  async function outage(options: Partial<ActJwtVerifierOptions> = {}) {
    const clock = new ManualClock();
    const logger = recordingLogger();
    const sender = new HybridSender({
      privateKey: { ...(await testKeyPair('RS256')).privateJwk, kid: 'k1' },
      clock,
    });
    state.down = false;
    state.keys = (await sender.publicJwks()).keys;
    const verifier = new ActJwtVerifier({
      jwksUrl: `${server.url}/jwks`,
      expectedAudience: AUD,
      fetch: server.fetch,
      clock,
      logger,
      ...options,
    });
    const verify = async () =>
      verifier
        .verify(await sender.prepareOutOfSessionAct({ act: { sub: 'u' }, agentEndpoint: AUD }))
        .then(
          () => 'accepted',
          (error: unknown) => (ActVerificationError.isInstance(error) ? error.reason : error),
        );
    expect(await verify()).toBe('accepted');
    state.down = true;
    return { clock, logger, verify };
  }

  it('keeps verifying with the keys it holds past the max age (default one hour more)', async () => {
    const { clock, logger, verify } = await outage();
    const before = state.hits;
    clock.advance(600 + 3599);
    expect(await verify()).toBe('accepted');
    expect(await verify()).toBe('accepted');
    expect(state.hits - before).toBe(1);
    expect(logger.events.filter((e) => e.event === 'jwks_refresh_failed')).toHaveLength(1);
    clock.advance(1);
    expect(await verify()).toBe('key_unavailable');
  });

  it('jwksCacheMaxAgeSeconds and jwksStaleIfErrorSeconds set the bound; 0 turns it off', async () => {
    const bounded = await outage({ jwksCacheMaxAgeSeconds: 60, jwksStaleIfErrorSeconds: 60 });
    bounded.clock.advance(119);
    expect(await bounded.verify()).toBe('accepted');
    bounded.clock.advance(30);
    expect(await bounded.verify()).toBe('key_unavailable');
    const off = await outage({ jwksStaleIfErrorSeconds: 0 });
    off.clock.advance(600);
    expect(await off.verify()).toBe('key_unavailable');
  });

  // 86_400_000 (a day in milliseconds) held keys 1000 days; a value past 2^53 ms was refused by
  // core naming `cacheMaxAgeMs`, an option the caller never passed. The bound: 2^31-1 ms, the
  // longest timer, in whole seconds.
  it('refuses a JWKS age above 2 147 483 s, naming the option; takes it up to there', async () => {
    for (const name of ['jwksCacheMaxAgeSeconds', 'jwksStaleIfErrorSeconds'] as const) {
      for (const seconds of [2_147_484, 86_400_000, 1e16]) {
        expect(() => jwksVerifier({ [name]: seconds })).toThrow(
          new TypeError(
            `options.${name} must be at most 2147483 seconds (2^31-1 ms, the longest timer, about 24.8 days): seconds, not milliseconds?`,
          ),
        );
      }
    }
    const cached = await outage({ jwksCacheMaxAgeSeconds: 2_147_483 });
    const before = state.hits;
    cached.clock.advance(2_147_482);
    expect(await cached.verify()).toBe('accepted');
    expect(state.hits).toBe(before);
    const stale = await outage({ jwksCacheMaxAgeSeconds: 60, jwksStaleIfErrorSeconds: 2_147_483 });
    stale.clock.advance(60 + 2_147_482);
    expect(await stale.verify()).toBe('accepted');
    stale.clock.advance(30);
    expect(await stale.verify()).toBe('key_unavailable');
  });

  // Each age is at most 2^31-1 ms, but the cooldown's range is their sum: a cooldown past 2^31-1 ms
  // (25 days) passed the range and was refused by core naming `cooldownMs`, never passed.
  it('refuses a jwksCooldownSeconds past the longest timer, naming the option', () => {
    expect(() =>
      jwksVerifier({
        jwksCacheMaxAgeSeconds: 2_000_000,
        jwksStaleIfErrorSeconds: 2_000_000,
        jwksCooldownSeconds: 3_000_000,
      }),
    ).toThrow(
      new TypeError(
        'ActJwtVerifier: jwksCooldownSeconds must be from 1 to 2147483.647 s (jwksCacheMaxAgeSeconds + jwksStaleIfErrorSeconds): below, made-up key ids make a JWKS download each; above, one failed refresh refuses every token until the next; pass e.g. 30 (the default) or drop it',
      ),
    );
  });

  it('the JWKS settings apply to jwksUrl only', async () => {
    const { publicPem } = await testKeyPair('ES256');
    for (const name of ['jwksCacheMaxAgeSeconds', 'jwksStaleIfErrorSeconds'] as const) {
      expect(() => new ActJwtVerifier({ publicKey: publicPem, [name]: 60 })).toThrow(
        `ActJwtVerifier: ${name} applies to jwksUrl, not to publicKey`,
      );
    }
  });
});
