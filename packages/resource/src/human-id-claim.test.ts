import { oktaTokenProfile } from '@dual-auth/adapter-okta';
import { ActVerificationError } from '@dual-auth/core';
import { describe, expect, it } from 'vitest';
import { ownIssuerPerFile } from '../test/support/own-issuer.js';

// Real RS256 tokens shaped like an Okta custom authorization server's On-Behalf-Of token (sub the
// login, uid the user id) and like a resource authorization server's (sub the user id). Breaker13
// (okta-uid-precedence): oktaTokenProfile took uid over sub whenever a token carried one, so a
// resource authorization server's token with sub alice and a user-influenced uid bob was read as
// bob; which claim is the human is now the API's setting.
const AGENT = '0oa-agent-b';
const LOGIN = 'alice@example.com';

const { sign: exchanged, verifyToken: verify } = ownIssuerPerFile({
  kid: 'okta-1',
  issuer: 'https://example.okta.com/oauth2/aus-finance',
  audience: 'finance-api',
  claims: { cid: AGENT, scp: ['finance.read'], act: { sub: AGENT } },
  options: { profile: oktaTokenProfile, layout: 'rfc8693' },
});

const refusal = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (e: unknown) => e,
  );

describe('humanIdClaim (rfc8693): which claim names the human', () => {
  it('with humanIdClaim uid the human is uid, and the login in sub is not kept in the human', async () => {
    const subject = await verify(await exchanged({ sub: LOGIN, uid: '00u-alice' }), {
      humanIdClaim: 'uid',
    });
    expect(subject.human).toEqual({ sub: '00u-alice' });
    expect(JSON.stringify(subject)).not.toContain(LOGIN);
  });

  it('a token whose sub names alice is not accepted as bob because it carries uid: bob', async () => {
    const token = await exchanged({ sub: '00u-alice', uid: '00u-bob' });
    const result = await verify(token).then(
      (verified) => ({ human: verified.human.sub }),
      (error: unknown) => ({ refused: error instanceof Error }),
    );
    expect(result).not.toEqual({ human: '00u-bob' });
  });

  it('without it, a token naming different users in sub and uid is refused, saying what to set', async () => {
    const error = await refusal(verify(await exchanged({ sub: '00u-alice', uid: '00u-bob' })));
    expect(ActVerificationError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ reason: 'layout_mismatch', claim: 'uid' });
    expect((error as Error).message).toContain('humanIdClaim');
    expect((error as Error).message).not.toContain('00u-');
  });

  it('without it, the human is sub (a resource authorization server, or sub equal to uid)', async () => {
    for (const claims of [{ sub: '00u-alice' }, { sub: '00u-alice', uid: '00u-alice' }]) {
      const subject = await verify(await exchanged(claims));
      expect(subject.human).toEqual({ sub: '00u-alice' });
    }
  });

  it('a uid that is not a user id, or none, is refused naming uid, not sub', async () => {
    const malformed = await refusal(
      verify(await exchanged({ sub: LOGIN, uid: 42 }), { humanIdClaim: 'uid' }),
    );
    expect(malformed).toMatchObject({ reason: 'malformed', claim: 'uid' });
    expect((malformed as Error).message).toContain('"uid"');
    const missing = await refusal(verify(await exchanged({ sub: LOGIN }), { humanIdClaim: 'uid' }));
    expect(missing).toMatchObject({ reason: 'missing_claim', claim: 'uid' });
    expect((missing as Error).message).not.toContain(LOGIN);
  });

  it('the actor chain is walked no further than maxChainDepth', async () => {
    let act: Record<string, unknown> = { sub: 'origin' };
    for (let i = 0; i < 50; i += 1) act = { sub: `actor-${i}`, act };
    const error = await refusal(
      verify(await exchanged({ sub: LOGIN, uid: '00u-alice', act: { sub: AGENT, act } }), {
        humanIdClaim: 'uid',
      }),
    );
    expect(error).toMatchObject({ reason: 'chain_too_deep' });
  });

  it.each(['sub', 'iss', 'may_act', 'email', '__proto__', 'constructor'])(
    'humanIdClaim %s is refused',
    async (humanIdClaim) => {
      const error = await refusal(verify(await exchanged({ sub: LOGIN }), { humanIdClaim }));
      expect(error).toBeInstanceOf(TypeError);
      expect((error as Error).message).toContain('options.humanIdClaim');
    },
  );

  it('humanIdClaim in the legacy layout is refused', async () => {
    const error = await refusal(
      verify(await exchanged({ sub: LOGIN }), { layout: 'legacy', humanIdClaim: 'uid' }),
    );
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toContain('rfc8693');
  });
});
