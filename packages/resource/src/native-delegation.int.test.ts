import { auth0TokenProfile } from '@dual-auth/adapter-auth0';
import { auth0LocalIdp } from '@dual-auth/adapter-auth0/testing';
import { entraIdTokenProfile } from '@dual-auth/adapter-entraid';
import { entraIdLocalIdp } from '@dual-auth/adapter-entraid/testing';
import { keycloakTokenProfile } from '@dual-auth/adapter-keycloak';
import { keycloakLocalIdp } from '@dual-auth/adapter-keycloak/testing';
import { type OAuthPreset, oauthPlugin } from '@dual-auth/adapter-oauth';
import { oktaTokenProfile } from '@dual-auth/adapter-okta';
import { oktaLocalIdp } from '@dual-auth/adapter-okta/testing';
import {
  assertVendor,
  createAdapter,
  createSubjectToken,
  getConfig,
  InMemoryDelegationCutoffStore,
  TOKEN_TYPE,
} from '@dual-auth/core';
import { createRemoteJwks } from '@dual-auth/core/adapter-kit';
import type { TokenProfile } from '@dual-auth/core/jwt';
import { endDelegation } from '@dual-auth/session';
import { type LocalIdp, type LocalIdpProfile, startLocalIdp } from '@dual-auth/testing';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  agentHasRole,
  agentHasScope,
  authorize,
  type DualSubjectVerifyOptions,
  verifyDualSubjectToken,
} from './index.js';

interface PresetCase {
  readonly preset: OAuthPreset;
  readonly local: LocalIdpProfile;
  readonly profile: TokenProfile;
  /** The human's token the preset exchanges: an access token, or Okta's ID token. */
  readonly subjectKind: 'access' | 'id';
  /** Actors after the agent in a one-hop token (Auth0 nests the originating client). */
  readonly originating: readonly string[];
  /** Whether the vendor's token can name a chain of agents (nested act). */
  readonly chains: boolean;
  /** Whether the token's `sub` is the API's own id of the human (Entra: pairwise), `oid` hers. */
  readonly pairwiseSub?: boolean;
  /** Overrides for the local IdP (it registers HS256 clients; a real Auth0 tenant wants a key). */
  readonly env?: Readonly<Record<string, string>>;
}

const CASES: readonly PresetCase[] = [
  {
    preset: 'keycloak',
    local: keycloakLocalIdp,
    profile: keycloakTokenProfile,
    subjectKind: 'access',
    originating: [],
    chains: true,
  },
  {
    preset: 'auth0',
    local: auth0LocalIdp,
    profile: auth0TokenProfile,
    subjectKind: 'access',
    originating: ['web-app'],
    chains: true,
    env: { OAUTH_TOKEN_AUTH_METHOD: 'client_secret_jwt' },
  },
  {
    preset: 'entraid',
    local: entraIdLocalIdp,
    profile: entraIdTokenProfile,
    subjectKind: 'access',
    originating: [],
    chains: false,
    pairwiseSub: true,
  },
  {
    preset: 'okta',
    local: oktaLocalIdp,
    profile: oktaTokenProfile,
    subjectKind: 'access',
    originating: [],
    chains: true,
    env: { OAUTH_TOKEN_AUTH_METHOD: 'client_secret_jwt' },
  },
  {
    preset: 'okta-xaa',
    local: oktaLocalIdp,
    profile: oktaTokenProfile,
    subjectKind: 'id',
    originating: [],
    chains: false,
  },
];

describe.each(CASES)('OAUTH_PRESET=$preset against the $preset local IdP', (vendor) => {
  let idp: LocalIdp;
  let alice: string;
  /** Alice as a session names her: her directory object id too where the IdP has one (Entra). */
  let aliceAct: { sub: string; oid?: string };
  let options: DualSubjectVerifyOptions;

  beforeAll(async () => {
    idp = await startLocalIdp({ vendor: vendor.local });
    idp.addAgent({
      clientId: 'sub-agent',
      scopes: ['finance.read'],
      permissions: ['read:finance-data'],
    });
    const human = [...idp.humans.values()][0];
    alice = human?.sub as string;
    aliceAct = { sub: alice, ...(human?.oid === undefined ? {} : { oid: human.oid }) };
    options = {
      profile: vendor.profile,
      layout: 'rfc8693',
      // An Okta custom authorization server names the user by login in sub, by id in uid.
      ...(vendor.preset === 'okta' ? { humanIdClaim: 'uid' } : {}),
      issuer: idp.issuer,
      audience: idp.audience,
      keys: createRemoteJwks(idp.jwksUrl, { fetch: idp.fetch, timeoutMs: 30_000 }),
    };
  });
  afterAll(() => idp.close());

  async function delegate(
    subjectToken: string,
    {
      agentId = 'finance-agent',
      audience = idp.audience,
      act = aliceAct,
    }: { agentId?: string; audience?: string; act?: { sub: string; oid?: string } } = {},
  ) {
    const agent = idp.agents.get(agentId);
    const config = await getConfig({
      env: {
        OAUTH_TOKEN_URL: idp.tokenUrl,
        AGENT_CLIENT_ID: agentId,
        AGENT_CLIENT_SECRET: agent?.clientSecret ?? '',
        OAUTH_PRESET: vendor.preset,
        API_AUDIENCE: audience,
        OAUTH_IDP_TOKEN_URL: idp.tokenUrl,
        OAUTH_RESOURCE_ISSUER: idp.issuer,
        ...vendor.env,
      },
      plugins: [oauthPlugin],
    });
    assertVendor(config, 'oauth');
    const adapter = oauthPlugin.createAdapter(config, { fetch: idp.fetch, retry: false });
    return adapter.requestToken({
      agentId,
      act,
      scope: ['finance.read'],
      subjectToken: createSubjectToken(
        subjectToken,
        vendor.subjectKind === 'id' ? TOKEN_TYPE.idToken : TOKEN_TYPE.accessToken,
      ),
    });
  }

  const humanToken = (extra: { mayAct?: Record<string, unknown> } = {}) =>
    idp.issueSubjectToken({
      human: alice,
      ...(vendor.subjectKind === 'id' ? { kind: 'id', clientId: 'finance-agent' } : {}),
      ...extra,
    });

  it('issues the human in sub and the agent as the actor; resource reads one DualSubject', async () => {
    const token = await delegate(await humanToken());
    const subject = await verifyDualSubjectToken(token.accessToken, options);
    expect(subject).toMatchObject({
      vendor: vendor.profile.vendor,
      layout: 'rfc8693',
      agent: { id: 'finance-agent' },
      human: vendor.pairwiseSub ? { oid: aliceAct.oid } : { sub: alice },
    });
    if (vendor.pairwiseSub) expect(subject.human.sub).not.toBe(alice);
    expect(subject.chain.map((link) => link.id)).toEqual(['finance-agent', ...vendor.originating]);
    // Okta's access tokens carry the login (an email) in sub beside the user id in uid: the
    // human is read by the id alone, the login nowhere.
    if (vendor.preset === 'okta') expect(subject.human).toEqual({ sub: alice });
  });

  it('the agent check never passes on the grants of the human whose token was exchanged', async () => {
    // Mallory holds the guide's agent grant herself; intern-agent was granted nothing.
    const { kind, name } = vendor.local.agentGrant;
    // An Entra user always has an object id; her tokens name her by it and a pairwise `sub`.
    const oid = vendor.pairwiseSub ? { oid: '5a110000-0000-4000-8000-0000000000a1' } : {};
    const mallory = idp.addHuman({ sub: `mallory-${vendor.preset}`, roles: [name], ...oid });
    const subjectToken = await idp.issueSubjectToken({
      human: mallory.sub,
      ...(vendor.subjectKind === 'id'
        ? { kind: 'id', clientId: 'intern-agent' }
        : { audience: 'intern-agent' }),
    });
    const token = await delegate(subjectToken, {
      agentId: 'intern-agent',
      act: { sub: mallory.sub, ...oid },
    });
    // The IdP puts her grant in the token, as the real one does (Okta's XAA token carries none;
    // an Okta custom authorization server's scp is what its access policy grants, none here).
    if (vendor.preset !== 'okta-xaa' && vendor.preset !== 'okta') {
      expect(JSON.stringify(decodeJwt(token.accessToken))).toContain(name);
    }
    const subject = await verifyDualSubjectToken(token.accessToken, options);
    expect(subject).toMatchObject({
      agent: { id: 'intern-agent' },
      human: vendor.pairwiseSub ? { oid: mallory.oid } : { sub: mallory.sub },
    });
    expect([...subject.agent.roles, ...subject.agent.scopes]).not.toContain(name);
    const result = await authorize({
      subject,
      agentAllowed: kind === 'role' ? agentHasRole(name) : agentHasScope(name),
      humanAllowed: () => true,
    });
    expect(result).toMatchObject({ decision: 'DENY', failedSide: 'agent' });
    expect(result.agent.reason).toBe(
      kind === 'role' ? 'roles_not_in_token' : 'scopes_not_in_token',
    );
  });

  // Whatever id the vendor's token names her by (Entra: a sub of the API's own, and her oid).
  it("is refused once the session human's delegations are ended by endDelegation({ human: act })", async () => {
    const token = await delegate(await humanToken());
    const withCutoff = { ...options, cutoffStore: new InMemoryDelegationCutoffStore() };
    await verifyDualSubjectToken(token.accessToken, withCutoff);
    await endDelegation({ human: aliceAct, cutoffStore: withCutoff.cutoffStore });
    const refused = await verifyDualSubjectToken(token.accessToken, withCutoff).catch(
      (e: unknown) => e,
    );
    expect(refused).toMatchObject({ credential: 'access_token', reason: 'revoked' });
  });

  it('a subject token whose may_act names another agent is refused by the agent, before the IdP', async () => {
    const error = await delegate(await humanToken({ mayAct: { sub: 'other-agent' } })).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toMatch(/may_act/);
  });

  it('a legacy token where RFC 8693 is configured is refused, not swapped', async () => {
    const legacy = await createAdapter(undefined, {
      env: idp.env(),
      importModule: (specifier: string) => import(/* @vite-ignore */ specifier),
      fetch: idp.fetch,
    }).then((adapter) =>
      adapter.requestToken({
        agentId: 'finance-agent',
        act: { sub: alice },
        scope: ['finance.read'],
      }),
    );
    const error = await verifyDualSubjectToken(legacy.accessToken, options).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ credential: 'access_token' });
    expect(['layout_mismatch', 'missing_claim']).toContain((error as { reason: string }).reason);
  });

  it('a delegated token where the legacy layout is configured is refused, not swapped', async () => {
    const token = await delegate(await humanToken());
    // humanIdClaim is an rfc8693 setting: the legacy configuration has none.
    const { humanIdClaim: _rfc8693Only, ...legacyOptions } = options;
    const error = await verifyDualSubjectToken(token.accessToken, {
      ...legacyOptions,
      layout: 'legacy',
      boundActAssertion: {
        actAudience: idp.audience,
        appKeys: idp.app.publicKeyPem,
        replayStore: { claim: async () => true },
      },
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'DualSubjectVerificationError' });
  });

  // Entra's on-behalf-of token and the ID-JAG name one actor only: no chain to test there.
  if (!vendor.chains) return;
  it('a chain of two agents verifies in order; past the limit it is refused', async () => {
    const hop = await delegate(await humanToken(), { audience: 'sub-agent' });
    const token = await delegate(hop.accessToken, { agentId: 'sub-agent' });
    const subject = await verifyDualSubjectToken(token.accessToken, options);
    expect(subject.chain.map((link) => link.id)).toEqual([
      'sub-agent',
      'finance-agent',
      ...vendor.originating,
    ]);
    const refused = await verifyDualSubjectToken(token.accessToken, {
      ...options,
      maxChainDepth: 1 + vendor.originating.length,
    }).catch((e: unknown) => e);
    expect(refused).toMatchObject({ reason: 'chain_too_deep' });
  });
});
