import { oauthDoctorAdvice as advice } from '@dual-auth/adapter-oauth/doctor';
import type { VendorConfig } from '@dual-auth/core';
import { describe, expect, it } from 'vitest';
import { checkToken } from './check-token.js';

// Breaker13 (wave8/humanid8): with OAUTH_PRESET=okta the adapter takes the human's id from `uid`
// (the access token's `sub` is the login, often an email) and refuses a token whose `uid` is not
// act.sub. The doctor still judges the rfc8693 token with oauthTokenProfile, which has no
// readDelegation, so it compares `sub` (the login) with --human: a correct Okta setup (uid = the
// user id given with --human) fails `human`, and the fix it prints asks to put the human in
// "sub". An operator who then passes the login as --human, or remaps Okta's `sub`, is steered
// away from the id the adapter and the API (oktaTokenProfile) compare.
const config = { preset: 'okta' } as unknown as VendorConfig;

function humanCheck(claims: Record<string, unknown>, human: string) {
  return checkToken({
    claims: { cid: 'finance-agent', act: { sub: 'finance-agent' }, ...claims },
    actAssertion: undefined,
    profile: advice.tokenProfile,
    layout: advice.layout?.(config) ?? 'legacy',
    humanIdClaim: advice.humanIdClaim?.(config),
    expect: {
      human,
      clientId: 'finance-agent',
      maxLifetimeSeconds: 3600,
      nowSeconds: 1_700_000_000,
    },
  }).find((outcome) => outcome.id === 'human');
}

describe('dual-auth doctor with OAUTH_PRESET=okta (attack)', () => {
  it('passes the human check for an Okta token naming --human in uid, its login in sub', () => {
    const outcome = humanCheck({ sub: 'alice@example.com', uid: '00u-alice' }, '00u-alice');
    expect(outcome).toMatchObject({ status: 'pass' });
  });

  it('fails naming uid, never the login, when uid is not --human', () => {
    const outcome = humanCheck({ sub: 'bob@example.com', uid: '00u-bob' }, '00u-alice');
    expect(outcome).toMatchObject({ status: 'fail' });
    expect(outcome?.detail).toContain('"uid"');
    expect(outcome?.detail).not.toContain('bob@example.com');
    expect(
      advice.humanIdClaim?.({ preset: 'okta-xaa' } as unknown as VendorConfig),
    ).toBeUndefined();
  });
});
