import {
  ActVerificationError,
  createSubjectToken,
  InMemoryDelegationCutoffStore,
  type TokenRequest,
} from '@dual-auth/core';
import { encodeBase64url } from '@dual-auth/core/jwt';
import { describe, expect, it } from 'vitest';
import { CountingAdapter, ManualClock } from '../test/counting-adapter.js';
import { endDelegation } from './end-delegation.js';
import { InSessionTokenRequest } from './in-session-token-request.js';
import { SingleFlightTokenCache } from './token-cache/single-flight-token-cache.js';

const act = { sub: 'alice' };

/**
 * An in-session agent with a cutoffStore: `request` once, the human's endDelegation a minute
 * later, `request` again a minute after that; what the second one came to, and the IdP calls.
 */
async function requestAgainAfterLogout(request: TokenRequest) {
  const clock = new ManualClock(Date.UTC(2026, 0, 1, 12));
  const cutoffStore = new InMemoryDelegationCutoffStore({ clock });
  const adapter = new CountingAdapter({ now: () => clock.now() });
  const cache = new SingleFlightTokenCache({ clock });
  const inSession = new InSessionTokenRequest({ adapter, cache, cutoffStore, clock });
  await inSession.requestToken(request);
  clock.advance(60);
  await endDelegation({ human: act, cutoffStore, clock });
  clock.advance(60);
  const outcome = await inSession.requestToken(request).then(
    () => 'minted a new delegation',
    (error: unknown) => (ActVerificationError.isInstance(error) ? error.reason : error),
  );
  return { outcome, calls: adapter.calls };
}

// Attack: the in-session cut-off judges only a subject token whose `iat` the agent can read. An
// encrypted access token (JWE, RFC 7516 compact form: five parts; Auth0 and Okta can issue them,
// and Auth0 issues opaque ones without an API audience) carries a date the agent cannot read, so
// an app still holding the human's token from before the logout mints new delegations from it
// for the whole keep window: the cut-off written by endDelegation is read and ignored.
describe('attack: InSessionTokenRequest with a cutoffStore, subject token the agent cannot date', () => {
  it("refuses a JWE subject token held from before the human's endDelegation", async () => {
    const header = encodeBase64url(JSON.stringify({ alg: 'RSA-OAEP-256', enc: 'A256GCM' }));
    const jwe = [header, 'a2V5', 'aXY', 'Y2lwaGVydGV4dA', 'dGFn'].join('.');
    const request = {
      agentId: 'agent',
      act,
      scope: ['finance.read'],
      subjectToken: createSubjectToken(jwe),
    };
    const { outcome, calls } = await requestAgainAfterLogout(request);
    expect(outcome).toBe('revoked');
    expect(calls).toBe(1);
  });
});

// Attack: the legacy layout (no subject token: the agent's own grant plus the act assertion it
// signs now) gives the cut-off no date at all. An in-session agent task that outlives the
// human's logout (a job started in the session, an MCP tool loop) keeps minting delegations after
// endDelegation, each with a fresh act assertion that the API guard, reading the same cut-off,
// accepts: the human no longer authorizes, and nothing in the library stops the agent.
describe('attack: InSessionTokenRequest with a cutoffStore, legacy layout (no subject token)', () => {
  it("refuses to mint a delegation for the human after the human's endDelegation", async () => {
    const request = { agentId: 'agent', act, scope: ['finance.read'] };
    const { outcome, calls } = await requestAgainAfterLogout(request);
    expect(outcome).toBe('revoked');
    expect(calls).toBe(1);
  });
});
