import { createEnvSecretsBackend } from '../src/config/env-secrets-backend.js';
import type {
  AdapterPlugin,
  ConfigSetting,
  SecretsBackendPlugin,
} from '../src/contracts/plugin-modules.js';
import type { SecretsBackend } from '../src/contracts/secrets-backend.js';

/**
 * A stand-in adapter plugin for core's own tests: reads `<VENDOR>_TOKEN_URL`, `AGENT_CLIENT_ID`
 * and `AGENT_CLIENT_SECRET`, then `extra` settings. The real ones live in the adapter packages.
 */
export function fixtureAdapter(
  vendor: string,
  overrides: Partial<AdapterPlugin> & { extra?: readonly ConfigSetting[] } = {},
): AdapterPlugin {
  const { extra = [], ...rest } = overrides;
  return {
    kind: 'adapter',
    specificationVersion: 'v1',
    vendor,
    settings: [
      { variable: `${vendor.toUpperCase()}_TOKEN_URL`, field: 'tokenUrl', kind: 'token-url' },
      { variable: 'AGENT_CLIENT_ID', field: 'clientId' },
      { variable: 'AGENT_CLIENT_SECRET', field: 'clientSecret', kind: 'secret' },
      ...extra,
    ],
    createAdapter: () => {
      throw new Error(`the ${vendor} fixture makes no adapter`);
    },
    ...rest,
  };
}

/** A stand-in secrets backend plugin that reads `env` under another backend name. */
export function fixtureStore(
  type: string,
  env: Record<string, string> = {},
  aliases?: readonly string[],
): SecretsBackendPlugin {
  return {
    kind: 'secrets-backend',
    specificationVersion: 'v1',
    type,
    ...(aliases === undefined ? {} : { aliases }),
    createSecretsBackend: (): SecretsBackend => ({
      ...createEnvSecretsBackend({ env }),
      backendName: type,
    }),
  };
}
