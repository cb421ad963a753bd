import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { requireValue } from '@dual-auth/core';

/** The keys {@link referenceSecrets} gives values for. */
export type ReferenceSecretKey =
  | 'KEYCLOAK_TOKEN_URL'
  | 'ENTRAID_TOKEN_URL'
  | 'AGENT_CLIENT_ID'
  | 'AGENT_CLIENT_SECRET'
  | 'APP_PRIVATE_KEY'
  | 'API_SCOPE'
  | 'APP_ID'
  | 'API_AUDIENCE';

/** The keys of {@link referenceSecrets} whose values are secrets proper (not identifiers or URLs). */
export const CONFIDENTIAL_KEYS: readonly ReferenceSecretKey[] = [
  'AGENT_CLIENT_SECRET',
  'APP_PRIVATE_KEY',
];

/**
 * The reference's secrets for a Keycloak and an Entra ID configuration, by key, to seed a secret
 * store emulator with. Identifiers and secrets carry a tag unique to the call, so a test can
 * recognise any of them in a log or an error; `APP_PRIVATE_KEY` is a fresh P-256 PKCS #8 PEM.
 *
 * @example
 * ```ts
 * import { referenceSecrets, startAzureKeyVaultEmulator } from '@dual-auth/testing/emulators';
 *
 * const values = referenceSecrets();
 * const vault = await startAzureKeyVaultEmulator({
 *   secrets: { 'dual-auth-agent-client-secret': values.AGENT_CLIENT_SECRET },
 * });
 * ```
 */
export function referenceSecrets(): Readonly<Record<ReferenceSecretKey, string>> {
  const tag = randomBytes(6).toString('hex');
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return {
    KEYCLOAK_TOKEN_URL: 'https://kc.example/realms/agbac/protocol/openid-connect/token',
    ENTRAID_TOKEN_URL: 'https://login.microsoftonline.com/tenant-1/oauth2/v2.0/token',
    AGENT_CLIENT_ID: `agent-${tag}`,
    AGENT_CLIENT_SECRET: `client-secret-${tag}`,
    APP_PRIVATE_KEY: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
    API_SCOPE: 'api://finance-api/.default',
    APP_ID: `app-${tag}`,
    API_AUDIENCE: 'api://finance-api',
  };
}

/**
 * The values of {@link referenceSecrets} under the names Key Vault and Secret Manager hold them by
 * (the Python library's rule): the key in lower kebab case after `prefix`, so `AGENT_CLIENT_SECRET`
 * is `dual-auth-agent-client-secret`. Written out here, apart from the backends' own naming code,
 * so a test that seeds an emulator with them checks that code.
 *
 * @example
 * ```ts
 * import { kebabCaseReferenceSecrets, referenceSecrets, startGcpSecretManagerEmulator } from '@dual-auth/testing/emulators';
 *
 * const values = referenceSecrets();
 * const gcp = await startGcpSecretManagerEmulator({ secrets: kebabCaseReferenceSecrets(values) });
 * ```
 */
export function kebabCaseReferenceSecrets(
  values: Readonly<Record<ReferenceSecretKey, string>>,
  prefix = 'dual-auth-',
): Record<string, string> {
  requireValue(values, 'values', 'object');
  requireValue(prefix, 'prefix', 'string');
  return Object.fromEntries(
    Object.entries(values).map(([key, value]) => [
      `${prefix}${key.toLowerCase().replaceAll('_', '-')}`,
      value,
    ]),
  );
}

/**
 * The fields `getConfig` resolves from the values of {@link referenceSecrets} for the reference's
 * Keycloak or Entra ID configuration (what the store holds, not what an adapter derives from it,
 * such as Keycloak's `audience`), for `expect(config).toMatchObject(…)`.
 *
 * @example
 * ```ts
 * import { referenceConfig, referenceSecrets } from '@dual-auth/testing/emulators';
 *
 * const values = referenceSecrets();
 * const expected = referenceConfig(values, 'entraid'); // { vendor: 'entraid', tokenUrl: …, … }
 * ```
 */
export function referenceConfig(
  values: Readonly<Record<ReferenceSecretKey, string>>,
  vendor: 'keycloak' | 'entraid',
): Readonly<Record<string, string>> {
  requireValue(values, 'values', 'object');
  if (vendor !== 'keycloak' && vendor !== 'entraid') {
    throw new TypeError("vendor must be 'keycloak' or 'entraid'");
  }
  const agent = { clientId: values.AGENT_CLIENT_ID, clientSecret: values.AGENT_CLIENT_SECRET };
  if (vendor === 'keycloak') {
    return { vendor, tokenUrl: values.KEYCLOAK_TOKEN_URL, ...agent };
  }
  return {
    vendor,
    tokenUrl: values.ENTRAID_TOKEN_URL,
    ...agent,
    scope: values.API_SCOPE,
    appId: values.APP_ID,
    actAudience: values.API_AUDIENCE,
    // getConfig trims settings; the PEM ends with a newline.
    appPrivateKey: values.APP_PRIVATE_KEY.trim(),
  };
}
