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

// Journey 9: an agent asked for the REST API's audience and called the MCP server (or the other
// way round). The operator's log names the audience this API accepts and the agent setting that
// picks it; the client's answer stays "Access token is not for this audience".
const ISSUER = 'https://example.okta.com/oauth2/aus-finance';
const AGENT = '0oa-agent-b';
const MCP_URL = 'https://mcp.example.com/mcp';

let key: SigningKey;
beforeAll(async () => {
  key = await createSigningKey('okta-1');
});

it('logs the audience this API accepts when a token is for another one, and tells the client no more', async () => {
  const logger = recordingLogger();
  const guard = createDualAuthGuard({
    profile: oktaTokenProfile,
    issuer: ISSUER,
    audience: MCP_URL,
    keys: key.publicKey,
    clock: fixedClock,
    agentAllowed: () => true,
    humanAllowed: () => true,
    logger,
  });
  const token = await signJwt(
    {
      iss: ISSUER,
      aud: 'finance-api',
      iat: NOW_S,
      exp: NOW_S + 300,
      cid: AGENT,
      sub: AGENT,
      act: { sub: '00u-alice' },
    },
    key,
  );
  const decision = await guard.checkRequest(
    new Request(MCP_URL, { headers: { authorization: `Bearer ${token}` } }),
  );
  expect(decision).toMatchObject({
    status: 401,
    body: { error: 'invalid_token', error_description: 'Access token is not for this audience' },
  });
  expect(decision.decision === 'DENY' && decision.headers['www-authenticate']).not.toContain(
    MCP_URL,
  );
  const hint = logger.events.find((entry) => entry.event === 'dual_auth_refusal_hint');
  expect(hint?.fields).toMatchObject({ reason: 'access_token.wrong_audience' });
  expect(String(hint?.fields?.hint)).toContain(MCP_URL);
  expect(String(hint?.fields?.hint)).toMatch(/API_AUDIENCE/);
  expect(String(hint?.fields?.hint)).not.toContain('finance-api');
});
