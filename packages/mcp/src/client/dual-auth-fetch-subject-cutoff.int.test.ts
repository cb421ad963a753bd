import { entraIdTokenProfile } from '@dual-auth/adapter-entraid';
import { entraIdLocalIdp } from '@dual-auth/adapter-entraid/testing';
import { keycloakTokenProfile } from '@dual-auth/adapter-keycloak';
import { keycloakLocalIdp } from '@dual-auth/adapter-keycloak/testing';
import { type OAuthPreset, oauthPlugin } from '@dual-auth/adapter-oauth';
import {
  type Act,
  ActVerificationError,
  assertVendor,
  createSubjectToken,
  getConfig,
  InMemoryDelegationCutoffStore,
} from '@dual-auth/core';
import type { TokenProfile } from '@dual-auth/core/jwt';
import { endDelegation, InSessionTokenRequest } from '@dual-auth/session';
import { runWithAct } from '@dual-auth/session/context';
import {
  type LocalIdp,
  type LocalIdpProfile,
  startLocalIdp,
  type TestHttpsServer,
} from '@dual-auth/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCutoffBalanceApi } from '../../test/support/cutoff-balance-api.js';
import { dualAuthFetch } from './dual-auth-fetch.js';

interface PresetCase {
  readonly preset: OAuthPreset;
  readonly local: LocalIdpProfile;
  readonly profile: TokenProfile;
}

// Keycloak's token exchange, and Entra ID's on-behalf-of (its tokens name the human by `oid`).
const CASES: readonly PresetCase[] = [
  { preset: 'keycloak', local: keycloakLocalIdp, profile: keycloakTokenProfile },
  { preset: 'entraid', local: entraIdLocalIdp, profile: entraIdTokenProfile },
];

const EXCHANGE = 'urn:ietf:params:oauth:grant-type:token-exchange';
const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

describe.each(CASES)(
  "an in-session agent after the human's logout (OAUTH_PRESET=$preset)",
  (vendor) => {
    let idp: LocalIdp;
    let api: TestHttpsServer;
    let act: Act;
    let statuses: number[];
    // One store shared by endDelegation, the agent and the API's guard, as the guide wires it.
    const cutoffStore = new InMemoryDelegationCutoffStore();

    beforeAll(async () => {
      idp = await startLocalIdp({ vendor: vendor.local });
      const human = [...idp.humans.values()][0];
      act = { sub: human?.sub ?? '', ...(human?.oid === undefined ? {} : { oid: human.oid }) };
      ({ api, statuses } = await startCutoffBalanceApi(idp, {
        profile: vendor.profile,
        layout: 'rfc8693',
        cutoffStore,
      }));
    }, 60_000);
    afterAll(async () => {
      await api?.close();
      await idp?.close();
    });

    async function inSessionAgent() {
      const config = await getConfig({
        env: {
          OAUTH_TOKEN_URL: idp.tokenUrl,
          AGENT_CLIENT_ID: 'finance-agent',
          AGENT_CLIENT_SECRET: idp.agents.get('finance-agent')?.clientSecret ?? '',
          OAUTH_PRESET: vendor.preset,
          API_AUDIENCE: idp.audience,
          OAUTH_IDP_TOKEN_URL: idp.tokenUrl,
          OAUTH_RESOURCE_ISSUER: idp.issuer,
        },
        plugins: [oauthPlugin],
      });
      assertVendor(config, 'oauth');
      const adapter = oauthPlugin.createAdapter(config, { fetch: idp.fetch, retry: false });
      const inSession = new InSessionTokenRequest({ adapter, cutoffStore });
      return dualAuthFetch({
        resourceMetadata: 'off',
        origin: new URL(api.url),
        tokenRequest: inSession,
        agentId: 'finance-agent',
        scope: ['finance.read'],
        fetch: api.fetch,
      });
    }

    const delegationsAtIdp = () =>
      idp.requests.filter((r) => [EXCHANGE, JWT_BEARER].includes(String(r.fields.grant_type)))
        .length;

    it('refuses the subject token from before endDelegation before any IdP request; a sign-in after the cut-off reaches the API', async () => {
      const call = await inSessionAgent();
      const balance = (subjectToken: string) =>
        runWithAct(act, () => call(`${api.url}/api/balance`), {
          subjectToken: createSubjectToken(subjectToken),
        }).then(
          (response) => `HTTP ${response.status}`,
          (error: unknown) =>
            ActVerificationError.isInstance(error) ? error : Promise.reject(error as Error),
        );
      // She signed in ten minutes ago and logs out now, the cut-off recorded on a clock set a minute
      // back: the IdP mints at its own time, so a sign-in now postdates the cut-off by more than
      // the 15 s clock tolerance, with no waiting. Ten minutes: the entraid preset judges a
      // subject token at iat + 300 s (Entra dates iat 5 minutes back; the local IdP does not), so
      // a login two minutes old would still count as after the cut-off there.
      const nowSeconds = Math.floor(Date.now() / 1000);
      const oldLogin = await idp.issueSubjectToken({
        human: act.sub,
        issuedAtSeconds: nowSeconds - 600,
      });
      expect(await balance(oldLogin)).toBe('HTTP 200');
      const exchanges = delegationsAtIdp();
      expect(exchanges).toBe(1);

      await endDelegation({ human: act, cutoffStore, clock: { now: () => Date.now() - 60_000 } });
      // The app still holds her old token: the agent refuses it, and asks the IdP nothing.
      const refused = await balance(oldLogin);
      expect(refused).toMatchObject({ reason: 'revoked', claim: 'iat' });
      expect((refused as Error).message).toMatch(/sign the human in again/);
      expect(delegationsAtIdp()).toBe(exchanges);

      const newLogin = await idp.issueSubjectToken({ human: act.sub });
      expect(await balance(newLogin)).toBe('HTTP 200');
      expect(delegationsAtIdp()).toBe(exchanges + 1);
      expect(statuses).toEqual([200, 200]);
    }, 60_000);
  },
);
