import { ConfigurationError } from '@dual-auth/core';
import { describe, expect, it } from 'vitest';
import { polluted } from '../../core/test/polluted-prototype.js';
import { awsEndpoint } from './aws-endpoint.js';

describe('awsEndpoint', () => {
  it('takes the option first, then AWS_ENDPOINT_URL_SECRETS_MANAGER, then AWS_ENDPOINT_URL', () => {
    const env = {
      AWS_ENDPOINT_URL_SECRETS_MANAGER: 'https://sm.vpce.test',
      AWS_ENDPOINT_URL: 'https://all.vpce.test',
    };
    expect(awsEndpoint('https://option.test', env, false)).toBe('https://option.test/');
    expect(awsEndpoint(undefined, env, false)).toBe('https://sm.vpce.test/');
    expect(awsEndpoint(undefined, { AWS_ENDPOINT_URL: 'https://all.vpce.test' }, false)).toBe(
      'https://all.vpce.test/',
    );
    expect(awsEndpoint(undefined, {}, false)).toBeUndefined();
  });

  it('holds a variable to https as the option is, naming the variable', () => {
    for (const name of ['AWS_ENDPOINT_URL_SECRETS_MANAGER', 'AWS_ENDPOINT_URL']) {
      expect(() => awsEndpoint(undefined, { [name]: 'http://example.com' }, true)).toThrow(
        ConfigurationError,
      );
      expect(() => awsEndpoint(undefined, { [name]: 'http://127.0.0.1:9' }, false)).toThrow(
        new RegExp(`^${name} must use HTTPS`),
      );
      expect(awsEndpoint(undefined, { [name]: 'http://127.0.0.1:9' }, true)).toBe(
        'http://127.0.0.1:9/',
      );
    }
  });

  it('reads no variable when AWS_IGNORE_CONFIGURED_ENDPOINT_URLS is true', () => {
    const env = {
      AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'true',
      AWS_ENDPOINT_URL_SECRETS_MANAGER: 'http://example.com',
    };
    expect(awsEndpoint(undefined, env, false)).toBeUndefined();
  });
});

// An inherited AWS_ENDPOINT_URL_SECRETS_MANAGER would send every secret request to the attacker.
describe('awsEndpoint on a polluted Object.prototype', () => {
  it('reads no inherited endpoint variable', async () => {
    const values = {
      AWS_ENDPOINT_URL_SECRETS_MANAGER: 'https://attacker.example',
      AWS_ENDPOINT_URL: 'https://attacker.example',
    };
    await polluted(values, () => {
      expect(awsEndpoint(undefined, {}, false)).toBeUndefined();
    });
    await polluted({ AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'true' }, () => {
      expect(awsEndpoint(undefined, { AWS_ENDPOINT_URL: 'https://all.vpce.test' }, false)).toBe(
        'https://all.vpce.test/',
      );
    });
  });
});
