import { oauthTokenProfile } from '@dual-auth/adapter-oauth';
import { describe, expect, it } from 'vitest';
import { ownIssuerPerFile } from '../test/support/own-issuer.js';
import { refusal } from '../test/support/refusal.js';

// Session 38 (wave38/agentside): session 37 made @dual-auth/adapter-oauth refuse a token naming
// another client in any of client_id/azp/appid/cid, but the guard's oauthTokenProfile read
// client_id alone: a token whose client_id named the agent and whose azp named another client was
// admitted for the agent, where the agent itself would have refused it.
const AGENT = 'finance-agent';
const HUMAN = 'u-alice';

const { verify } = ownIssuerPerFile({
  kid: 'oauth-1',
  issuer: 'https://as.example.com',
  audience: 'finance-api',
  options: { profile: oauthTokenProfile },
});

const layouts = {
  legacy: { client_id: AGENT, sub: AGENT, act: { sub: HUMAN } },
  rfc8693: { client_id: AGENT, sub: HUMAN, act: { sub: AGENT } },
} as const;

describe('attack: a token whose client claims name two clients', () => {
  it.each([
    ['legacy', 'azp'],
    ['legacy', 'appid'],
    ['legacy', 'cid'],
    ['rfc8693', 'azp'],
    ['rfc8693', 'cid'],
  ] as const)(
    '%s layout: client_id the agent, %s another client: refused, naming the claim',
    async (layout, claim) => {
      const error = await refusal(
        verify({ ...layouts[layout], [claim]: 'other-agent' }, { layout }),
      );
      expect(error).toMatchObject({ reason: 'malformed', claim });
      expect(error.message).toContain(`"${claim}"`);
      expect(error.message).not.toContain('other-agent');
    },
  );

  it.each(['legacy', 'rfc8693'] as const)(
    '%s layout: every client claim naming the agent passes',
    async (layout) => {
      const subject = await verify(
        { ...layouts[layout], azp: AGENT, appid: AGENT, cid: AGENT },
        { layout },
      );
      expect(subject.agent.id).toBe(AGENT);
      expect(subject.human.sub).toBe(HUMAN);
    },
  );
});

// Session 38 (wave38/review): the profile reads the client in any of client_id/azp/appid/cid (the
// adapter hands out a client-credentials token so named), but whether the token is the client's
// own compared `sub` with client_id alone: an Okta-shaped token ({ sub, cid } the agent, no
// client_id) was refused as a user's token where the agent had accepted it.
describe('legacy layout: the client named only by azp, appid or cid', () => {
  it.each(['azp', 'appid', 'cid'] as const)(
    'a client-credentials token whose sub is its %s is the agent’s own',
    async (claim) => {
      const subject = await verify(
        { sub: AGENT, [claim]: AGENT, act: { sub: HUMAN } },
        { layout: 'legacy' },
      );
      expect(subject.agent.id).toBe(AGENT);
      expect(subject.human.sub).toBe(HUMAN);
    },
  );

  it.each(['azp', 'appid', 'cid'] as const)(
    'a token whose sub is not its %s is still a user’s token, refused',
    async (claim) => {
      const error = await refusal(
        verify({ sub: 'u-bob', [claim]: AGENT, act: { sub: HUMAN } }, { layout: 'legacy' }),
      );
      expect(error).toMatchObject({ reason: 'layout_mismatch', claim: 'sub' });
    },
  );
});
