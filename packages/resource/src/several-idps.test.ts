import { beforeAll, describe, expect, it } from 'vitest';
import { keycloakGuardOptions } from '../test/support/keycloak-guard-options.js';
import { createSigningKey, type SigningKey } from '../test/support/token-kit.js';
import { recordingLogger } from '../test/support/vendor-scenario.js';
import { createDualAuthGuard, type DualAuthGuardOptions } from './dual-auth-guard.js';
import { idpCountOf } from './several-idps.js';
import { agentIn, humanIn } from './subject-checks.js';

const TID = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const ENTRA_V1 = `https://sts.windows.net/${TID}/`;
const ENTRA_V2 = `https://login.microsoftonline.com/${TID}/v2.0`;
const OTHER_TENANT_V2 =
  'https://login.microsoftonline.com/0a1b2c3d-0000-4000-8000-000000000000/v2.0';

describe('idpCountOf', () => {
  // Keycloak's issuer is `<base URL>/realms/<realm>` (its OIDC endpoints, "/realms/{realm-name}/
  // .well-known/openid-configuration"), and each realm signs with its own keys.
  it('counts each Keycloak realm as its own IdP, on one host or behind a base path', () => {
    expect(idpCountOf(['https://kc.example/realms/a', 'https://kc.example/realms/b'])).toBe(2);
    expect(
      idpCountOf(['https://kc.example/auth/realms/a', 'https://kc.example/auth/realms/b']),
    ).toBe(2);
    expect(idpCountOf(['https://kc.example/realms/a', 'https://kc.example/auth/realms/a'])).toBe(2);
  });

  // Review (session 39): issuers on one host were one IdP, so two path tenants of one product
  // passed as one: no warning for one key set over both, and id lists without an issuer accepted,
  // although another tenant's admin can make a user or client of a listed id.
  it('counts each path tenant on one host as its own IdP (WSO2, Cognito, behind a proxy)', () => {
    expect(
      idpCountOf([
        'https://wso2.example/t/tenant-a/oauth2/token',
        'https://wso2.example/t/tenant-b/oauth2/token',
      ]),
    ).toBe(2);
    expect(
      idpCountOf([
        'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_AAAA',
        'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_BBBB',
      ]),
    ).toBe(2);
    expect(idpCountOf(['https://login.example/tenant-a/', 'https://login.example/tenant-b/'])).toBe(
      2,
    );
  });

  // Okta documents each authorization server of an org, the org's own among them, as having its
  // own issuer and its own signing key, a boundary between security domains.
  it("counts an Okta org's authorization servers apart", () => {
    expect(idpCountOf(['https://acme.okta.com', 'https://acme.okta.com/oauth2/default'])).toBe(2);
    expect(
      idpCountOf(['https://acme.okta.com/oauth2/aus1', 'https://acme.okta.com/oauth2/aus2']),
    ).toBe(2);
  });

  it('counts issuer strings as the guard compares them: exactly', () => {
    expect(idpCountOf(['https://kc.example/realms/a', 'https://kc.example/realms/a'])).toBe(1);
    expect(idpCountOf(['https://kc.example/realms/a', 'https://kc.example/realms/a/'])).toBe(2);
    expect(idpCountOf(['https://kc.example/realms/a', 'https://KC.example/realms/a'])).toBe(2);
    expect(idpCountOf(['https://a.example', 'not a url', 'https://a.example/x'])).toBe(3);
    expect(idpCountOf(['not a url', 'not a url'])).toBe(1);
  });

  it("counts an Entra tenant's v1 and v2 issuers as one IdP, in each cloud, and nothing else", () => {
    expect(idpCountOf([ENTRA_V1, ENTRA_V2])).toBe(1);
    expect(
      idpCountOf([
        `https://sts.chinacloudapi.cn/${TID}/`,
        `https://login.chinacloudapi.cn/${TID}/v2.0`,
      ]),
    ).toBe(1);
    expect(idpCountOf([ENTRA_V2, OTHER_TENANT_V2])).toBe(2);
    expect(idpCountOf([ENTRA_V1, 'https://kc.example/realms/a'])).toBe(2);
    // A tenant id on a host of no Entra cloud names no Entra tenant.
    expect(idpCountOf([ENTRA_V2, `https://idp.example/${TID}/`])).toBe(2);
    expect(
      idpCountOf([ENTRA_V2, `https://login.microsoftonline.com.evil.example/${TID}/v2.0`]),
    ).toBe(2);
  });
});

// Review (session 13): IssuerKeyMap is opt-in. A guard trusting issuers of two IdPs with one key
// set lets whoever holds either IdP's signing key mint the other's tokens: it still works, and
// says so once at creation, with what to pass.
describe('a guard with one key set for several issuers', () => {
  let idpKey: SigningKey;
  beforeAll(async () => {
    idpKey = await createSigningKey('idp');
  });
  const warningsOf = (issuer: string | string[], keys?: DualAuthGuardOptions['keys']) => {
    const logger = recordingLogger();
    const options = keycloakGuardOptions(idpKey.publicJwk);
    // The id lists name the issuers' ids (a guard of several IdPs refuses them without).
    createDualAuthGuard({
      ...options,
      issuer,
      agentAllowed: agentIn(['finance-agent'], { issuer }),
      humanAllowed: humanIn(['user-123'], { issuer }),
      logger,
      ...(keys === undefined ? {} : { keys }),
    });
    return logger.events.filter((event) => event.event === 'shared_keys_across_idps');
  };

  it('warns when the issuers are of different IdPs, naming no issuer', () => {
    const issuers = ['https://kc.example/realms/agents', ENTRA_V1];
    const warnings = warningsOf(issuers);
    expect(warnings).toEqual([
      {
        level: 'warn',
        event: 'shared_keys_across_idps',
        fields: {
          issuers: 2,
          idps: 2,
          hint: expect.stringContaining('pass options.keys as an IssuerKeyMap'),
        },
      },
    ]);
    expect(JSON.stringify(warnings)).not.toMatch(/kc\.example|sts\.windows|72f988bf/);
  });

  it('warns for two Keycloak realms on one host', () => {
    const issuers = ['https://kc.example/realms/agents', 'https://kc.example/realms/staff'];
    expect(warningsOf(issuers)).toEqual([
      expect.objectContaining({ fields: expect.objectContaining({ issuers: 2, idps: 2 }) }),
    ]);
  });

  it('warns for two Cognito user pools of one region', () => {
    const issuers = [
      'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_AAAA',
      'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_BBBB',
    ];
    expect(warningsOf(issuers)).toEqual([
      expect.objectContaining({
        fields: expect.objectContaining({ issuers: 2, idps: 2, hint: expect.any(String) }),
      }),
    ]);
  });

  it("does not warn for one IdP's issuers, one issuer, or keys per issuer", () => {
    expect(warningsOf([ENTRA_V1, ENTRA_V2])).toEqual([]);
    expect(warningsOf('https://kc.example/realms/agents')).toEqual([]);
    const issuers = ['https://kc.example/realms/agents', ENTRA_V1];
    const perIssuer = new Map(issuers.map((iss) => [iss, idpKey.publicJwk]));
    expect(warningsOf(issuers, perIssuer)).toEqual([]);
  });
});

describe('an id list without an issuer on a guard of two path tenants of one host', () => {
  const TENANTS = [
    'https://wso2.example/t/tenant-a/oauth2/token',
    'https://wso2.example/t/tenant-b/oauth2/token',
  ];
  let idpKey: SigningKey;
  beforeAll(async () => {
    idpKey = await createSigningKey('idp');
  });
  const guardWith = (checks: Partial<DualAuthGuardOptions>) => () =>
    createDualAuthGuard({
      ...keycloakGuardOptions(new Map(TENANTS.map((iss) => [iss, idpKey.publicJwk]))),
      issuer: TENANTS,
      agentAllowed: agentIn(['finance-agent'], { issuer: TENANTS }),
      humanAllowed: humanIn(['user-123'], { issuer: TENANTS[0] as string }),
      ...checks,
    });

  // Tenant B's admin can make a user of tenant A's user's id: the list must say whose ids it holds.
  it('is refused at creation, saying to give it the issuer', () => {
    const build = guardWith({ humanAllowed: humanIn(['user-123']) });
    expect(build).toThrow(TypeError);
    expect(build).toThrow(/issuers of 2 identity providers.*humanIn\(ids, \{ issuer \}\)/);
    expect(guardWith({})).not.toThrow();
  });
});
