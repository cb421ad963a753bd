import { oktaTokenProfile } from '@dual-auth/adapter-okta';
import { beforeAll, expect, it } from 'vitest';
import {
  createSigningKey,
  fixedClock,
  NOW_S,
  type SigningKey,
  signJwt,
} from '../test/support/token-kit.js';
import { recordingLogger } from '../test/support/vendor-scenario.js';
import { createDualAuthGuard } from './dual-auth-guard.js';
import { verifyDualSubjectToken } from './verify-dual-subject-token.js';

// A refusal's hint is for the API's operator (journey 9): the guard logs it and tells the client no
// more than it did before. `layout: 'rfc8693'` for a token-exchange token met in the legacy
// layout; the accepted audience and API_AUDIENCE / OAUTH_RESOURCE for a token for another one.
const ISSUER = 'https://example.okta.com/oauth2/aus-finance';
const AGENT = '0oa-agent-b';

let key: SigningKey;
beforeAll(async () => {
  key = await createSigningKey('okta-1');
});

const MCP_URL = 'https://mcp.example.com/mcp';

function guardWithLog(audience = 'finance-api') {
  const logger = recordingLogger();
  const guard = createDualAuthGuard({
    profile: oktaTokenProfile,
    issuer: ISSUER,
    audience,
    keys: key.publicKey,
    clock: fixedClock,
    agentAllowed: () => true,
    humanAllowed: () => true,
    logger,
  });
  return { guard, logger };
}

const hintOf = (logger: ReturnType<typeof recordingLogger>) =>
  logger.events.find((entry) => entry.event === 'dual_auth_refusal_hint');

async function requestWith(claims: Record<string, unknown>): Promise<Request> {
  const token = await signJwt(
    { iss: ISSUER, aud: 'finance-api', iat: NOW_S, exp: NOW_S + 300, cid: AGENT, ...claims },
    key,
  );
  return new Request('https://api.example.test/accounts', {
    headers: { authorization: `Bearer ${token}` },
  });
}

it.each([
  [
    'a delegated user token (uid)',
    { sub: 'alice@example.com', uid: '00u-alice', act: { sub: AGENT } },
    /shows a delegated user token\); request the agent's token with the client credentials flow$/,
  ],
  [
    'an act naming its own client',
    { sub: AGENT, act: { sub: AGENT } },
    /refused where the legacy layout is configured$/,
  ],
])('logs the layout hint for %s and keeps it from the client', async (_name, claims, toClient) => {
  const { guard, logger } = guardWithLog();
  const decision = await guard.checkRequest(await requestWith(claims));
  expect(decision).toMatchObject({ decision: 'DENY', status: 401 });
  if (decision.decision !== 'DENY') return;
  expect(decision.body.error_description).toMatch(toClient);
  expect(decision.body.error_description).not.toContain("'rfc8693'");
  expect(decision.headers['www-authenticate']).not.toMatch(/rfc8693'/);
  expect(hintOf(logger)).toMatchObject({
    level: 'warn',
    fields: {
      reason: 'access_token.layout_mismatch',
      hint: expect.stringMatching(/layout: 'rfc8693'/),
    },
  });
  expect(JSON.stringify(logger.events)).not.toMatch(/alice@example\.com/);
});

it('logs no hint for a refusal that has none', async () => {
  const { guard, logger } = guardWithLog();
  await guard.checkRequest(await requestWith({ sub: AGENT }));
  expect(logger.events.map((entry) => entry.event)).not.toContain('dual_auth_refusal_hint');
});

it('logs the audience this API accepts for a token for another one, and tells the client no more', async () => {
  const { guard, logger } = guardWithLog(MCP_URL);
  // The agent asked for the REST API's audience and called the MCP server.
  const decision = await guard.checkRequest(
    await requestWith({ sub: AGENT, act: { sub: '00u-alice' } }),
  );
  expect(decision).toMatchObject({
    status: 401,
    body: { error: 'invalid_token', error_description: 'Access token is not for this audience' },
  });
  expect(decision.decision === 'DENY' && decision.headers['www-authenticate']).not.toContain(
    MCP_URL,
  );
  const hint = hintOf(logger);
  expect(hint?.fields).toMatchObject({ reason: 'access_token.wrong_audience' });
  expect(String(hint?.fields?.hint)).toContain(MCP_URL);
  expect(String(hint?.fields?.hint)).toMatch(/API_AUDIENCE/);
  // wave32/newuser: the hint named only API_AUDIENCE / OAUTH_RESOURCE, which Keycloak's adapter
  // does not read and Okta's never sends: there the IdP picks `aud` (an Audience mapper, the
  // authorization server's audience), and an operator following the hint changed nothing.
  expect(String(hint?.fields?.hint)).toBe(
    `this API accepts tokens for ${MCP_URL}: the agent's tokens must name it in aud, set at the IdP (an Audience mapper, the authorization server's audience) or in the agent's API_AUDIENCE, OAUTH_RESOURCE or API_SCOPE, whichever its adapter sends; dual-auth doctor --audience says which`,
  );
  // Never the token's own aud: a message echoes no claim value.
  expect(String(hint?.fields?.hint)).not.toContain('finance-api');
});

// wave32/querytoken: a token in the URL was audited access_token.malformed, as a doubled header,
// with no word to the operator that it is now in proxy and server logs (RFC 6750 §5.3).
it('audits a token in the URL apart, logs a hint to revoke it and fix the client, and tells the client no more', async () => {
  const { guard, logger } = guardWithLog();
  const sent = await requestWith({ sub: AGENT, act: { sub: '00u-alice' } });
  const token = sent.headers.get('authorization')?.slice('Bearer '.length) ?? '';
  const decision = await guard.checkRequest(
    new Request(`https://api.example.test/accounts?access_token=${token}`, sent),
  );
  expect(decision).toMatchObject({
    status: 400,
    audit: { reason: 'access_token.sent_in_url', failed_side: 'credentials' },
    body: {
      error: 'invalid_request',
      error_description:
        'access_token query parameter was sent; send the access token in the Authorization header only, never in the URL',
    },
  });
  expect(decision.decision === 'DENY' && decision.headers['www-authenticate']).not.toMatch(
    /revoke/,
  );
  expect(hintOf(logger)).toEqual({
    level: 'warn',
    event: 'dual_auth_refusal_hint',
    fields: {
      reason: 'access_token.sent_in_url',
      hint: 'proxy and server logs hold a token sent in a URL (RFC 6750 section 5.3): revoke it at the IdP and fix the client',
    },
  });
  expect(JSON.stringify(logger.events)).not.toContain(token);
});

// Journey 9 (wave9/journey9): an API team moves to Okta On-Behalf-Of token exchange
// (OAUTH_PRESET=okta on the agent) and forgets `layout: 'rfc8693'` on the guard. The token (sub
// the login, uid the user, cid and act.sub the agent) is refused as legacy with "request the
// agent's token with the client credentials flow": the fix for an agent that asked for the wrong
// token, not for an API that reads token exchange in the wrong layout. The message should name
// the setting that fixes this case too.
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
