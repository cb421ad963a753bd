import { describe, expect, it } from 'vitest';
import { ConfigurationError } from '../errors/configuration-error.js';
import { assertVendor } from './assert-vendor.js';
import { createDualAuthConfig } from './create-dual-auth-config.js';

const config = createDualAuthConfig({
  vendor: 'acme',
  tokenUrl: 'https://idp.acme.example/token',
  clientId: 'finance-agent',
  clientSecret: 'assert-vendor-secret',
});

describe('assertVendor', () => {
  it('passes a config of that vendor and refuses another, naming DUAL_AUTH_VENDOR', () => {
    expect(() => assertVendor(config, 'acme')).not.toThrow();
    let error: unknown;
    try {
      assertVendor(config, 'other');
    } catch (caught) {
      error = caught;
    }
    expect(ConfigurationError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({
      message: 'Expected a other config, got one for acme: check DUAL_AUTH_VENDOR',
      variable: 'DUAL_AUTH_VENDOR',
    });
    expect(() => assertVendor(null as never, 'acme')).toThrow(TypeError);
  });
});
