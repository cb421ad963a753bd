import { auth0Plugin } from '@dual-auth/adapter-auth0';
import { entraIdPlugin } from '@dual-auth/adapter-entraid';
import { keycloakPlugin } from '@dual-auth/adapter-keycloak';
import { oauthPlugin } from '@dual-auth/adapter-oauth';
import { oktaPlugin } from '@dual-auth/adapter-okta';
import type { DoctorCheckId, DualAuthPlugin } from '@dual-auth/core';
import { type LocalIdp, type LocalIdpMisconfiguration, startLocalIdp } from '@dual-auth/testing';
import { describe, expect, it } from 'vitest';
import type { DoctorOptions } from './run-doctor.js';
import { runDoctor } from './run-doctor.js';

type Switch = keyof LocalIdpMisconfiguration;

interface VendorCase {
  readonly vendor: string;
  /** The RFC 8693 token-exchange profile: the agent exchanges the human's own token. */
  readonly tokenExchange?: boolean;
  readonly plugin: DualAuthPlugin;
  /** What the API of the local IdP expects, as a user would pass it to the doctor. */
  readonly expect: Pick<DoctorOptions, 'scopes' | 'role'>;
  /** The check each switch must fail, and words of the fix or console path it must give. */
  readonly switches: Readonly<Partial<Record<Switch, readonly [DoctorCheckId, RegExp]>>>;
}

const CASES: readonly VendorCase[] = [
  {
    vendor: 'keycloak',
    plugin: keycloakPlugin,
    expect: { scopes: ['finance.read'], role: 'FinanceAgent' },
    switches: {
      actNotCopied: ['human', /protocol mapper/],
      wrongAudience: ['audience', /Audience/],
      missingRole: ['agent-role', /Service account roles/],
      wrongAssertionAudience: ['client-authentication', /assertion audience/],
    },
  },
  {
    vendor: 'auth0',
    plugin: auth0Plugin,
    expect: { scopes: ['read:finance-data'] },
    switches: {
      actNotCopied: ['human', /credentials-exchange/],
      wrongAudience: ['audience', /Identifier/],
      missingRole: ['scopes', /Permissions/],
      wrongAssertionAudience: ['client-authentication', /assertion audience/],
    },
  },
  {
    vendor: 'okta',
    plugin: oktaPlugin,
    expect: { scopes: ['finance.read'] },
    switches: {
      actNotCopied: ['human', /clientAssertion\.claims\.act/],
      wrongAudience: ['audience', /Audience/],
      missingRole: ['scopes', /Access Policies/],
      wrongAssertionAudience: ['client-authentication', /assertion audience/],
    },
  },
  // Entra copies nothing into tokens (the app-signed act assertion carries the human) and its
  // client sends no assertion (client_secret_post): actNotCopied and wrongAssertionAudience do not
  // apply to it.
  {
    vendor: 'entraid',
    plugin: entraIdPlugin,
    expect: { role: 'FinanceAgent' },
    switches: {
      wrongAudience: ['audience', /Application ID URI/],
      missingRole: ['agent-role', /app role/],
    },
  },
  {
    vendor: 'oauth',
    plugin: oauthPlugin,
    expect: { scopes: ['finance.read'] },
    switches: {
      actNotCopied: ['human', /"act"/],
      wrongAudience: ['audience', /Resources/],
      missingRole: ['scopes', /Allowed scopes/],
      wrongAssertionAudience: ['client-authentication', /RFC 7523/],
    },
  },
  {
    vendor: 'oauth',
    tokenExchange: true,
    plugin: oauthPlugin,
    expect: { scopes: ['finance.read'] },
    switches: {
      actNotCopied: ['human', /exchange the human’s token/],
      wrongAudience: ['audience', /Resources/],
      missingRole: ['scopes', /Allowed scopes/],
      wrongAssertionAudience: ['client-authentication', /RFC 7523/],
    },
  },
];

const PASSING = ['token-endpoint', 'client-authentication', 'human', 'audience', 'lifetime'];

const aliceOf = (idp: LocalIdp): string =>
  [...idp.humans.values()].find((human) => human.username === 'alice')?.sub ?? 'no alice';

async function doctorAt(c: VendorCase, misconfigure?: LocalIdpMisconfiguration) {
  const idp = await startLocalIdp({ vendor: c.vendor, ...(misconfigure ? { misconfigure } : {}) });
  try {
    return await runDoctor({
      human: aliceOf(idp),
      audience: idp.audience,
      ...c.expect,
      ...(c.tokenExchange
        ? {
            env: { ...idp.env(), OAUTH_MODE: 'token-exchange' },
            subjectToken: await idp.issueSubjectToken({ human: 'alice' }),
          }
        : { env: idp.env() }),
      plugins: [c.plugin],
      fetch: idp.fetch,
    });
  } finally {
    await idp.close();
  }
}

const LABELLED = CASES.map((c) => ({
  ...c,
  label: c.tokenExchange ? `${c.vendor} (token exchange)` : c.vendor,
}));

describe.each(LABELLED)('runDoctor against the local $label IdP', (c) => {
  it('is green on a correct profile', async () => {
    const report = await doctorAt(c);
    expect(report.checks.filter((check) => check.status === 'fail')).toEqual([]);
    const layout = c.tokenExchange ? 'rfc8693' : 'legacy';
    expect(report).toMatchObject({ ok: true, vendor: c.vendor, layout });
    const passed = report.checks.filter((check) => check.status === 'pass').map((x) => x.id);
    expect(passed).toEqual(expect.arrayContaining(PASSING));
  }, 60_000);

  it.each(Object.entries(c.switches))(
    'with %s, fails the right check with the IdP-side fix',
    async (name, [check, fix]) => {
      const report = await doctorAt(c, { [name]: true });
      expect(report.ok).toBe(false);
      const failed = report.checks.filter((x) => x.status === 'fail');
      expect(failed.map((x) => x.id)).toEqual([check]);
      expect(`${failed[0]?.fix} (${failed[0]?.consolePath})`).toMatch(fix);
      expect(failed[0]?.consolePath).toMatch(/→/);
      expect(failed[0]?.docs).toMatch(/^https:\/\//);
    },
    60_000,
  );
});
