import type { DualAuthConfig } from '../contracts/config.js';
import type { Logger } from '../contracts/logger.js';
import type { Vendor } from '../contracts/vendor.js';
import { ConfigurationError } from '../errors/configuration-error.js';
import { createDualAuthConfig } from './create-dual-auth-config.js';
import { keycloakAudienceFromTokenUrl } from './keycloak-audience-from-token-url.js';
import type { VendorSecrets } from './read-vendor-secrets.js';
import { TOKEN_URL_VARIABLES } from './read-vendor-secrets.js';
import { validateTokenUrl } from './validate-token-url.js';

/** Options of {@link buildVendorConfig}. */
export interface BuildVendorConfigOptions {
  allowInsecureLoopback?: boolean | undefined;
  logger: Logger;
}

const PEM_PRIVATE_KEY = /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----/;

/**
 * Turns one vendor's secrets (as {@link readVendorSecrets} returns them) into its validated,
 * redacting config, with the reference's checks in the reference's order.
 *
 * @throws ConfigurationError naming the variable at fault.
 */
export function buildVendorConfig(
  vendor: Vendor,
  secrets: VendorSecrets,
  options: BuildVendorConfigOptions,
): DualAuthConfig {
  const value = (key: string): string => secrets[key] ?? '';
  const entraKey = vendor === 'entraid' ? entraPrivateKey(secrets) : undefined;
  if (vendor === 'entraid' && !value('API_SCOPE').endsWith('/.default')) {
    options.logger.warn('entraid_scope_format', {
      message: "API_SCOPE for EntraID typically ends with '/.default'",
      scope: value('API_SCOPE'),
    });
  }
  const variable = TOKEN_URL_VARIABLES[vendor];
  const base = {
    tokenUrl: validateTokenUrl(value(variable), { variable, ...options }),
    clientId: value('AGENT_CLIENT_ID'),
    clientSecret: value('AGENT_CLIENT_SECRET'),
  };
  switch (vendor) {
    case 'keycloak':
      return createDualAuthConfig({
        vendor,
        ...base,
        audience: keycloakAudienceFromTokenUrl(base.tokenUrl),
      });
    case 'auth0':
    case 'okta':
      return createDualAuthConfig({ vendor, ...base, audience: value('API_AUDIENCE') });
    case 'entraid':
      return createDualAuthConfig({
        vendor,
        ...base,
        scope: value('API_SCOPE'),
        appId: value('APP_ID'),
        actAudience: value('API_AUDIENCE'),
        ...entraKey,
      });
  }
}

/** `APP_PRIVATE_KEY` (PEM text) wins over `APP_PRIVATE_KEY_PATH`; one of them is required. */
function entraPrivateKey(
  secrets: VendorSecrets,
): { appPrivateKey: string } | { appPrivateKeyPath: string } {
  const pem = secrets.APP_PRIVATE_KEY;
  if (pem !== undefined) {
    // A PEM in a one-line variable often arrives with literal "\n" for its line breaks.
    const text = pem.includes('\n') ? pem.trim() : pem.trim().replaceAll('\\n', '\n');
    if (!PEM_PRIVATE_KEY.test(text)) {
      throw new ConfigurationError({
        message: 'APP_PRIVATE_KEY must be a PEM private key (-----BEGIN PRIVATE KEY-----)',
        variable: 'APP_PRIVATE_KEY',
      });
    }
    return { appPrivateKey: text };
  }
  const path = secrets.APP_PRIVATE_KEY_PATH;
  if (path !== undefined) return { appPrivateKeyPath: path };
  throw new ConfigurationError({
    message:
      'EntraID needs the app private key: set APP_PRIVATE_KEY (PEM text) or APP_PRIVATE_KEY_PATH (a PEM file, read by @dual-auth/core/node)',
    variable: 'APP_PRIVATE_KEY_PATH',
  });
}
