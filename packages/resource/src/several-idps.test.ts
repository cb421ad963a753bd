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
    expect(idpCountOf(['https://kc.example/realms/a', 'https://KC.example/realms/a'])).toBe(1);
  });

  it("counts one IdP per host, an Entra tenant's v1 and v2 issuers as one", () => {
    expect(idpCountOf([ENTRA_V1, ENTRA_V2])).toBe(1);
    expect(idpCountOf(['https://kc.example/realms/a', 'https://kc.example/realms/a/'])).toBe(1);
    expect(idpCountOf([ENTRA_V2, OTHER_TENANT_V2])).toBe(1);
    expect(idpCountOf([ENTRA_V1, 'https://kc.example/realms/a'])).toBe(2);
    expect(idpCountOf(['https://kc.example/realms/a', 'https://okta.example/oauth2/x'])).toBe(2);
    expect(idpCountOf(['https://a.example', 'not a url', 'https://a.example/x'])).toBe(2);
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

  it("does not warn for one IdP's issuers, one issuer, or keys per issuer", () => {
    expect(warningsOf([ENTRA_V1, ENTRA_V2])).toEqual([]);
    expect(warningsOf('https://kc.example/realms/agents')).toEqual([]);
    const issuers = ['https://kc.example/realms/agents', ENTRA_V1];
    const perIssuer = new Map(issuers.map((iss) => [iss, idpKey.publicJwk]));
    expect(warningsOf(issuers, perIssuer)).toEqual([]);
  });
});
