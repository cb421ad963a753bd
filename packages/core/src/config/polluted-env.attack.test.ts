import { describe, expect, it } from 'vitest';
import { fixtureAdapter } from '../../test/fixture-plugins.js';
import { polluted } from '../../test/polluted-prototype.js';
import { resolveDefaultLogger } from '../logging/default-logger.js';
import { noopLogger } from '../logging/noop-logger.js';
import { stringSetting } from '../secrets-kit/string-setting.js';
import { createEnvSecretsBackend } from './env-secrets-backend.js';
import { envVariable } from './env-variable.js';
import { getSecretsBackendType } from './get-secrets-backend-type.js';
import { getVendor } from './get-vendor.js';

// process.env and a plain `{}` inherit from Object.prototype: a name a prototype-pollution bug
// elsewhere set there must not fill in an unset environment variable.
describe('a polluted Object.prototype sets no environment variable', () => {
  it('envVariable reads own properties only', async () => {
    await polluted({ DUAL_AUTH_VENDOR: 'evil' }, () => {
      expect(envVariable({}, 'DUAL_AUTH_VENDOR')).toBeUndefined();
      expect(envVariable({ DUAL_AUTH_VENDOR: 'okta' }, 'DUAL_AUTH_VENDOR')).toBe('okta');
    });
  });

  it('the env secrets backend finds no inherited secret', async () => {
    const backend = createEnvSecretsBackend({ env: {} });
    await polluted({ AGENT_CLIENT_SECRET: 'attacker-chosen' }, async () => {
      await expect(backend.getSecret('AGENT_CLIENT_SECRET', { required: false })).resolves.toBe(
        undefined,
      );
      await expect(backend.getSecret('AGENT_CLIENT_SECRET')).rejects.toMatchObject({
        name: 'SecretsBackendError',
      });
    });
  });

  it('DUAL_AUTH_VENDOR and DUAL_AUTH_SECRETS_BACKEND are not inherited', async () => {
    const plugins = [fixtureAdapter('acme')];
    await polluted(
      { DUAL_AUTH_VENDOR: 'no-such-vendor', DUAL_AUTH_SECRETS_BACKEND: 'nope' },
      () => {
        expect(getVendor({ env: {}, plugins })).toBe('acme');
        expect(getSecretsBackendType({ env: {} })).toBe('env');
      },
    );
  });

  it('DUAL_AUTH_LOG and DUAL_AUTH_LOG_LEVEL are not inherited', async () => {
    await polluted({ DUAL_AUTH_LOG: 'json', DUAL_AUTH_LOG_LEVEL: 'debug' }, () => {
      expect(resolveDefaultLogger({})).toBe(noopLogger);
    });
  });

  it('stringSetting reads no inherited variable', async () => {
    await polluted({ DUAL_AUTH_AWS_SECRET_PREFIX: 'attacker/' }, () => {
      expect(stringSetting({}, 'secretPrefix', {}, 'DUAL_AUTH_AWS_SECRET_PREFIX')).toBeUndefined();
    });
  });
});
