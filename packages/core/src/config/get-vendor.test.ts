import { describe, expect, it } from 'vitest';
import { ConfigurationError } from '../errors/configuration-error.js';
import { getSecretsBackendType } from './get-secrets-backend-type.js';
import { getVendor } from './get-vendor.js';

describe('getVendor', () => {
  it('defaults to keycloak when DUAL_AUTH_VENDOR is unset or blank', () => {
    expect(getVendor({ env: {} })).toBe('keycloak');
    expect(getVendor({ env: { DUAL_AUTH_VENDOR: '  ' } })).toBe('keycloak');
  });

  it('lowercases and trims like the reference', () => {
    expect(getVendor({ env: { DUAL_AUTH_VENDOR: ' Okta\n' } })).toBe('okta');
    expect(getVendor({ env: { DUAL_AUTH_VENDOR: 'ENTRAID' } })).toBe('entraid');
    expect(getVendor({ env: { DUAL_AUTH_VENDOR: 'auth0' } })).toBe('auth0');
  });

  it('refuses an unknown vendor with the reference message and the variable', () => {
    const error = catchError(() => getVendor({ env: { DUAL_AUTH_VENDOR: 'Cognito' } }));
    expect(ConfigurationError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({
      message: "Invalid vendor: 'cognito'. Must be one of: keycloak, auth0, okta, entraid",
      variable: 'DUAL_AUTH_VENDOR',
    });
  });

  it('keeps a long or control-character value out of the message', () => {
    const error = catchError(() =>
      getVendor({ env: { DUAL_AUTH_VENDOR: `x\u001b[31m${'y'.repeat(100)}` } }),
    );
    expect((error as Error).message).not.toContain('\u001b');
    expect((error as Error).message.length).toBeLessThan(120);
  });

  it('throws TypeError for a wrong env', () => {
    expect(() => getVendor({ env: 'okta' as never })).toThrow(TypeError);
  });
});

describe('getSecretsBackendType', () => {
  it('defaults to env', () => {
    expect(getSecretsBackendType({ env: {} })).toBe('env');
    expect(getSecretsBackendType({ env: { DUAL_AUTH_SECRETS_BACKEND: '' } })).toBe('env');
  });

  it.each([
    ['env', 'env'],
    ['environment', 'env'],
    [' ENVIRONMENT ', 'env'],
    ['aws', 'aws'],
    ['GCP', 'gcp'],
    ['azure', 'azure'],
    ['vault', 'vault'],
    ['hashicorp', 'vault'],
    ['HashiCorp', 'vault'],
  ])('maps %j to %s', (value, type) => {
    expect(getSecretsBackendType({ env: { DUAL_AUTH_SECRETS_BACKEND: value } })).toBe(type);
  });

  it('refuses an unknown backend with the reference message and the variable', () => {
    const error = catchError(() =>
      getSecretsBackendType({ env: { DUAL_AUTH_SECRETS_BACKEND: 'keychain' } }),
    );
    expect(ConfigurationError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({
      message: "Invalid secrets backend: 'keychain'. Must be one of: env, aws, gcp, azure, vault",
      variable: 'DUAL_AUTH_SECRETS_BACKEND',
    });
  });
});

function catchError(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}
