import { InMemoryDelegationCutoffStore } from '@dual-auth/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../test/counting-adapter.js';
import { type TestKeyPair, testKeyPair } from '../../test/keys.js';
import { endDelegation } from '../end-delegation.js';
import { HybridSender } from '../hybrid-sender.js';
import { ActJwtVerifier } from './act-jwt-verifier.js';

const AUD = 'https://agent.example.com/invoke';

let app: TestKeyPair;
beforeAll(async () => {
  app = await testKeyPair('RS256');
});

describe("ActJwtVerifier and the human's cut-off keyed by every id of the human", () => {
  it('refuses an act JWT whose act.oid was cut off, though act.sub (the UPN) was not', async () => {
    const clock = new ManualClock(Date.UTC(2026, 0, 1, 12));
    const cutoffStore = new InMemoryDelegationCutoffStore({ clock });
    const sender = new HybridSender({ privateKey: app.privatePem, clock });
    const verifier = new ActJwtVerifier({
      publicKey: app.publicPem,
      expectedAudience: AUD,
      clock,
      cutoffStore,
    });
    const sign = (sub: string, oid: string) =>
      sender.prepareOutOfSessionAct({ act: { sub, oid }, agentEndpoint: AUD });
    const reasonOf = (jwt: string) =>
      verifier.verify(jwt).then(
        () => 'accepted',
        (error: { reason?: string }) => error.reason,
      );
    const alice = await sign('alice@contoso.example', 'oid-alice');
    const bob = await sign('bob@contoso.example', 'oid-bob');
    clock.advance(0.5);
    await endDelegation({ human: 'oid-alice', cutoffStore, clock });
    expect(await reasonOf(alice)).toBe('revoked');
    expect(await reasonOf(bob)).toBe('accepted');
  });
});
