import {
  ConfigurationError,
  createDualAuthConfig,
  createSubjectToken,
  type SubjectToken,
  SubjectTokenRequiredError,
  TOKEN_TYPE,
  TokenRequestError,
} from '@dual-auth/core';
import {
  createRecordingLogger,
  type RecordingLogger,
  startTokenEndpointStub,
  type TokenEndpointStub,
} from '@dual-auth/testing';
import { base64url, decodeProtectedHeader, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unsignedJwt as jwt } from '../test/support/token-exchange-adapter.js';
import { OAuthAdapter, type OAuthAdapterOptions } from './oauth-adapter.js';
import type { OAuthConfig } from './oauth-config.js';

const SECRET = 'oauth-secret-0123456789abcdef0123456789';
const JTI = 'HMr1i3nwtxe8w1_Psnl4BdpxLff62Zq72nlzeHvI7SU';

let server: TokenEndpointStub;
beforeAll(async () => {
  server = await startTokenEndpointStub();
});
afterAll(() => server.close());

function adapter(
  fields: Partial<OAuthConfig> = {},
  fetch: typeof globalThis.fetch = server.fetch,
  options: OAuthAdapterOptions = {},
): OAuthAdapter {
  const config = createDualAuthConfig<OAuthConfig>({
    vendor: 'oauth',
    tokenUrl: `${server.url}/oauth2/token`,
    clientId: 'agent-1',
    clientSecret: SECRET,
    ...fields,
  });
  return new OAuthAdapter(config, {
    fetch,
    clock: { now: () => 1_795_421_725_000 },
    random: () => base64url.decode(JTI),
    retry: false,
    ...options,
  });
}

describe('OAuthAdapter: the request on the wire (docs/wire-format.md#oauth)', () => {
  it('sends client_credentials with an HS256 assertion carrying act, aud = the token URL', async () => {
    server.reply({ status: 200, body: { access_token: 'AT', token_type: 'Bearer' } });
    const act = { sub: 'u-1', email: 'a@x.com' };
    const token = await adapter({ audience: 'https://api' }).requestToken({
      agentId: 'agent-1',
      act,
      scope: ['finance.read', 'x'],
    });
    const sent = server.requests.at(-1);
    expect(sent?.form.map(([name]) => name)).toEqual([
      'grant_type',
      'scope',
      'audience',
      'client_assertion_type',
      'client_assertion',
    ]);
    expect(sent?.fields).toMatchObject({ scope: 'finance.read x', audience: 'https://api' });
    const assertion = sent?.fields.client_assertion ?? '';
    expect(decodeProtectedHeader(assertion)).toEqual({ alg: 'HS256', typ: 'JWT' });
    const { payload } = await jwtVerify(assertion, new TextEncoder().encode(SECRET), {
      currentDate: new Date(1_795_421_725_000),
    });
    expect(payload).toEqual({
      iss: 'agent-1',
      sub: 'agent-1',
      aud: `${server.url}/oauth2/token`,
      exp: 1_795_422_025,
      iat: 1_795_421_725,
      jti: JTI,
      act,
    });
    expect(token).toMatchObject({ accessToken: 'AT', expiresIn: 3600 });
  });

  it('leaves audience out when none is configured, and uses a configured assertion audience', async () => {
    server.reply({ status: 200, body: { access_token: 'AT' } });
    const oauth = adapter({ assertionAudience: 'https://idp.example/' });
    await oauth.requestToken({ agentId: 'agent-1', act: { sub: 'u-1' }, scope: [] });
    const sent = server.requests.at(-1);
    expect(sent?.form.map(([name]) => name)).not.toContain('audience');
    expect(sent?.assertion?.claims.aud).toBe('https://idp.example/');
    expect(oauth.audience).toBeUndefined();
  });

  it('keeps the status and the IdP error code', async () => {
    server.reply({ status: 401, body: { error: 'invalid_client' } });
    const error = await adapter()
      .requestToken({ agentId: 'agent-1', act: { sub: 'u-1' }, scope: [] })
      .catch((e: unknown) => e);
    expect(TokenRequestError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({
      status: 401,
      error: 'invalid_client',
      vendor: 'oauth',
      message: 'Token request failed (HTTP 401): Authentication failed - check client credentials',
    });
  });

  it('refuses private_key_jwt without a key and a mode it does not have, before any request', () => {
    const before = server.requests.length;
    expect(() => adapter({ authMethod: 'private_key_jwt', clientSecret: '' })).toThrow(
      expect.objectContaining({ name: 'ConfigurationError', variable: 'OAUTH_PRIVATE_KEY' }),
    );
    expect(() => adapter({ mode: 'implicit' as never })).toThrow(
      'OAUTH_MODE implicit is not supported',
    );
    expect(server.requests.length).toBe(before);
  });
});

describe('OAuthAdapter: a delegation mode without the human token', () => {
  it.each([
    ['token-exchange', 'UserSession.subjectToken'],
    ['on-behalf-of', 'UserSession.subjectToken'],
    ['id-jag', 'UserSession.idToken'],
  ] as const)(
    '%s throws SubjectTokenRequiredError naming %s, before any request',
    async (mode, field) => {
      const before = server.requests.length;
      const idJag = {
        idpTokenUrl: `${server.url}/idp/token`,
        resourceIssuer: 'https://rs.example/',
      };
      const refused = await adapter({ mode, ...(mode === 'id-jag' ? idJag : {}) })
        .requestToken({ agentId: 'agent-1', act: { sub: 'u-1' }, scope: ['finance.read'] })
        .catch((error: unknown) => error);
      expect(SubjectTokenRequiredError.isInstance(refused)).toBe(true);
      expect(refused).toBeInstanceOf(TypeError);
      expect(refused).toMatchObject({
        code: 'ERR_SUBJECT_TOKEN_REQUIRED',
        message: `OAUTH_MODE ${mode} needs the human's token: pass subjectToken (${field})`,
      });
      expect(server.requests.length).toBe(before);
    },
  );
});

// wave34/newuser: a subjectToken given as the token's text (the likeliest slip), null or a number
// was read before it was checked: "Cannot read properties of undefined (reading 'split')".
describe('OAuthAdapter: a subjectToken that is no SubjectToken', () => {
  const given: Record<string, unknown> = {
    'a string': jwt({ sub: 'u-1', aud: 'app' }),
    null: null,
    'a number': 42,
  };
  it.each([
    ['token-exchange', 'UserSession.subjectToken', 'a string'],
    ['on-behalf-of', 'UserSession.subjectToken', 'null'],
    ['id-jag', 'UserSession.idToken', 'a number'],
  ] as const)(
    '%s refuses it, naming %s, given %s, before any request',
    async (mode, field, kind) => {
      const before = server.requests.length;
      const idJag = {
        idpTokenUrl: `${server.url}/idp/token`,
        resourceIssuer: 'https://rs.example/',
      };
      const refused = await adapter({ mode, ...(mode === 'id-jag' ? idJag : {}) })
        .requestToken({
          agentId: 'agent-1',
          act: { sub: 'u-1' },
          scope: ['finance.read'],
          subjectToken: given[kind] as SubjectToken,
        })
        .catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(TypeError);
      expect((refused as Error).message).toBe(
        `subjectToken must be a SubjectToken (${field}, or createSubjectToken(token) from @dual-auth/core), got ${kind}`,
      );
      expect(server.requests.length).toBe(before);
    },
  );
});

// wave32/firstrun: the delegation modes checked the subject token before the request's keys, so
// `subject_token` (Python's name) was answered "pass subjectToken" as if none were given, and a
// misspelled `scopes` in id-jag went to the IdP for the first step before being refused.
describe('OAuthAdapter: a request field it does not know is refused first, in every mode', () => {
  const subjectToken = createSubjectToken(jwt({ sub: 'u-1', aud: 'app' }));
  it.each(['client-credentials', 'token-exchange', 'on-behalf-of', 'id-jag'] as const)(
    '%s names subject_token and scopes, before any request',
    async (mode) => {
      const before = server.requests.length;
      const oauth = adapter({
        mode,
        ...(mode === 'id-jag'
          ? { idpTokenUrl: `${server.url}/idp/token`, resourceIssuer: 'https://rs.example/' }
          : {}),
      });
      const base = { agentId: 'agent-1', act: { sub: 'u-1' } };
      const asked = [
        [
          { ...base, scope: ['finance.read'], subject_token: subjectToken },
          'subject_token',
          'subjectToken',
        ],
        [{ ...base, scopes: ['finance.read'], subjectToken }, 'scopes', 'scope'],
      ] as const;
      for (const [request, key, meant] of asked) {
        const refused = await oauth.requestToken(request as never).catch((error: unknown) => error);
        expect(refused).toBeInstanceOf(TypeError);
        expect((refused as TypeError).message).toContain(
          `OAuthAdapter.requestToken: ${key} is not an option (did you mean ${meant}?)`,
        );
      }
      expect(server.requests.length).toBe(before);
    },
  );
});

describe('OAuthAdapter: a delegated JWT must name the human and the actor asked for', () => {
  const act = { sub: 'u-1' };
  const subjectToken = createSubjectToken(jwt({ sub: 'u-1', aud: 'app' }));
  const exchange = (accessToken: string) => {
    server.reply({
      status: 200,
      body: {
        access_token: accessToken,
        token_type: 'Bearer',
        issued_token_type: 'urn:ietf:params:oauth:token-type:access_token',
      },
    });
    return adapter({ mode: 'token-exchange' }).requestToken({
      agentId: 'agent-1',
      act,
      scope: ['finance.read'],
      subjectToken,
    });
  };

  it('hands out a token naming the human (sub) and the agent (act.sub, or client_id without act), and an opaque one', async () => {
    for (const good of [
      jwt({ sub: 'u-1', act: { sub: 'agent-1' }, client_id: 'agent-1' }),
      jwt({ sub: 'u-1', azp: 'agent-1' }),
      'opaque-access-token-value',
    ]) {
      await expect(exchange(good)).resolves.toMatchObject({ accessToken: good });
    }
  });

  it.each([
    ['another human', { sub: 'u-2', act: { sub: 'agent-1' } }, /another human/],
    [
      'no human',
      { act: { sub: 'agent-1' } },
      /naming no human \(no sub or oid\); check sub in its access tokens \(Keycloak: the "basic" client scope's "sub" mapper, added to lightweight access tokens\) on the IdP$/,
    ],
    [
      'another actor',
      { sub: 'u-1', act: { sub: 'intern-agent' }, client_id: 'agent-1' },
      /another actor/,
    ],
    ['another client, no act', { sub: 'u-1', client_id: 'intern-agent' }, /another actor/],
    ['no actor at all', { sub: 'u-1' }, /another actor/],
  ])('refuses a token naming %s with a TokenRequestError', async (_name, claims, message) => {
    const refused = await exchange(jwt(claims)).catch((error: unknown) => error);
    expect(TokenRequestError.isInstance(refused)).toBe(true);
    expect((refused as Error).message).toMatch(message);
    expect((refused as Error).message).not.toContain('intern-agent');
  });

  // What the API's guard (rfc8693 layout, its audience and issuer) would refuse, the agent refuses
  // before handing the token out (breaker9 finding 5).
  const NOW_SECONDS = 1_795_421_725;
  const good = {
    sub: 'u-1',
    act: { sub: 'agent-1' },
    client_id: 'agent-1',
    exp: NOW_SECONDS + 300,
  };
  const configured = {
    mode: 'token-exchange' as const,
    audience: 'https://api',
    resource: 'https://api.example/finance',
  };
  const exchangeFor = async (
    claims: Record<string, unknown>,
    fields: Partial<OAuthConfig> = configured,
  ) => {
    server.reply({
      status: 200,
      body: {
        access_token: jwt(claims),
        token_type: 'Bearer',
        issued_token_type: 'urn:ietf:params:oauth:token-type:access_token',
      },
    });
    return adapter(fields).requestToken({
      agentId: 'agent-1',
      act,
      scope: ['finance.read'],
      subjectToken,
    });
  };

  it('hands out a token whose aud names API_AUDIENCE or OAUTH_RESOURCE and whose exp is ahead', async () => {
    for (const aud of ['https://api', ['other', 'https://api.example/finance']]) {
      await expect(exchangeFor({ ...good, aud })).resolves.toMatchObject({ tokenType: 'Bearer' });
    }
    await expect(
      exchangeFor({ ...good, aud: 'https://other-api.example' }, { mode: 'token-exchange' }),
    ).resolves.toBeDefined();
  });

  it.each([
    [
      'aud of another API',
      { ...good, aud: 'https://other-api.example' },
      /another API \(aud names neither API_AUDIENCE nor OAUTH_RESOURCE\)/,
    ],
    ['no aud', good, /another API/],
    [
      'act as a string (client_id = agent)',
      { ...good, aud: 'https://api', act: 'agent-1' },
      /act is not an object/,
    ],
    [
      'act as an array',
      { ...good, aud: 'https://api', act: [{ sub: 'agent-1' }] },
      /act is not an object/,
    ],
    [
      'act without an actor id',
      { ...good, aud: 'https://api', act: { sub: '' } },
      /act has no actor id in sub/,
    ],
    [
      'the human also an earlier actor (act.act.sub)',
      { ...good, aud: 'https://api', act: { sub: 'agent-1', act: { sub: 'u-1' } } },
      /act\.act\.sub is the human/,
    ],
    [
      'sub of another human beside the oid of the one asked',
      { ...good, aud: 'https://api', sub: 'u-2', oid: 'u-1' },
      /another human/,
    ],
    [
      'oid of another human beside the sub asked',
      { ...good, aud: 'https://api', oid: 'u-2' },
      /another human/,
    ],
    [
      // Refused by the adapter kit once this check passed (session 37).
      'an exp already past',
      { ...good, aud: 'https://api', exp: NOW_SECONDS - 3600 },
      /access_token is past its exp: check this host's clock/,
    ],
    [
      'an exp that is not a number',
      { ...good, aud: 'https://api', exp: 'soon' },
      /of no readable lifetime/,
    ],
  ])(
    'refuses a token with %s, saying what to check, without a value',
    async (_name, claims, message) => {
      const refused = await exchangeFor(claims).catch((error: unknown) => error);
      expect(TokenRequestError.isInstance(refused)).toBe(true);
      expect((refused as Error).message).toMatch(message);
      expect((refused as Error).message).toMatch(/check /);
      for (const value of ['u-1', 'u-2', 'agent-1', 'other-api']) {
        expect((refused as Error).message).not.toContain(value);
      }
    },
  );

  it('on-behalf-of: tells the human by oid (Entra sub is pairwise) and leaves aud to the API', async () => {
    const obo = { mode: 'on-behalf-of' as const, audience: 'api://finance' };
    const entra = {
      sub: 'pairwise-sub',
      oid: 'u-1',
      azp: 'agent-1',
      aud: 'app-guid',
      exp: NOW_SECONDS + 300,
    };
    await expect(exchangeFor(entra, obo)).resolves.toBeDefined();
    await expect(exchangeFor({ ...entra, oid: 'u-2' }, obo)).rejects.toThrow(/another human/);
  });

  it("refuses, before any request, a subject token naming another human beside act's (act with an oid); on-behalf-of leaves Entra's pairwise sub", async () => {
    const before = server.requests.length;
    const withBob = createSubjectToken(jwt({ sub: 'u-1', oid: 'u-bob', aud: 'app' }));
    const request = {
      agentId: 'agent-1',
      act: { sub: 'u-1', oid: 'oid-u-1' },
      scope: ['finance.read'],
      subjectToken: withBob,
    };
    await expect(adapter(configured).requestToken(request)).rejects.toThrow(
      /another human's token/,
    );
    await expect(
      adapter({ mode: 'on-behalf-of' }).requestToken({
        ...request,
        subjectToken: createSubjectToken(jwt({ sub: 'u-1', oid: 'u-bob' })),
      }),
    ).rejects.toThrow(/another human's token/);
    expect(server.requests.length).toBe(before);
    const entraSubject = createSubjectToken(jwt({ sub: 'pairwise-sub', oid: 'u-1' }));
    server.reply({ status: 200, body: { access_token: 'opaque-obo-token', token_type: 'Bearer' } });
    await expect(
      adapter({ mode: 'on-behalf-of' }).requestToken({
        ...request,
        act,
        subjectToken: entraSubject,
      }),
    ).resolves.toMatchObject({ accessToken: 'opaque-obo-token' });
  });

  it('lets alice exchange her own Entra token when act has her sub but no oid', async () => {
    // A UserSession without userOid (optional, "when the IdP has one"): act names her by sub only,
    // while her Entra token carries that sub and her oid.
    const obo = { mode: 'on-behalf-of' as const, audience: 'api://finance' };
    const own = createSubjectToken(jwt({ sub: 'u-1', oid: 'oid-u-1', aud: 'agent-1' }));
    const request = { agentId: 'agent-1', act, scope: ['finance.read'], subjectToken: own };
    const issued = (claims: Record<string, unknown>) => {
      server.reply({ status: 200, body: { access_token: jwt(claims), token_type: 'Bearer' } });
      return adapter(obo).requestToken(request);
    };
    const oboToken = { sub: 'pairwise', azp: 'agent-1', exp: NOW_SECONDS + 300 };
    await expect(issued({ ...oboToken, oid: 'oid-u-1' })).resolves.toBeDefined();
    await expect(issued({ ...oboToken, oid: 'oid-bob' })).rejects.toThrow(/another human/);
    // Only a token whose sub is act's lends its oid: another sub keeps act's ids alone.
    const before = server.requests.length;
    await expect(
      adapter(obo).requestToken({
        ...request,
        subjectToken: createSubjectToken(jwt({ sub: 'u-bob', oid: 'oid-u-1' })),
      }),
    ).rejects.toThrow(/another human's token/);
    expect(server.requests.length).toBe(before);
  });

  // Entra's OBO token names the tenant as its v1 or v2 issuer, as the API's manifest asks
  // (accessTokenAcceptedVersion): https://learn.microsoft.com/entra/identity-platform/access-token-claims-reference
  const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
  const entraObo = (claims: Record<string, unknown>, fields: Partial<OAuthConfig> = {}) => {
    server.reply({ status: 200, body: { access_token: jwt(claims), token_type: 'Bearer' } });
    const stubbed: typeof globalThis.fetch = (_url, init) =>
      server.fetch(`${server.url}/oauth2/token`, init);
    return adapter(
      {
        preset: 'entraid',
        tokenUrl: `https://login.microsoftonline.com/${TENANT}/oauth2/v2.0/token`,
        ...fields,
      },
      stubbed,
    ).requestToken({ agentId: 'agent-1', act, scope: ['finance.read'], subjectToken });
  };
  const oboToken = { sub: 'pairwise', oid: 'u-1', azp: 'agent-1', exp: NOW_SECONDS + 300 };

  it("on-behalf-of at Entra: compares iss with the token URL tenant's v1 and v2 issuers", async () => {
    for (const iss of [
      `https://sts.windows.net/${TENANT}/`,
      `https://login.microsoftonline.com/${TENANT}/v2.0`,
    ]) {
      await expect(entraObo({ ...oboToken, iss })).resolves.toMatchObject({ tokenType: 'Bearer' });
    }
    for (const iss of [
      'https://sts.windows.net/00000000-0000-0000-0000-000000000001/',
      `https://login.microsoftonline.com/${TENANT}/`,
      undefined,
    ]) {
      const refused = await entraObo({ ...oboToken, iss }).catch((error: unknown) => error);
      expect(TokenRequestError.isInstance(refused)).toBe(true);
      expect(refused).toMatchObject({ status: 200, mismatch: undefined });
      expect((refused as Error).message).toContain(
        `another server: iss ${iss === undefined ? '(none)' : `"${iss}"`} is not OAUTH_TOKEN_URL's Entra tenant "https://sts.windows.net/${TENANT}/" or "https://login.microsoftonline.com/${TENANT}/v2.0"; set OAUTH_ISSUER to the server's metadata issuer (exact match)`,
      );
    }
  });

  it.each([
    [
      'Azure Government',
      'login.microsoftonline.us',
      [`https://sts.windows.net/${TENANT}/`, `https://login.microsoftonline.us/${TENANT}/v2.0`],
    ],
    [
      'Azure operated by 21Vianet',
      'login.chinacloudapi.cn',
      [
        `https://sts.chinacloudapi.cn/${TENANT}/`,
        `https://login.chinacloudapi.cn/${TENANT}/v2.0`,
        `https://login.partner.microsoftonline.cn/${TENANT}/v2.0`,
      ],
    ],
    ['External ID', 'contoso.ciamlogin.com', [`https://${TENANT}.ciamlogin.com/${TENANT}/v2.0`]],
  ])(
    "on-behalf-of at Entra's %s: compares iss with the token URL tenant's issuers in that cloud",
    async (_, host, issuers) => {
      const tokenUrl = `https://${host}/${TENANT}/oauth2/v2.0/token`;
      for (const iss of issuers) {
        await expect(entraObo({ ...oboToken, iss }, { tokenUrl }), iss).resolves.toBeDefined();
      }
      for (const iss of [
        `https://login.microsoftonline.com/${TENANT}/v2.0`,
        `https://${host}/00000000-0000-0000-0000-000000000001/v2.0`,
        'https://sts.chinacloudapi.cn/00000000-0000-0000-0000-000000000001/',
      ]) {
        const refused = await entraObo({ ...oboToken, iss }, { tokenUrl }).catch((e: unknown) => e);
        expect(TokenRequestError.isInstance(refused), iss).toBe(true);
        expect((refused as Error).message).toContain(
          `is not OAUTH_TOKEN_URL's Entra tenant ${issuers.map((one) => `"${one}"`).join(' or ')}`,
        );
      }
    },
  );

  it('on-behalf-of at Entra: OAUTH_ISSUER replaces the tenant issuers; a tenant name compares none', async () => {
    const custom = 'https://login.microsoftonline.com/custom/v2.0';
    await expect(entraObo({ ...oboToken, iss: custom }, { issuer: custom })).resolves.toBeDefined();
    await expect(
      entraObo({ ...oboToken, iss: `https://sts.windows.net/${TENANT}/` }, { issuer: custom }),
    ).rejects.toThrow(`iss "https://sts.windows.net/${TENANT}/" is not OAUTH_ISSUER "${custom}"`);
    const byName = {
      tokenUrl: 'https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token',
    };
    await expect(
      entraObo({ ...oboToken, iss: 'https://sts.windows.net/any/' }, byName),
    ).resolves.toBeDefined();
  });

  it('takes allowInsecureLoopback as an own option only: an inherited true allows no http issuer', () => {
    const issuer = 'http://127.0.0.1:8443/';
    const proto = Object.prototype as Record<string, unknown>;
    proto.allowInsecureLoopback = true;
    try {
      expect(() => adapter({ mode: 'token-exchange', issuer })).toThrow(ConfigurationError);
    } finally {
      delete proto.allowInsecureLoopback;
    }
    expect(() =>
      adapter({ mode: 'token-exchange', issuer }, server.fetch, { allowInsecureLoopback: true }),
    ).not.toThrow();
  });

  it('says which iss it compares, or that it compares none, in its settings', () => {
    const entra = `https://login.microsoftonline.com/${TENANT}/oauth2/v2.0/token`;
    expect(adapter({ mode: 'token-exchange' }).toJSON()).toMatchObject({ issuer: 'not compared' });
    expect(
      adapter({ mode: 'token-exchange', issuer: 'https://idp.example/' }).toJSON(),
    ).toMatchObject({ issuer: 'https://idp.example/' });
    expect(adapter({ preset: 'entraid', tokenUrl: entra }).toJSON()).toMatchObject({
      issuer: `https://sts.windows.net/${TENANT}/ https://login.microsoftonline.com/${TENANT}/v2.0`,
    });
    expect(adapter().toJSON()).not.toHaveProperty('issuer');
  });

  it('leaves unset settings out of toString and toJSON, never printing "undefined" (journey7)', () => {
    const exchange = adapter({ mode: 'token-exchange' });
    expect(String(exchange)).not.toContain('undefined');
    for (const name of ['preset', 'resource', 'idpTokenUrl', 'audience']) {
      expect(exchange.toJSON()).not.toHaveProperty(name);
    }
    expect(String(adapter())).not.toContain('undefined');
    const set = adapter({
      preset: 'keycloak',
      resource: 'https://api.example/finance',
      audience: 'api',
    });
    expect(set.toJSON()).toMatchObject({
      preset: 'keycloak',
      resource: 'https://api.example/finance',
      audience: 'api',
    });
    expect(String(set)).toContain('preset=keycloak');
    expect(String(set)).toContain('resource=https://api.example/finance');
  });

  it('shows every URL setting without its query, in the init log and toString, but tells queries apart in id', () => {
    const key = 'fn-key-0123456789';
    const logger = createRecordingLogger();
    const made = adapter(
      {
        tokenUrl: `${server.url}/oauth2/token?code=${key}`,
        mode: 'id-jag',
        idpTokenUrl: `${server.url}/idp/token?code=${key}`,
        resourceIssuer: 'https://rs.example/',
        resource: `https://api.example/finance?k=${key}`,
        audience: `https://api.example/#${key}`,
      },
      server.fetch,
      { logger },
    );
    for (const shown of [JSON.stringify(logger.records), String(made), JSON.stringify(made)]) {
      expect(shown).not.toContain(key);
    }
    expect(made.toJSON()).toMatchObject({
      idpTokenUrl: `${server.url}/idp/token`,
      assertionAudience: `${server.url}/oauth2/token`,
      resource: 'https://api.example/finance',
      audience: 'https://api.example/',
      issuer: 'https://rs.example/',
    });
    // The assertion's aud is still the token URL as set (RFC 7523 §3).
    expect(made.assertionAudience).toBe(`${server.url}/oauth2/token?code=${key}`);
    // id is a cache key: another IdP query is another client.
    const idWith = (query: string) =>
      adapter({
        mode: 'id-jag',
        idpTokenUrl: `${server.url}/idp/token?${query}`,
        resourceIssuer: 'https://rs.example/',
      }).id;
    expect(idWith('tenant=a')).toBe(idWith('tenant=a'));
    expect(idWith('tenant=a')).not.toBe(idWith('tenant=b'));
  });

  it('shows a URL setting with spaces around it (from an env file) without its query', () => {
    const key = 'fn-key-0123456789';
    const logger = createRecordingLogger();
    const made = adapter({ audience: ` https://api.example/?code=${key} ` }, server.fetch, {
      logger,
    });
    for (const shown of [JSON.stringify(logger.records), String(made), JSON.stringify(made)]) {
      expect(shown).not.toContain(key);
    }
    expect(made.toJSON()).toMatchObject({ audience: 'https://api.example/' });
  });

  it('id-jag: refuses a token whose iss is not OAUTH_RESOURCE_ISSUER', async () => {
    const idJag = {
      mode: 'id-jag' as const,
      idpTokenUrl: `${server.url}/idp/token`,
      resourceIssuer: 'https://rs.example/',
    };
    // The enterprise IdP answers the ID-JAG, the resource's server the access token.
    const answer = (iss: string) =>
      adapter(idJag, async (url, init) => {
        const idp = new URL(String(url)).pathname === '/idp/token';
        server.reply({
          status: 200,
          body: idp
            ? {
                access_token: jwt({ sub: 'u-1', aud: 'https://rs.example/', client_id: 'agent-1' }),
                token_type: 'N_A',
                issued_token_type: TOKEN_TYPE.idJag,
              }
            : { access_token: jwt({ ...good, iss }), token_type: 'Bearer' },
        });
        return server.fetch(url, init);
      });
    const subject = createSubjectToken(jwt({ sub: 'u-1', aud: 'app' }, 'JWT'), TOKEN_TYPE.idToken);
    const request = { agentId: 'agent-1', act, scope: ['finance.read'], subjectToken: subject };
    await expect(answer('https://rs.example/').requestToken(request)).resolves.toBeDefined();
    const refused = await answer('https://evil.example')
      .requestToken(request)
      .catch((error: unknown) => error);
    expect(TokenRequestError.isInstance(refused)).toBe(true);
    expect((refused as Error).message).toContain(
      `another server: iss "https://evil.example" is not OAUTH_RESOURCE_ISSUER "https://rs.example/"; set OAUTH_RESOURCE_ISSUER to the server's metadata issuer (exact match)`,
    );
  });
});

describe('OAuthAdapter id-jag: the identity assertion, the ID-JAG and the token name one human', () => {
  const NOW_SECONDS = 1_795_421_725;
  const RESOURCE_ISSUER = 'https://rs.example/';
  const alice = { sub: 'u-alice' };

  type Claims = Record<string, unknown>;
  const claimsOf = (human: string | Claims): Claims =>
    typeof human === 'string' ? { sub: human } : human;

  /**
   * An id-jag adapter whose enterprise IdP answers an ID-JAG for `jag` and whose resource server
   * answers an access token for `token` (a `sub`, or the human's claims; iss, act, exp filled in);
   * `paths` records each endpoint called.
   */
  function idJag(
    jag: string | Claims,
    token: string | Claims,
    paths: string[] = [],
    logger?: RecordingLogger,
  ) {
    const fetch: typeof globalThis.fetch = async (url, init) => {
      const path = new URL(String(url)).pathname;
      paths.push(path);
      server.reply({
        status: 200,
        body:
          path === '/idp/token'
            ? {
                access_token: jwt(
                  { aud: RESOURCE_ISSUER, client_id: 'agent-1', ...claimsOf(jag) },
                  'oauth-id-jag+jwt',
                ),
                token_type: 'N_A',
                issued_token_type: TOKEN_TYPE.idJag,
              }
            : {
                access_token: jwt({
                  iss: RESOURCE_ISSUER,
                  act: { sub: 'agent-1' },
                  client_id: 'agent-1',
                  exp: NOW_SECONDS + 300,
                  ...claimsOf(token),
                }),
                token_type: 'Bearer',
              },
      });
      return server.fetch(url, init);
    };
    const fields = {
      mode: 'id-jag' as const,
      idpTokenUrl: `${server.url}/idp/token`,
      resourceIssuer: RESOURCE_ISSUER,
    };
    return adapter(fields, fetch, { logger });
  }
  const requestWith = (subjectToken: SubjectToken) => ({
    agentId: 'agent-1',
    act: alice,
    scope: ['finance.read'],
    subjectToken,
  });
  const aliceIdToken = createSubjectToken(
    jwt({ sub: 'u-alice', aud: 'agent-1' }, 'JWT'),
    TOKEN_TYPE.idToken,
  );
  const bobsSaml = createSubjectToken(
    '<saml:Assertion><saml:Subject>bob</saml:Subject></saml:Assertion>',
    TOKEN_TYPE.saml2,
  );

  it("hands out alice's token when her ID token or SAML assertion comes back as her ID-JAG", async () => {
    for (const subjectToken of [
      aliceIdToken,
      createSubjectToken('<saml:Assertion/>', TOKEN_TYPE.saml2),
    ]) {
      await expect(
        idJag('u-alice', 'u-alice').requestToken(requestWith(subjectToken)),
      ).resolves.toMatchObject({ tokenType: 'Bearer' });
    }
  });

  it("hands out alice's token when act has her sub only and her Entra ID token, ID-JAG and token carry her oid", async () => {
    const withOid = { sub: 'u-alice', oid: 'oid-alice' };
    const idToken = createSubjectToken(
      jwt({ ...withOid, aud: 'agent-1' }, 'JWT'),
      TOKEN_TYPE.idToken,
    );
    await expect(idJag(withOid, withOid).requestToken(requestWith(idToken))).resolves.toMatchObject(
      { tokenType: 'Bearer' },
    );
    // Without her oid in the identity assertion, an oid in the ID-JAG is nobody act asked for.
    await expect(idJag(withOid, withOid).requestToken(requestWith(aliceIdToken))).rejects.toThrow(
      /ID-JAG for another human/,
    );
  });

  it.each([
    // A SAML assertion is not a JWT: its human is first seen in the ID-JAG.
    ["another human's SAML assertion", bobsSaml],
    ["alice's ID token, the IdP mapping it to another human", aliceIdToken],
  ])(
    'refuses, before step two, an ID-JAG of another human than act (%s); IAM ids only in the log',
    async (_name, subjectToken) => {
      const paths: string[] = [];
      const logger = createRecordingLogger();
      const refused = await idJag('u-bob', 'u-bob', paths, logger)
        .requestToken(requestWith(subjectToken))
        .catch((error: unknown) => error);
      expect(TokenRequestError.isInstance(refused)).toBe(true);
      expect(refused).toMatchObject({ status: 200, mismatch: 'human' });
      expect((refused as Error).message).toMatch(
        /an ID-JAG for another human .+; check .+ on the IdP$/,
      );
      expect(paths).toEqual(['/idp/token']);
      expect(logger.records).toContainEqual({
        level: 'error',
        event: 'token_subject_mismatch',
        fields: { vendor: 'oauth', agent_id: 'agent-1', mismatch: 'human', token: 'id-jag' },
      });
      expect(JSON.stringify(logger.records)).not.toContain('u-bob');
      expect((refused as Error).message).not.toMatch(/u-bob|u-alice/);
    },
  );

  it.each([
    ['an array sub naming bob', { sub: ['u-bob'], oid: 'u-alice' }],
    ['a number sub', { sub: 4242, oid: 'u-alice' }],
    ['an object sub', { sub: { id: 'u-bob' }, oid: 'u-alice' }],
    ['an empty oid', { sub: 'u-alice', oid: '' }],
    ['an array sub alone', { sub: ['u-alice'] }],
  ])(
    'refuses, before step two, an ID-JAG with an id that is no non-empty string (%s) beside alice',
    async (_name, jag) => {
      // An API may still read a human from it (String(sub), sub[0]): present is not absent.
      const paths: string[] = [];
      const refused = await idJag(jag, 'u-alice', paths)
        .requestToken(requestWith(aliceIdToken))
        .catch((error: unknown) => error);
      expect(TokenRequestError.isInstance(refused)).toBe(true);
      expect(refused).toMatchObject({ status: 200, mismatch: 'human' });
      expect(paths).toEqual(['/idp/token']);
    },
  );

  it('refuses a token whose sub is an array naming bob beside the oid of alice', async () => {
    const refused = await idJag('u-alice', { sub: ['u-bob'], oid: 'u-alice' })
      .requestToken(requestWith(aliceIdToken))
      .catch((error: unknown) => error);
    expect(TokenRequestError.isInstance(refused)).toBe(true);
    expect(refused).toMatchObject({ status: 200, mismatch: 'human' });
  });

  it.each([
    ["act's sub and another human's oid", { sub: 'u-alice', oid: 'u-bob' }],
    ["act's oid and another human's sub", { sub: 'u-bob', oid: 'u-alice' }],
    ['an array sub', { sub: ['u-alice'] }],
  ])(
    'refuses, before any request, an ID token with %s: it must not widen who the ID-JAG and token may name',
    async (_name, claims) => {
      const paths: string[] = [];
      const mixed = createSubjectToken(
        jwt({ ...claims, aud: 'agent-1' }, 'JWT'),
        TOKEN_TYPE.idToken,
      );
      const refused = await idJag('u-bob', 'u-bob', paths)
        .requestToken({ ...requestWith(mixed), act: { sub: 'u-alice', oid: 'u-alice-oid' } })
        .catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(TypeError);
      expect((refused as Error).message).toMatch(/another human's token/);
      expect(paths).toEqual([]);
    },
  );

  it("takes an ID token whose sub and oid are act's sub and oid (Entra), and an ID-JAG naming either", async () => {
    const entraIdToken = createSubjectToken(
      jwt({ sub: 'u-alice', oid: 'u-alice-oid', aud: 'agent-1' }, 'JWT'),
      TOKEN_TYPE.idToken,
    );
    const act = { sub: 'u-alice', oid: 'u-alice-oid' };
    for (const jag of ['u-alice', { oid: 'u-alice-oid' }, { sub: 'u-alice', oid: 'u-alice-oid' }]) {
      await expect(
        idJag(jag, 'u-alice').requestToken({ ...requestWith(entraIdToken), act }),
      ).resolves.toMatchObject({ tokenType: 'Bearer' });
    }
  });

  it("refuses, before step two, an ID-JAG that is no JWT; step one's invalid_grant names the step and the URL without its query", async () => {
    const answered = (reply: Parameters<TokenEndpointStub['reply']>[0], paths: string[] = []) =>
      adapter(
        {
          mode: 'id-jag',
          idpTokenUrl: `${server.url}/idp/token?code=fn-key-0123456789`,
          resourceIssuer: RESOURCE_ISSUER,
        },
        async (url, init) => {
          paths.push(new URL(String(url)).pathname);
          server.reply(reply);
          return server.fetch(url, init);
        },
      ).requestToken(requestWith(aliceIdToken));
    const paths: string[] = [];
    const opaque = {
      status: 200,
      body: {
        access_token: 'opaque-grant',
        token_type: 'N_A',
        issued_token_type: TOKEN_TYPE.idJag,
      },
    };
    await expect(answered(opaque, paths)).rejects.toMatchObject({ mismatch: 'human' });
    expect(paths).toEqual(['/idp/token']);
    const refused = await answered({
      status: 400,
      body: { error: 'invalid_grant', error_description: 'x' },
    }).catch((error: unknown) => error);
    expect((refused as Error).message).toMatch(/id-jag step 1 .*refused the subject token/);
    expect((refused as Error).message).not.toContain('fn-key');
  });

  const issRefusal = async (iss: unknown) => {
    const refused = await idJag('u-alice', { sub: 'u-alice', iss })
      .requestToken(requestWith(aliceIdToken))
      .catch((error: unknown) => error);
    expect(TokenRequestError.isInstance(refused)).toBe(true);
    return (refused as Error).message;
  };

  it.each([
    ['an email', 'alice.smith@example.com', '(not a URL, 23 characters)'],
    ['a mailto URI', 'mailto:alice@example.com', '(a URL with an @, 24 characters)'],
    ['credentials', 'https://alice:pw@rs.example/', '(a URL with an @, 28 characters)'],
    [
      'an email in its path',
      'https://rs.example/alice@example.com',
      '(a URL with an @, 36 characters)',
    ],
    [
      'an email percent-encoded in its path',
      'https://rs.example/alice.smith%40example.com',
      '(a URL with an @, 44 characters)',
    ],
    ['a query', 'https://rs.example/?t=secret-value', '(not an issuer URL, 34 characters)'],
    [
      'a token in its path',
      `https://rs.example/${'eyJhbGciOiJSUzI1NiJ9.'.repeat(8)}`,
      '(not an issuer URL, 187 characters)',
    ],
  ])('refuses an iss with %s, saying what it is, never its text', async (_name, iss, said) => {
    const message = await issRefusal(iss);
    expect(message).toContain(
      `another server: iss ${said} is not OAUTH_RESOURCE_ISSUER "https://rs.example/"`,
    );
    expect(message).not.toContain(iss.slice(8, 30));
  });

  it('shows a short iss that may be an issuer with control and bidi characters escaped', async () => {
    const message = await issRefusal('https://evil.example/\u202e\u0007x');
    expect(message).toContain('iss "https://evil.example/\\u202e\\u0007x" is not');
    expect(message).not.toContain('\u202e');
  });

  it.each([
    ['at+jwt', { sub: 'u-alice', aud: 'https://api', scope: 'finance.read', client_id: 'web-app' }],
    ['application/AT+JWT', { sub: 'u-alice' }],
  ])(
    'refuses, before any request, an access token (typ %s) labelled as an ID token',
    async (typ, claims) => {
      const paths: string[] = [];
      const labelled = createSubjectToken(jwt(claims, typ), TOKEN_TYPE.idToken);
      const refused = await idJag('u-alice', 'u-alice', paths)
        .requestToken(requestWith(labelled))
        .catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(TypeError);
      expect((refused as Error).message).toMatch(
        /access token \(typ at\+jwt\): pass UserSession\.idToken/,
      );
      expect(paths).toEqual([]);
    },
  );

  it('token-exchange refuses it too, before any request; on-behalf-of, which sends no label, does not', async () => {
    const labelled = createSubjectToken(jwt({ sub: 'u-1' }), TOKEN_TYPE.idToken);
    const before = server.requests.length;
    const request = { agentId: 'agent-1', act: { sub: 'u-1' }, scope: [], subjectToken: labelled };
    await expect(adapter({ mode: 'token-exchange' }).requestToken(request)).rejects.toThrow(
      /typ at\+jwt/,
    );
    expect(server.requests.length).toBe(before);
    server.reply({ status: 200, body: { access_token: 'opaque-obo-token', token_type: 'Bearer' } });
    await expect(adapter({ mode: 'on-behalf-of' }).requestToken(request)).resolves.toMatchObject({
      accessToken: 'opaque-obo-token',
    });
  });

  it('takes an ID token whatever other claims it carries (scope, client_id): only typ tells an access token', async () => {
    const withExtras = jwt(
      { sub: 'u-alice', aud: 'agent-1', scope: 'openid', client_id: 'web' },
      'JWT',
    );
    await expect(
      idJag('u-alice', 'u-alice').requestToken(
        requestWith(createSubjectToken(withExtras, TOKEN_TYPE.idToken)),
      ),
    ).resolves.toMatchObject({ tokenType: 'Bearer' });
  });

  it('refuses, before any request, an ID token of another human', async () => {
    const paths: string[] = [];
    const bobs = createSubjectToken(
      jwt({ sub: 'u-bob', aud: 'agent-1' }, 'JWT'),
      TOKEN_TYPE.idToken,
    );
    await expect(idJag('u-bob', 'u-bob', paths).requestToken(requestWith(bobs))).rejects.toThrow(
      TypeError,
    );
    expect(paths).toEqual([]);
  });

  it('refuses, before any request, an access token typed as one', async () => {
    const paths: string[] = [];
    const accessToken = createSubjectToken(jwt({ sub: 'u-alice' }), TOKEN_TYPE.accessToken);
    await expect(
      idJag('u-alice', 'u-alice', paths).requestToken(requestWith(accessToken)),
    ).rejects.toThrow(/UserSession.idToken/);
    expect(paths).toEqual([]);
  });
});

describe('OAuthAdapter: an RFC 8693 exchange answer with more scope than asked (§2.2.1)', () => {
  /** A 200 exchange answer: a token for `sub` with agent-1 acting, granting `scope`. */
  const exchangeAnswer = (scope: string, sub = 'u-7') => ({
    status: 200,
    body: {
      access_token: jwt({ sub, act: { sub: 'agent-1' }, client_id: 'agent-1' }),
      token_type: 'Bearer',
      issued_token_type: 'urn:ietf:params:oauth:token-type:access_token',
      scope,
    },
  });

  it('keeps the token and warns token_scope_widened with the scope names and IAM ids only', async () => {
    const logger = createRecordingLogger();
    const answer = exchangeAnswer('finance.read finance.admin offline_access', 'u-1');
    server.reply(answer);
    const token = await adapter({ mode: 'token-exchange' }, server.fetch, {
      logger,
    }).requestToken({
      agentId: 'agent-1',
      act: { sub: 'u-1', name: 'Alice Liddell' },
      scope: ['finance.read'],
      subjectToken: createSubjectToken(jwt({ sub: 'u-1', aud: 'app' })),
    });
    expect(token.scope).toBe('finance.read finance.admin offline_access');
    expect(logger.records.filter((r) => r.event === 'token_scope_widened')).toEqual([
      {
        level: 'warn',
        event: 'token_scope_widened',
        fields: {
          vendor: 'oauth',
          agent_id: 'agent-1',
          human_id: 'u-1',
          extra_scope: ['finance.admin', 'offline_access'],
          extra_scope_count: 2,
        },
      },
    ]);
    expect(JSON.stringify(logger.records)).not.toMatch(/Alice|Liddell/);
    expect(JSON.stringify(logger.records)).not.toContain(answer.body.access_token);
  });

  it('blanks an email, or the human the request named, in the extra scope names it logs', async () => {
    const logger = createRecordingLogger();
    // Parameterised scopes an IdP grants per user (a mailbox, a home folder).
    server.reply(
      exchangeAnswer('finance.read mail:bob@corp.example files:alice.liddell offline_access'),
    );
    await adapter({ mode: 'token-exchange' }, server.fetch, { logger }).requestToken({
      agentId: 'agent-1',
      act: { sub: 'u-7', login: 'alice.liddell' },
      scope: ['finance.read'],
      subjectToken: createSubjectToken(jwt({ sub: 'u-7', aud: 'app' })),
    });
    const [warned] = logger.records.filter((r) => r.event === 'token_scope_widened');
    expect(warned?.fields).toMatchObject({
      extra_scope: ['mail:***REDACTED***', 'files:***REDACTED***', 'offline_access'],
      extra_scope_count: 3,
    });
    expect(JSON.stringify(logger.records)).not.toMatch(/bob@|corp\.example|liddell/i);
  });

  it('keeps a requested scope name the act also holds (a role) in the IdP error text; blanks it in the warning when not requested', async () => {
    // The human's role is also a scope name: blanking it as a person hid which scope failed.
    const act = { sub: 'u-7', role: 'admin', name: 'Alice Liddell' };
    const request = {
      agentId: 'agent-1',
      act,
      scope: ['admin'],
      subjectToken: createSubjectToken(jwt({ sub: 'u-7', aud: 'app' })),
    };
    server.reply({
      status: 400,
      body: {
        error: 'invalid_scope',
        error_description: 'scope admin is not allowed for Alice Liddell',
      },
    });
    const error = await adapter({ mode: 'token-exchange' })
      .requestToken(request)
      .catch((e: unknown) => e);
    expect((error as TokenRequestError).errorDescription).toBe(
      'scope admin is not allowed for ***REDACTED***',
    );
    const logger = createRecordingLogger();
    server.reply(exchangeAnswer('finance.read admin'));
    await adapter({ mode: 'token-exchange' }, server.fetch, { logger }).requestToken({
      ...request,
      scope: ['finance.read'],
    });
    // Not requested this time: an extra scope named as an act value may be the human's own.
    const [warned] = logger.records.filter((r) => r.event === 'token_scope_widened');
    expect(warned?.fields).toMatchObject({ extra_scope: ['***REDACTED***'], extra_scope_count: 1 });
  });
});
