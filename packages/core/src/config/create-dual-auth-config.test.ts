import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { VendorConfig } from '../contracts/config.js';
import { createDualAuthConfig } from './create-dual-auth-config.js';

const SECRET = 'client-secret-never-shown';
const PEM =
  '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC-never-shown\n-----END PRIVATE KEY-----';

// The shape of an Entra ID config (its type lives in @dual-auth/adapter-entraid).
interface EntraFields extends VendorConfig {
  scope: string;
  appId: string;
  actAudience: string;
  appPrivateKey: string;
}

const entra = createDualAuthConfig<EntraFields>({
  vendor: 'entraid',
  tokenUrl: 'https://login.microsoftonline.com/t1/oauth2/v2.0/token',
  clientId: 'agent-app',
  clientSecret: SECRET,
  scope: 'api://finance/.default',
  appId: 'app-1',
  actAudience: 'api://finance',
  appPrivateKey: PEM,
});

describe('createDualAuthConfig', () => {
  it('reads the secrets as properties', () => {
    expect(entra.clientSecret).toBe(SECRET);
    expect(entra.appPrivateKey).toBe(PEM);
    expect(entra.scope).toBe('api://finance/.default');
  });

  it('redacts under JSON.stringify, util.inspect, String, template strings, keys and spread', () => {
    const forms = [
      JSON.stringify(entra),
      JSON.stringify({ nested: [entra] }),
      inspect(entra),
      inspect({ deep: { entra } }, { depth: 10, showHidden: true }),
      String(entra),
      `${entra}`,
      JSON.stringify(Object.keys(entra)),
      JSON.stringify({ ...entra }),
      JSON.stringify(structuredClone({ ...entra })),
    ];
    for (const text of forms) {
      expect(text).not.toContain('never-shown');
    }
  });

  it('prints the fields in order with the secrets redacted', () => {
    expect(`${entra}`).toBe(
      'DualAuthConfig(vendor=entraid, tokenUrl=https://login.microsoftonline.com/t1/oauth2/v2.0/token, clientId=agent-app, clientSecret=***REDACTED***, scope=api://finance/.default, appId=app-1, actAudience=api://finance, appPrivateKey=***REDACTED***)',
    );
    expect(JSON.parse(JSON.stringify(entra))).toMatchObject({
      vendor: 'entraid',
      clientSecret: '***REDACTED***',
      appPrivateKey: '***REDACTED***',
    });
    expect(inspect(entra)).toContain('"clientSecret":"***REDACTED***"');
  });

  it('is frozen', () => {
    expect(Object.isFrozen(entra)).toBe(true);
    expect(() => {
      (entra as { tokenUrl: string }).tokenUrl = 'https://evil.example/token';
    }).toThrow(TypeError);
  });

  it('rebuilds from another config without losing the secrets', () => {
    const copy = createDualAuthConfig(entra);
    expect(copy.clientSecret).toBe(SECRET);
    expect(copy.appPrivateKey).toBe(PEM);
    expect(`${copy}`).toBe(`${entra}`);
  });

  it('leaves out undefined fields', () => {
    const config = createDualAuthConfig({
      vendor: 'keycloak',
      tokenUrl: 'https://kc/realms/r/protocol/openid-connect/token',
      clientId: 'a',
      clientSecret: SECRET,
      audience: undefined,
    });
    expect(Object.keys(config)).toEqual(['vendor', 'tokenUrl', 'clientId']);
  });

  it('throws TypeError for a wrong shape', () => {
    expect(() => createDualAuthConfig(null as never)).toThrow(TypeError);
    // Any vendor name is open (a plugin's); one that cannot name a package is not.
    expect(() => createDualAuthConfig({ ...entra, vendor: 'Cognito Pool' } as never)).toThrow(
      TypeError,
    );
    expect(() =>
      createDualAuthConfig({ vendor: 'okta', tokenUrl: 'https://x', clientId: 'a' } as never),
    ).toThrow('config.clientSecret must be a string');
  });
});
