import { ActVerificationError } from '@dual-auth/core';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../test/counting-adapter.js';
import { testKeyPair } from '../test/keys.js';
import { ActJwtVerifier } from './act-jwt/act-jwt-verifier.js';
import { HybridSender } from './hybrid-sender.js';

const AUD = 'https://agent.example.com/invoke';
const app = await testKeyPair('RS256');

describe('an act JWT replayed after the clock jumped ahead and was set right', () => {
  it('is refused (replay_check_failed), never accepted again', async () => {
    const clock = new ManualClock();
    const sender = new HybridSender({ privateKey: app.privatePem, clock });
    const verifier = new ActJwtVerifier({ publicKey: app.publicPem, expectedAudience: AUD, clock });
    const first = await sender.prepareOutOfSessionAct({ act: { sub: 'u' }, agentEndpoint: AUD });
    await verifier.verify(first);
    // The fleet's clock jumps an hour ahead; an act JWT made then is verified (and the default
    // in-memory store sweeps the first one's claim as expired).
    clock.advance(3_600);
    const during = await sender.prepareOutOfSessionAct({ act: { sub: 'v' }, agentEndpoint: AUD });
    await verifier.verify(during);
    clock.advance(-3_599); // set right: the first act JWT is valid again
    const replay = await verifier.verify(first).catch((error: unknown) => error);
    // Before: the replay was accepted.
    expect(ActVerificationError.isInstance(replay)).toBe(true);
    expect(replay).toMatchObject({ reason: 'replay_check_failed' });
  });
});
