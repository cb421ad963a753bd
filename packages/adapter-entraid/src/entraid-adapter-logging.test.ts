import { inspect } from 'node:util';
import { TokenRequestError } from '@dual-auth/core';
import { createRecordingLogger } from '@dual-auth/testing';
import { describe, expect, it } from 'vitest';
import { useEntraIdTestSetup } from '../test/entraid-test-setup.js';
import { EntraIdAdapter } from './entraid-adapter.js';

const act = { sub: 'alice@contoso.example', oid: '0000a11c-0000-4000-8000-00000000a11c' };
const setup = useEntraIdTestSetup();
const { config } = setup;

describe('EntraIdAdapter: the reference events', () => {
  it('entraid_config_error names the first missing variable', () => {
    const logger = createRecordingLogger();
    expect(() => new EntraIdAdapter(config({ appId: '' }), { logger })).toThrow(
      'EntraID adapter requires: appId (APP_ID)',
    );
    expect(logger.records).toEqual([
      { level: 'error', event: 'entraid_config_error', fields: { variable: 'APP_ID' } },
    ]);
  });

  it('warns once at construction when APP_ID is not AGENT_CLIENT_ID (the resource guard would refuse every assertion)', async () => {
    const logger = createRecordingLogger();
    setup.server.reply({ status: 200, body: { token_type: 'Bearer', access_token: 'AT' } });
    const adapter = new EntraIdAdapter(config({ appId: 'https://app', clientId: 'cid' }), {
      logger,
      fetch: setup.server.fetch,
      retry: false,
    });
    await adapter.requestToken({ agentId: 'cid', act, scope: [] });
    await adapter.requestToken({ agentId: 'cid', act, scope: [] });
    expect(logger.records.filter((r) => r.level === 'warn')).toEqual([
      {
        level: 'warn',
        event: 'entraid_app_id_not_client_id',
        fields: {
          app_id: 'https://app',
          client_id: 'cid',
          message:
            "APP_ID is not AGENT_CLIENT_ID: @dual-auth/resource will refuse every act assertion (binding_mismatch), as it binds them to the agent token's client; set APP_ID to AGENT_CLIENT_ID",
        },
      },
    ]);
    const bound = createRecordingLogger();
    new EntraIdAdapter(config({ appId: 'cid', clientId: 'cid' }), { logger: bound });
    expect(bound.records.filter((r) => r.level === 'warn')).toEqual([]);
  });

  it('entraid_key_load_error for a key that is not a private key, entraid_key_loaded for one that is', async () => {
    const bad = createRecordingLogger();
    expect(
      () => new EntraIdAdapter(config({ appPrivateKey: 'not a key' }), { logger: bad }),
    ).toThrow();
    expect(bad.records.filter((r) => r.event.startsWith('entraid_key'))).toEqual([
      {
        level: 'error',
        event: 'entraid_key_load_error',
        fields: { variable: undefined, error_type: 'ConfigurationError' },
      },
    ]);
    const good = createRecordingLogger();
    setup.server.reply({ status: 200, body: { token_type: 'Bearer', access_token: 'AT' } });
    const adapter = new EntraIdAdapter(config(), {
      logger: good,
      fetch: setup.server.fetch,
      retry: false,
    });
    await adapter.requestToken({ agentId: 'cid', act, scope: ['s'] });
    expect(good.records.filter((r) => r.event.startsWith('entraid_key'))).toEqual([
      {
        level: 'info',
        event: 'entraid_key_loaded',
        fields: { app_id: 'https://app', algorithm: 'RS256' },
      },
    ]);
  });

  it('act_assertion_error when the act assertion cannot be signed, then a TokenRequestError', async () => {
    const logger = createRecordingLogger();
    setup.server.reply({ status: 200, body: { token_type: 'Bearer', access_token: 'AT' } });
    // Its message may quote anything (a secret, a person's text): never kept (session 38).
    const entropyDown = new Error('entropy source unavailable: key s3cr3t-v4lue');
    const adapter = new EntraIdAdapter(config(), {
      logger,
      fetch: setup.server.fetch,
      retry: false,
      random: () => {
        throw entropyDown;
      },
    });
    const failure = await adapter
      .requestToken({ agentId: 'cid', act, scope: ['s'] })
      .catch((error: unknown) => error);
    expect(TokenRequestError.isInstance(failure)).toBe(true);
    expect((failure as TokenRequestError).message).toBe(
      'Token request failed: Cannot create act assertion: Error',
    );
    expect(((failure as TokenRequestError).cause as Error).name).toBe('Error');
    for (const shown of [JSON.stringify(failure), inspect(failure)]) {
      expect(shown).not.toMatch(/s3cr3t|entropy source/);
    }
    expect(
      logger.records.filter((r) => r.level === 'error').map((r) => [r.event, r.fields]),
    ).toEqual([
      ['act_assertion_error', { error_type: 'Error' }],
      ['token_request_error', expect.objectContaining({ error_type: 'TokenRequestError' })],
    ]);
  });
});
