import { describe, expect, it } from 'vitest';
import { fixtureAdapter, fixtureStore } from '../../test/fixture-plugins.js';
import { ConfigurationError } from '../errors/configuration-error.js';
import { getSecretsBackendType } from './get-secrets-backend-type.js';
import { getVendor } from './get-vendor.js';

// Stand-ins for the four adapter plugins, in the reference's order.
const plugins = ['keycloak', 'auth0', 'okta', 'entraid'].map((vendor) => fixtureAdapter(vendor));
const stores = [
  fixtureStore('aws'),
  fixtureStore('gcp'),
  fixtureStore('azure'),
  fixtureStore('vault'),
];

describe('getVendor', () => {
  it('defaults to keycloak when DUAL_AUTH_VENDOR is unset or blank', () => {
    expect(getVendor({ env: {}, plugins })).toBe('keycloak');
    expect(getVendor({ env: { DUAL_AUTH_VENDOR: '  ' }, plugins })).toBe('keycloak');
  });

  it('takes any vendor name without plugins, and asks for one when none is set', () => {
    expect(getVendor({ env: { DUAL_AUTH_VENDOR: ' PingFed ' } })).toBe('pingfed');
    const unset = catchError(() => getVendor({ env: {} }));
    expect(ConfigurationError.isInstance(unset)).toBe(true);
    expect(unset).toMatchObject({ variable: 'DUAL_AUTH_VENDOR' });
    expect((unset as Error).message).toContain(
      'DUAL_AUTH_VENDOR=<vendor> loads @dual-auth/adapter-<vendor>',
    );
    const malformed = catchError(() => getVendor({ env: { DUAL_AUTH_VENDOR: 'ping fed' } }));
    expect(malformed).toMatchObject({
      message: "Invalid vendor: 'ping fed'. A vendor name is lowercase letters, digits and '-'",
      variable: 'DUAL_AUTH_VENDOR',
    });
  });

  it('lowercases and trims like the reference', () => {
    expect(getVendor({ env: { DUAL_AUTH_VENDOR: ' Okta\n' } })).toBe('okta');
    expect(getVendor({ env: { DUAL_AUTH_VENDOR: 'ENTRAID' } })).toBe('entraid');
    expect(getVendor({ env: { DUAL_AUTH_VENDOR: 'auth0' } })).toBe('auth0');
  });

  it('refuses an unknown vendor with the reference message and the variable', () => {
    const error = catchError(() => getVendor({ env: { DUAL_AUTH_VENDOR: 'Cognito' }, plugins }));
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
      getSecretsBackendType({ env: { DUAL_AUTH_SECRETS_BACKEND: 'keychain' }, plugins: stores }),
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
