import { oktaTokenProfile } from '@dual-auth/adapter-okta';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  createSigningKey,
  fixedClock,
  NOW_S,
  type SigningKey,
  signJwt,
} from '../test/support/token-kit.js';
import { verifyDualSubjectToken } from './verify-dual-subject-token.js';

// Breaker13: oktaTokenProfile.readDelegation (wave8/humanid8) takes `uid` as the human whenever an
// rfc8693 token carries one, whatever `sub` says, and whatever server issued it. The same profile
// is documented for the resource authorization server's token of an ID-JAG (okta-xaa), a server
// that is not Okta's and names the user in `sub`. A token of such a server that also carries a
// `uid` claim (an app-local user number, a profile attribute a user may edit, a mapper) is then
// read as the human in `uid`: the guard authorizes, audits and rate-limits bob for a token whose
// subject (`sub`) is alice. Before the change the same token was read as alice. Real RS256 tokens,
// verified by the guard's own code.
const ISSUER = 'https://resource-as.example.test/';
const AUDIENCE = 'finance-api';
const AGENT = '0oa-agent-b';

let key: SigningKey;
beforeAll(async () => {
  key = await createSigningKey('okta-1');
});

function exchanged(extra: Record<string, unknown>): Promise<string> {
  return signJwt(
    {
      iss: ISSUER,
      aud: AUDIENCE,
      iat: NOW_S,
      exp: NOW_S + 300,
      cid: AGENT,
      scp: ['finance.read'],
      act: { sub: AGENT },
      ...extra,
    },
    key,
  );
}

function verify(token: string) {
  return verifyDualSubjectToken(token, {
    profile: oktaTokenProfile,
    layout: 'rfc8693',
    issuer: ISSUER,
    audience: AUDIENCE,
    keys: key.publicKey,
    clock: fixedClock,
  });
}

describe('oktaTokenProfile: uid beside a sub that is a user id (attack)', () => {
  it('a token whose sub names alice is not accepted as bob because it carries uid: bob', async () => {
    const token = await exchanged({ sub: '00u-alice', uid: '00u-bob' });
    const result = await verify(token).then(
      (verified) => ({ human: verified.human.sub }),
      (error: unknown) => ({ refused: error instanceof Error }),
    );
    // Either refused (two different users named), or read as the token's subject: never bob.
    expect(result).not.toEqual({ human: '00u-bob' });
  });
});
