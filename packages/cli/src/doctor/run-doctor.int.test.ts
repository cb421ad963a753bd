import { createPrivateKey, generateKeyPairSync } from 'node:crypto';
import { auth0Plugin } from '@dual-auth/adapter-auth0';
import { entraIdPlugin } from '@dual-auth/adapter-entraid';
import { keycloakPlugin } from '@dual-auth/adapter-keycloak';
import { oauthPlugin } from '@dual-auth/adapter-oauth';
import { oktaPlugin } from '@dual-auth/adapter-okta';
import type { DoctorCheckId, DualAuthPlugin } from '@dual-auth/core';
import { createRemoteJwks } from '@dual-auth/core/adapter-kit';
import {
  generateRsaKeyPair,
  type LocalIdp,
  type LocalIdpMisconfiguration,
  startLocalIdp,
} from '@dual-auth/testing';
import { describe, expect, it } from 'vitest';
import { presetEnv } from '../../test/support/preset-env.js';
import { startSilentServer } from '../../test/support/silent-server.js';
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
      missingRole: ['agent-role', /app role assignment.*"roles".*API permissions/],
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
  const idp = await startLocalIdp({
    vendor: c.vendor,
    ...(misconfigure ? { misconfigure } : {}),
  });
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

/**
 * The local IdP's fetch with each token answer's access-token claims rewritten by `patch` (the
 * signature is left as it was: the adapter decodes the answer, it does not verify it). Only the
 * rewrite is a stand-in: the request goes to the real local IdP.
 */
function patchedTokenFetch(
  idp: LocalIdp,
  patch: (claims: Record<string, unknown>) => Record<string, unknown>,
): typeof globalThis.fetch {
  return async (input, init) => {
    const response = await idp.fetch(input, init);
    if (String(input) !== idp.tokenUrl || !response.ok) return response;
    const answer = (await response.json()) as { access_token: string };
    const [header, payload, signature] = answer.access_token.split('.');
    const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString());
    const patched = Buffer.from(JSON.stringify(patch(claims))).toString('base64url');
    return Response.json({ ...answer, access_token: `${header}.${patched}.${signature}` });
  };
}

describe('runDoctor: a token the adapter refuses after the IdP answered it', () => {
  // The local IdP's token exchange, its answer's act patched to name the human as an earlier
  // actor: the OAuth adapter refuses it (the API would), and no check of the doctor looks there.
  it("fails 'human' with the adapter's message, the token endpoint answered", async () => {
    const idp = await startLocalIdp({ vendor: 'oauth' });
    try {
      const alice = aliceOf(idp);
      const fetch = patchedTokenFetch(idp, (claims) => ({
        ...claims,
        act: { ...(claims.act as object), act: { sub: alice } },
      }));
      const report = await runDoctor({
        human: alice,
        audience: idp.audience,
        scopes: ['finance.read'],
        env: { ...idp.env(), OAUTH_MODE: 'token-exchange' },
        subjectToken: await idp.issueSubjectToken({ human: 'alice' }),
        plugins: [oauthPlugin],
        fetch,
      });
      expect(report.ok).toBe(false);
      const failed = report.checks.filter((check) => check.status === 'fail');
      expect(failed.map((check) => [check.id, check.detail])).toEqual([
        ['human', expect.stringMatching(/act\.act\.sub is the human/)],
      ]);
      expect(report.checks.find((check) => check.id === 'token-endpoint')?.status).toBe('pass');
    } finally {
      await idp.close();
    }
  }, 60_000);
});

// journey13: OAUTH_ISSUER written with a trailing slash. The IdP is right; the agent's setting is
// not, and the report said to enable token exchange on the IdP.
describe("runDoctor: a token refused by the agent's own setting", () => {
  it('says to fix the setting the refusal names, not the IdP', async () => {
    const idp = await startLocalIdp({ vendor: 'oauth' });
    try {
      const alice = aliceOf(idp);
      const report = await runDoctor({
        human: alice,
        env: { ...idp.env(), OAUTH_MODE: 'token-exchange', OAUTH_ISSUER: `${idp.issuer}/` },
        subjectToken: await idp.issueSubjectToken({ human: 'alice' }),
        plugins: [oauthPlugin],
        fetch: idp.fetch,
      });
      const failed = report.checks.filter((check) => check.status === 'fail');
      expect(failed).toEqual([
        expect.objectContaining({
          id: 'human',
          detail: expect.stringMatching(/set OAUTH_ISSUER to the server's metadata issuer/),
        }),
      ]);
      expect(failed[0]?.fix).not.toMatch(/token exchange/);
      expect(failed[0]?.fix).toMatch(/the setting it names/);
    } finally {
      await idp.close();
    }
  }, 60_000);
});

// wave33/kcaud: API_AUDIENCE set with Keycloak, which ignores it (the token's aud comes from the
// client's Audience mapper), passed every check without a word: the user believed it chose aud.
describe('runDoctor: a variable the vendor ignores', () => {
  it('reports the warning of getConfig, naming API_AUDIENCE, never its value', async () => {
    const idp = await startLocalIdp({ vendor: 'keycloak' });
    try {
      const value = 'https://finance.example/never-shown';
      const report = await runDoctor({
        human: aliceOf(idp),
        audience: idp.audience,
        env: { ...idp.env(), API_AUDIENCE: value },
        plugins: [keycloakPlugin],
        fetch: idp.fetch,
      });
      expect(report.warnings).toEqual([
        'API_AUDIENCE is ignored with DUAL_AUTH_VENDOR=keycloak: "aud" comes from an Audience mapper on the agent client; name the API there, unset API_AUDIENCE',
      ]);
      expect(JSON.stringify(report)).not.toContain(value);
      const clean = await runDoctor({
        human: aliceOf(idp),
        audience: idp.audience,
        env: idp.env(),
        plugins: [keycloakPlugin],
        fetch: idp.fetch,
      });
      expect(clean.warnings).toBeUndefined();
    } finally {
      await idp.close();
    }
  }, 60_000);
});

// wave32/firstrun: `--audience account` passed on Keycloak, whose README says an API must never
// check `account` (the audience of its account console, in every token of the realm): a token
// meant for another API would pass such an API. A default realm's tokens carry it.
describe('runDoctor: --audience account on Keycloak', () => {
  it("fails 'audience' with the reason and the Audience-mapper fix, though the token carries it", async () => {
    const idp = await startLocalIdp({
      vendor: 'keycloak',
      vendorOptions: { accountAudience: true },
    });
    try {
      const report = await runDoctor({
        human: aliceOf(idp),
        audience: 'account',
        scopes: ['finance.read'],
        env: idp.env(),
        plugins: [keycloakPlugin],
        fetch: idp.fetch,
      });
      expect(report.ok).toBe(false);
      const failed = report.checks.filter((check) => check.status === 'fail');
      expect(failed.map((check) => check.id)).toEqual(['audience']);
      expect(failed[0]?.detail).toMatch(/^--audience account: .*every token of the realm/);
      expect(failed[0]?.fix).toMatch(/Audience" mapper/);
    } finally {
      await idp.close();
    }
  }, 60_000);

  it('fails it too for the OAuth adapter with OAUTH_PRESET=keycloak (Keycloak issues the token)', async () => {
    const idp = await startLocalIdp({ vendor: 'keycloak' });
    try {
      const report = await runDoctor({
        human: aliceOf(idp),
        audience: 'account',
        subjectToken: await idp.issueSubjectToken({ human: 'alice' }),
        env: presetEnv(idp, 'keycloak', { API_AUDIENCE: idp.audience }),
        plugins: [oauthPlugin],
        fetch: idp.fetch,
      });
      const audience = report.checks.find((check) => check.id === 'audience');
      expect(audience).toMatchObject({
        status: 'fail',
        detail: expect.stringMatching(/^--audience account: /),
      });
    } finally {
      await idp.close();
    }
  }, 60_000);
});

// The local Keycloak's answer, its azp patched to another client: the adapter refuses it
// (mismatch 'agent'), and the report files it under client-authentication, not human.
describe('runDoctor: a legacy token the IdP issued to another client', () => {
  it("fails 'client-authentication' with the adapter's message, the human check not reached", async () => {
    const idp = await startLocalIdp({ vendor: 'keycloak' });
    try {
      const fetch = patchedTokenFetch(idp, (claims) => ({ ...claims, azp: 'another-agent' }));
      const report = await runDoctor({
        human: aliceOf(idp),
        audience: idp.audience,
        scopes: ['finance.read'],
        env: idp.env(),
        plugins: [keycloakPlugin],
        fetch,
      });
      expect(report.ok).toBe(false);
      const failed = report.checks.filter((check) => check.status === 'fail');
      expect(failed.map((check) => [check.id, check.detail])).toEqual([
        ['client-authentication', expect.stringMatching(/another client/)],
      ]);
      expect(report.checks.find((check) => check.id === 'human')?.status).not.toBe('pass');
    } finally {
      await idp.close();
    }
  }, 60_000);
});

const ecKeyPem = () =>
  generateKeyPairSync('ec', { namedCurve: 'P-256' })
    .privateKey.export({ type: 'pkcs8', format: 'pem' })
    .toString();

const encryptedKeyPem = () =>
  generateKeyPairSync('rsa', { modulusLength: 2048 })
    .privateKey.export({
      type: 'pkcs8',
      format: 'pem',
      cipher: 'aes-256-cbc',
      passphrase: 'a throwaway passphrase',
    })
    .toString();

describe('runDoctor: the app-key check of Entra ID', () => {
  /** Runs the doctor on a correct Entra profile, with the options `more` gives for this IdP. */
  async function entraDoctor(more: (idp: LocalIdp) => Partial<DoctorOptions> = () => ({})) {
    const idp = await startLocalIdp({ vendor: 'entraid' });
    try {
      const report = await runDoctor({
        human: aliceOf(idp),
        audience: idp.audience,
        role: 'FinanceAgent',
        env: idp.env(),
        plugins: [entraIdPlugin],
        fetch: idp.fetch,
        ...more(idp),
      });
      return { report, idp };
    } finally {
      await idp.close();
    }
  }
  const appKeyOf = (report: Awaited<ReturnType<typeof runDoctor>>) =>
    report.checks.find((check) => check.id === 'app-key');

  it('passes when the key the API holds verifies the act assertion (PKCS#8 and PKCS#1 keys)', async () => {
    for (const pkcs1 of [false, true]) {
      const { report } = await entraDoctor((idp) => ({
        env: {
          ...idp.env(),
          APP_PRIVATE_KEY: pkcs1
            ? createPrivateKey(idp.app.privateKeyPem)
                .export({ type: 'pkcs1', format: 'pem' })
                .toString()
            : idp.app.privateKeyPem,
        },
        apiAppKeys: { keys: idp.app.publicKeyPem, source: 'APP_PUBLIC_KEY' },
      }));
      expect(report.checks.filter((check) => check.status === 'fail')).toEqual([]);
      expect(report.ok).toBe(true);
      expect(report.checks.map((check) => check.id)).toEqual([
        'token-endpoint',
        'client-authentication',
        'human',
        'app-key',
        'audience',
        'scopes',
        'agent-role',
        'lifetime',
      ]);
      expect(appKeyOf(report)).toMatchObject({
        status: 'pass',
        detail: expect.stringMatching(
          /^signed RS256 by finance-agent, .*verifies with APP_PUBLIC_KEY$/,
        ),
      });
    }
  }, 120_000);

  it('fails with the deploy-or-rotate advice when the API holds a different key', async () => {
    const other = await generateRsaKeyPair();
    const { report } = await entraDoctor(() => ({
      apiAppKeys: { keys: other.publicKeyPem, source: '--app-public-key-file' },
    }));
    expect(report.ok).toBe(false);
    const failed = report.checks.filter((check) => check.status === 'fail');
    expect(failed.map((check) => check.id)).toEqual(['app-key']);
    expect(failed[0]).toMatchObject({
      detail: expect.stringContaining(
        'the key the API holds (--app-public-key-file) does not verify',
      ),
      fix: expect.stringMatching(
        /API holds a different key: deploy the public key of the app key \(APP_PRIVATE_KEY or APP_PRIVATE_KEY_PATH;.*rotate/,
      ),
      consolePath: expect.stringMatching(/→ Certificates & secrets/),
      docs: expect.stringMatching(/^https:\/\/learn\.microsoft\.com\//),
    });
  }, 60_000);

  // Session 39 (tidya): the verdict is core's, on the error of the download (jwksDownloadFailure),
  // so keys given to runDoctor directly are judged as the CLI's --app-jwks-uri: a key server that
  // does not answer in time is unavailable (retry later), where only the CLI's own fetch said so.
  it('fails unavailable, retry later, when the JWKS of the API key does not answer', async () => {
    const silent = await startSilentServer();
    try {
      const { report } = await entraDoctor(() => ({
        apiAppKeys: {
          keys: createRemoteJwks(`https://127.0.0.1:${silent.port}/jwks`, { timeoutMs: 300 }),
          source: '--app-jwks-uri',
        },
      }));
      expect(report.checks.filter((check) => check.status === 'fail')).toEqual([
        expect.objectContaining({
          id: 'app-key',
          detail:
            'could not read the key the API holds from --app-jwks-uri (no answer): its key server is unavailable; retry later, and check that it is up if this persists',
          unavailable: true,
        }),
      ]);
    } finally {
      await silent.close();
    }
  }, 60_000);

  it('says what it could not verify when the API key is not given', async () => {
    const { report } = await entraDoctor();
    expect(report.ok).toBe(true);
    expect(appKeyOf(report)).toEqual({
      id: 'app-key',
      status: 'skip',
      detail: expect.stringMatching(
        /names the human, .*not verified with the API's key: give --app-public-key-file, --app-jwks-uri or APP_PUBLIC_KEY$/,
      ),
    });
  }, 60_000);

  it('fails with the key advice when the act assertion is not issued by the token’s agent', async () => {
    const { report } = await entraDoctor((idp) => ({
      env: { ...idp.env(), APP_ID: 'another-app' },
    }));
    expect(report.checks.filter((check) => check.status === 'fail')).toEqual([
      expect.objectContaining({
        id: 'app-key',
        detail:
          "the act assertion is issued by another-app (sub another-app), not by the token's agent finance-agent: @dual-auth/resource refuses it (binding_mismatch)",
        fix: expect.stringContaining('set APP_ID to the agent app’s Application (client) ID'),
      }),
    ]);
  }, 60_000);

  it.each([
    [
      'an EC key',
      "is not a valid RS256 private key: it is an EC P-256 key (ES256); use the key's algorithm (allowed where the JWT is verified) or a key for RS256",
      () => ecKeyPem(),
    ],
    ['an encrypted key', 'is an encrypted private key; decrypt it first', () => encryptedKeyPem()],
  ])(
    'fails with the key advice, before any request, for %s',
    async (_, says, key) => {
      const { report, idp } = await entraDoctor((idp) => ({
        env: { ...idp.env(), APP_PRIVATE_KEY: key() },
      }));
      expect(report.ok).toBe(false);
      expect(idp.requests).toEqual([]);
      expect(appKeyOf(report)).toMatchObject({
        status: 'fail',
        detail: `the app key does not load: APP_PRIVATE_KEY or APP_PRIVATE_KEY_PATH ${says}`,
        fix: expect.stringContaining(
          'PKCS#8 "BEGIN PRIVATE KEY" or PKCS#1 "BEGIN RSA PRIVATE KEY"',
        ),
        consolePath: expect.stringMatching(/→ Certificates & secrets → Certificates$/),
      });
      const others = report.checks.filter((check) => check.id !== 'app-key');
      expect(others.every((check) => check.status === 'skip')).toBe(true);
    },
    60_000,
  );
});

// Journey 8: a team new to Keycloak copies the realm URL plus `/token` into KEYCLOAK_TOKEN_URL.
// The IdP answers 404; the doctor passed `token-endpoint` ("answered HTTP 404") and sent the team
// to the client authenticator's console page.
describe('runDoctor: a token URL that is no token endpoint', () => {
  it('blames KEYCLOAK_TOKEN_URL, not the client authenticator, when the token URL answers 404', async () => {
    const idp = await startLocalIdp({ vendor: 'keycloak' });
    try {
      const env = idp.env();
      const realm = (env.KEYCLOAK_TOKEN_URL ?? '').replace(
        /\/protocol\/openid-connect\/token$/,
        '',
      );
      const report = await runDoctor({
        human: [...idp.humans.values()][0]?.sub ?? 'no human',
        env: { ...env, KEYCLOAK_TOKEN_URL: `${realm}/token` },
        plugins: [keycloakPlugin],
        fetch: idp.fetch,
      });
      const endpoint = report.checks.find((check) => check.id === 'token-endpoint');
      const authentication = report.checks.find((check) => check.id === 'client-authentication');
      expect(endpoint?.status).toBe('fail');
      expect(endpoint?.detail).toMatch(/^answered HTTP 404 .*not a token endpoint/);
      expect(endpoint?.fix).toMatch(/KEYCLOAK_TOKEN_URL/);
      expect(authentication?.status).not.toBe('fail');
    } finally {
      await idp.close();
    }
  });
});

describe('runDoctor: the token endpoint deadline', () => {
  it('fails token-endpoint with "no answer within N ms" when the endpoint never answers', async () => {
    const silent = await startSilentServer();
    const idp = await startLocalIdp({ vendor: 'keycloak' });
    try {
      const env = idp.env();
      const tokenUrl = new URL(env.KEYCLOAK_TOKEN_URL ?? idp.tokenUrl);
      tokenUrl.port = String(silent.port);
      const report = await runDoctor({
        human: aliceOf(idp),
        env: { ...env, KEYCLOAK_TOKEN_URL: tokenUrl.href },
        plugins: [keycloakPlugin],
        fetch: idp.fetch,
        timeoutMs: 300,
      });
      expect(report.ok).toBe(false);
      expect(report.checks[0]).toMatchObject({
        id: 'token-endpoint',
        status: 'fail',
        detail: expect.stringMatching(/^no answer within 300 ms: /),
      });
      expect(report.checks.slice(1).every((check) => check.status === 'skip')).toBe(true);
      expect(silent.sockets.length).toBeGreaterThan(0);
    } finally {
      await silent.close();
      await idp.close();
    }
  }, 60_000);

  it.each([
    [3_000_000_000, 'a whole number of milliseconds up to 2147483647'],
    [1e20, 'a whole number of milliseconds up to 2147483647'],
    [Number.POSITIVE_INFINITY, 'a finite number > 0'],
    [0, 'a finite number > 0'],
    [30, 'in milliseconds: for 30 s pass 30_000 (values below 100 are refused as likely seconds)'],
  ])('refuses timeoutMs %s, before reading the configuration', async (timeoutMs, says) => {
    // env {} would fail getConfig: the TypeError shows the deadline is checked first.
    await expect(runDoctor({ human: 'u-1', env: {}, timeoutMs })).rejects.toThrow(
      new TypeError(`options.timeoutMs must be ${says}`),
    );
  });
});
