import {
  assertVendor,
  createSubjectToken,
  getConfig,
  SubjectTokenRequiredError,
  TOKEN_TYPE,
} from '@dual-auth/core';
import { type LocalIdp, startLocalIdp } from '@dual-auth/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OAuthPreset, oauthPlugin } from './index.js';

// Review of session 39 (review2): refuseUnusableSubjectToken was tested with token exchange and
// ID-JAG against stand-in servers only. Every vendor's native delegation (its `rfc8693` layout)
// sends the human's token through this adapter, with the vendor's preset: each one, on-behalf-of
// included, refuses a token past its exp by more than 300 s before its IdP hears of it, and sends
// one the IdP may still take (past by less: the IdP's own leeway decides).
const PRESETS: readonly {
  readonly preset: OAuthPreset;
  readonly vendor: string;
  readonly kind: 'access' | 'id';
  readonly env?: Readonly<Record<string, string>>;
}[] = [
  { preset: 'keycloak', vendor: 'keycloak', kind: 'access' },
  {
    preset: 'auth0',
    vendor: 'auth0',
    kind: 'access',
    env: { OAUTH_TOKEN_AUTH_METHOD: 'client_secret_jwt' },
  },
  { preset: 'entraid', vendor: 'entraid', kind: 'access' },
  {
    preset: 'okta',
    vendor: 'okta',
    kind: 'access',
    env: { OAUTH_TOKEN_AUTH_METHOD: 'client_secret_jwt' },
  },
  { preset: 'okta-xaa', vendor: 'okta', kind: 'id' },
];

describe.each(PRESETS)('OAUTH_PRESET=$preset against the local $vendor IdP', (setting) => {
  let idp: LocalIdp;
  beforeAll(async () => {
    idp = await startLocalIdp({ vendor: setting.vendor });
  }, 60_000);
  afterAll(() => idp?.close());

  async function delegate(expiresInSeconds: number) {
    const human = [...idp.humans.values()][0];
    if (human === undefined) throw new Error('the local IdP has a human');
    const agent = idp.agents.get('finance-agent');
    const config = await getConfig({
      env: {
        OAUTH_TOKEN_URL: idp.tokenUrl,
        AGENT_CLIENT_ID: 'finance-agent',
        AGENT_CLIENT_SECRET: agent?.clientSecret ?? '',
        OAUTH_PRESET: setting.preset,
        API_AUDIENCE: idp.audience,
        OAUTH_IDP_TOKEN_URL: idp.tokenUrl,
        OAUTH_RESOURCE_ISSUER: idp.issuer,
        ...setting.env,
      },
      plugins: [oauthPlugin],
    });
    assertVendor(config, 'oauth');
    const adapter = oauthPlugin.createAdapter(config, { fetch: idp.fetch, retry: false });
    const token = await idp.issueSubjectToken({
      human: human.sub,
      expiresInSeconds,
      ...(setting.kind === 'id' ? { kind: 'id', clientId: 'finance-agent' } : {}),
    });
    const sent = idp.requests.length;
    const outcome = await adapter
      .requestToken({
        agentId: 'finance-agent',
        act: { sub: human.sub, ...(human.oid === undefined ? {} : { oid: human.oid }) },
        scope: ['finance.read'],
        subjectToken: createSubjectToken(
          token,
          setting.kind === 'id' ? TOKEN_TYPE.idToken : TOKEN_TYPE.accessToken,
        ),
      })
      .catch((error: unknown) => error);
    return { outcome, sentToIdp: idp.requests.length - sent, token, human: human.sub };
  }

  it('a token past its exp by more than 300 s: SubjectTokenRequiredError, nothing sent', async () => {
    const { outcome, sentToIdp, token, human } = await delegate(-600);
    expect(SubjectTokenRequiredError.isInstance(outcome)).toBe(true);
    expect(String(outcome)).toMatch(/past its exp.*fresh token of the human's sign-in/);
    expect(String(outcome)).not.toContain(token);
    expect(String(outcome)).not.toContain(human);
    expect(sentToIdp).toBe(0);
  });

  it('a token past its exp by less than 300 s is sent: the IdP decides', async () => {
    const { outcome, sentToIdp } = await delegate(-60);
    expect(SubjectTokenRequiredError.isInstance(outcome)).toBe(false);
    expect(sentToIdp).toBeGreaterThan(0);
  });
});
