import { setDefaultLogger } from '@dual-auth/core';
import { createRecordingLogger } from '@dual-auth/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { OktaAdapter } from './okta-adapter.js';
import type { OktaConfig } from './okta-config.js';

const config: OktaConfig = {
  vendor: 'okta',
  tokenUrl: 'https://dev-1.okta.example/oauth2/aus1/v1/token',
  clientId: 'agent-1',
  clientSecret: 'okta-secret-0123456789abcdef0123456789',
  audience: 'https://api.example.com/finance',
};

function refused(bad: Partial<Record<keyof OktaConfig, unknown>>) {
  const logger = createRecordingLogger();
  expect(() => new OktaAdapter({ ...config, ...bad } as OktaConfig, { logger })).toThrow();
  return logger.records;
}

afterEach(() => setDefaultLogger(undefined));

describe('OktaAdapter: the reference events of a refused configuration', () => {
  it('okta_config_error without an audience, naming the variable only', () => {
    expect(refused({ audience: '' })).toEqual([
      {
        level: 'error',
        event: 'okta_config_error',
        fields: { variable: 'API_AUDIENCE', error_type: 'ConfigurationError' },
      },
    ]);
  });

  it('okta_url_parse_error when the token URL has no /oauth2/', () => {
    expect(refused({ tokenUrl: 'https://dev-1.okta.example/v1/token' })).toEqual([
      { level: 'error', event: 'okta_url_parse_error', fields: { variable: 'OKTA_TOKEN_URL' } },
    ]);
  });

  it('insecure_token_url with the scheme, never the URL', () => {
    expect(refused({ tokenUrl: 'http://dev-1.okta.example/oauth2/aus1/v1/token' })).toEqual([
      {
        level: 'error',
        event: 'insecure_token_url',
        fields: { adapter_type: 'OktaAdapter', scheme: 'http' },
      },
    ]);
  });

  it('adapter_init_failed naming the missing variable, never a value', () => {
    expect(refused({ clientSecret: undefined })).toEqual([
      {
        level: 'error',
        event: 'adapter_init_failed',
        fields: {
          adapter_type: 'OktaAdapter',
          variable: 'AGENT_CLIENT_SECRET',
          error_type: 'ConfigurationError',
        },
      },
    ]);
  });

  it('goes to the default logger when none is passed (setDefaultLogger)', () => {
    const logger = createRecordingLogger();
    setDefaultLogger(logger);
    expect(() => new OktaAdapter({ ...config, audience: '' })).toThrow();
    new OktaAdapter(config);
    expect(logger.records.map((r) => r.event)).toEqual([
      'okta_config_error',
      'adapter_initialized',
      'okta_adapter_init',
    ]);
  });
});

describe('OktaAdapter: okta_adapter_init', () => {
  it('names its settings in snake_case, as every field and docs/logging.md do (okta_domain, auth_server_id)', () => {
    const logger = createRecordingLogger();
    new OktaAdapter(config, { logger });
    const init = logger.records.find((record) => record.event === 'okta_adapter_init');
    expect(init?.level).toBe('info');
    expect(init?.fields).toMatchObject({
      token_url: config.tokenUrl,
      audience: config.audience,
      okta_domain: 'https://dev-1.okta.example',
      auth_server_id: 'aus1',
    });
    for (const name of Object.keys(init?.fields ?? {}))
      expect(name).toMatch(/^[a-z0-9]+(_[a-z0-9]+)*$/);
  });
});
