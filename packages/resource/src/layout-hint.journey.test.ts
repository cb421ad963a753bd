import { oktaTokenProfile } from '@dual-auth/adapter-okta';
import { beforeAll, expect, it } from 'vitest';
import {
  createSigningKey,
  fixedClock,
  NOW_S,
  type SigningKey,
  signJwt,
} from '../test/support/token-kit.js';
import { verifyDualSubjectToken } from './verify-dual-subject-token.js';

// Journey 9 (wave9/journey9): an API team moves to Okta On-Behalf-Of token exchange
// (OAUTH_PRESET=okta on the agent) and forgets `layout: 'rfc8693'` on the guard. The token (sub
// the login, uid the user, cid and act.sub the agent) is refused as legacy with "request the
// agent's token with the client credentials flow": the fix for an agent that asked for the wrong
// token, not for an API that reads token exchange in the wrong layout. The message should name
// the setting that fixes this case too.
const ISSUER = 'https://example.okta.com/oauth2/aus-finance';
const AGENT = '0oa-agent-b';

let key: SigningKey;
beforeAll(async () => {
  key = await createSigningKey('okta-1');
});

it("names layout: 'rfc8693' when a token-exchange token meets a legacy-layout guard", async () => {
  const token = await signJwt(
    {
      iss: ISSUER,
      aud: 'finance-api',
      iat: NOW_S,
      exp: NOW_S + 300,
      cid: AGENT,
      scp: ['finance.read'],
      sub: 'alice@example.com',
      uid: '00u-alice',
      act: { sub: AGENT },
    },
    key,
  );
  const error = await verifyDualSubjectToken(token, {
    profile: oktaTokenProfile,
    issuer: ISSUER,
    audience: 'finance-api',
    keys: key.publicKey,
    clock: fixedClock,
  }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toMatchObject({ reason: 'layout_mismatch' });
  expect(String((error as Error).message)).toMatch(/rfc8693/);
});
