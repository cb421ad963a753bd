import { createDualSubjectToken, InMemoryDelegationCutoffStore } from '@dual-auth/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { ManualClock, recordingLogger } from '../test/counting-adapter.js';
import { type TestKeyPair, testKeyPair } from '../test/keys.js';
import { ActJwtVerifier } from './act-jwt/act-jwt-verifier.js';
import { endDelegation } from './end-delegation.js';
import { HybridSender } from './hybrid-sender.js';
import { SingleFlightTokenCache } from './token-cache/single-flight-token-cache.js';

const AUD = 'https://agent.example.com/invoke';

let app: TestKeyPair;
beforeAll(async () => {
  app = await testKeyPair('RS256');
});

function setup() {
  const clock = new ManualClock(Date.UTC(2026, 0, 1, 12));
  const cutoffStore = new InMemoryDelegationCutoffStore({ clock });
  const sender = new HybridSender({ privateKey: app.privatePem, clock });
  const verifier = new ActJwtVerifier({
    publicKey: app.publicPem,
    expectedAudience: AUD,
    clock,
    cutoffStore,
  });
  const sign = (sub: string) => sender.prepareOutOfSessionAct({ act: { sub }, agentEndpoint: AUD });
  const reasonOf = (jwt: string) =>
    verifier.verify(jwt).then(
      () => 'accepted',
      (error: { reason?: string }) => error.reason,
    );
  return { clock, cutoffStore, sign, reasonOf };
}

describe('endDelegation', () => {
  it("refuses the human's act JWTs signed before the cut-off; other humans and later JWTs pass", async () => {
    const { clock, cutoffStore, sign, reasonOf } = setup();
    const before = await sign('u-alice');
    const bobBefore = await sign('u-bob');
    clock.advance(0.5);
    await endDelegation({ human: 'u-alice', cutoffStore, clock });
    expect(await reasonOf(before)).toBe('revoked');
    expect(await reasonOf(bobBefore)).toBe('accepted');
    clock.advance(1);
    expect(await reasonOf(await sign('u-alice'))).toBe('accepted');
  });

  it('keeps the cut-off for keepMs (the longest credential lifetime), then forgets it', async () => {
    const { clock, cutoffStore } = setup();
    await endDelegation({ human: 'u-alice', cutoffStore, clock, keepMs: 300_000 });
    clock.advance(299);
    expect(await cutoffStore.cutoffOf('u-alice')).toBeDefined();
    clock.advance(2);
    expect(await cutoffStore.cutoffOf('u-alice')).toBeUndefined();
  });

  it("drops the human's cached tokens, not another human's", async () => {
    const { clock, cutoffStore } = setup();
    const cache = new SingleFlightTokenCache({ clock });
    const token = () =>
      createDualSubjectToken({
        accessToken: `at-${Math.random()}`,
        tokenType: 'Bearer',
        expiresIn: 3600,
        scope: 'finance.read',
        issuedAt: clock.now(),
      });
    const key = (sub: string) => ({
      adapterId: 'kc',
      agentId: 'finance-agent',
      sub,
      scope: ['finance.read'],
      audience: 'api',
    });
    const alice = await cache.getOrRequest(key('u-alice'), async () => token());
    const bob = await cache.getOrRequest(key('u-bob'), async () => token());
    const logger = recordingLogger();
    const ended = await endDelegation({ human: 'u-alice', cache, cutoffStore, clock, logger });
    expect(ended).toEqual({ cutoffMs: clock.now(), droppedTokens: 1, revocations: [] });
    const aliceAgain = await cache.getOrRequest(key('u-alice'), async () => token());
    expect(aliceAgain.accessToken).not.toBe(alice.accessToken);
    expect((await cache.getOrRequest(key('u-bob'), async () => token())).accessToken).toBe(
      bob.accessToken,
    );
    expect(logger.events.at(-1)).toMatchObject({
      event: 'delegation_ended',
      fields: { human_id: 'u-alice', dropped_tokens: 1 },
    });
  });

  it('refuses wrong options with a TypeError naming them', async () => {
    const { cutoffStore } = setup();
    await expect(endDelegation({ human: '', cutoffStore })).rejects.toThrow(/options\.human/);
    await expect(endDelegation({ human: 'u-1', cutoffStore: undefined as never })).rejects.toThrow(
      /options\.cutoffStore/,
    );
    await expect(endDelegation({ human: 'u-1', cutoffStore, keepMs: -1 })).rejects.toThrow(
      /keepMs/,
    );
  });
});
