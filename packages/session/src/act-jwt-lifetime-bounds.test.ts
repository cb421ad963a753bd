import { describe, expect, it } from 'vitest';
import { ManualClock } from '../test/counting-adapter.js';
import { testKeyPair } from '../test/keys.js';
import { ActJwtVerifier } from './act-jwt/act-jwt-verifier.js';
import { HybridSender } from './hybrid-sender.js';

// 60_000 (a minute in milliseconds) as maxLifetimeSeconds accepted act JWTs living 16 hours, and
// as maxTtlSeconds let the app mint them. An act JWT lives minutes: an hour at most.
const AUD = 'https://agent.example.com/invoke';
const app = await testKeyPair('RS256');

function tooLong(name: string): TypeError {
  return new TypeError(
    `options.${name} must be at most 3600 seconds (an hour; an act JWT lives minutes): seconds, not milliseconds?`,
  );
}

describe('act JWT lifetimes above an hour are milliseconds by mistake', () => {
  it('ActJwtVerifier refuses maxLifetimeSeconds 60_000 and 86_400_000, naming it', () => {
    for (const maxLifetimeSeconds of [3601, 60_000, 86_400_000]) {
      expect(
        () =>
          new ActJwtVerifier({
            publicKey: app.publicPem,
            expectedAudience: AUD,
            maxLifetimeSeconds,
          }),
      ).toThrow(tooLong('maxLifetimeSeconds'));
    }
  });

  it('HybridSender refuses maxTtlSeconds 60_000 and 86_400_000, naming it', () => {
    for (const maxTtlSeconds of [3601, 60_000, 86_400_000]) {
      expect(() => new HybridSender({ privateKey: app.privatePem, maxTtlSeconds })).toThrow(
        tooLong('maxTtlSeconds'),
      );
    }
  });

  it('takes an hour on both sides: a one-hour act JWT is made and verified', async () => {
    const clock = new ManualClock();
    const sender = new HybridSender({ privateKey: app.privatePem, maxTtlSeconds: 3600, clock });
    const token = await sender.prepareOutOfSessionAct({
      act: { sub: 'u' },
      agentEndpoint: AUD,
      ttlSeconds: 3600,
    });
    const verifier = (maxLifetimeSeconds?: number) =>
      new ActJwtVerifier({
        publicKey: app.publicPem,
        expectedAudience: AUD,
        clock,
        ...(maxLifetimeSeconds === undefined ? {} : { maxLifetimeSeconds }),
      });
    await expect(verifier().verify(token)).rejects.toMatchObject({ reason: 'ttl_too_long' });
    await expect(verifier(3600).verify(token)).resolves.toMatchObject({ act: { sub: 'u' } });
  });
});
