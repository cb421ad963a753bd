import { InMemoryDelegationCutoffStore } from '@dual-auth/core';
import { ActJwtVerifier } from '../src/act-jwt/act-jwt-verifier.js';
import { HybridSender } from '../src/hybrid-sender.js';
import { ManualClock } from './counting-adapter.js';
import type { TestKeyPair } from './keys.js';
import { AGENT_ENDPOINT } from './out-of-session-setup.js';

/**
 * An application signing act JWTs and an agent verifying them against an in-memory cut-off store,
 * on one manual clock: `sign` makes the act JWT of a human (`sub`, and `oid` when given),
 * `reasonOf` says `accepted` or the verifier's refusal reason.
 */
export function cutoffSetup(app: TestKeyPair) {
  const clock = new ManualClock(Date.UTC(2026, 0, 1, 12));
  const cutoffStore = new InMemoryDelegationCutoffStore({ clock });
  const sender = new HybridSender({ privateKey: app.privatePem, clock });
  const verifier = new ActJwtVerifier({
    publicKey: app.publicPem,
    expectedAudience: AGENT_ENDPOINT,
    clock,
    cutoffStore,
  });
  const sign = (sub: string, oid?: string) =>
    sender.prepareOutOfSessionAct({
      act: oid === undefined ? { sub } : { sub, oid },
      agentEndpoint: AGENT_ENDPOINT,
    });
  const reasonOf = (jwt: string) =>
    verifier.verify(jwt).then(
      () => 'accepted',
      (error: { reason?: string }) => error.reason,
    );
  return { clock, cutoffStore, sign, reasonOf };
}
