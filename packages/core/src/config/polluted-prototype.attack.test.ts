import { describe, expect, it } from 'vitest';
import { fixtureAdapter } from '../../test/fixture-plugins.js';
import { polluted as pollutedWhile } from '../../test/polluted-prototype.js';
import { resolveAdapterOptions } from '../adapter-kit/adapter-options.js';
import { requireAudience } from '../adapter-kit/require-config.js';
import { resolveRetryPolicy } from '../adapter-kit/retry-policy.js';
import { resolveBackendOptions } from '../secrets-kit/backend-options.js';
import { checkGetSecretArgs } from '../secrets-kit/check-get-secret-args.js';
import { checkOption, ownOptions } from './check-option.js';
import { getConfig } from './get-config.js';

// A prototype-pollution bug elsewhere in the process (a JSON merge of request input) sets a name on
// Object.prototype; every options object then inherits it. Core's helpers read options as own
// properties only, so such a value never sets an option.
function polluted<R>(name: string, value: unknown, read: () => R): R {
  const proto = Object.prototype as Record<string, unknown>;
  proto[name] = value;
  try {
    return read();
  } finally {
    delete proto[name];
  }
}

describe('a polluted Object.prototype does not set an option', () => {
  it('checkOption reads only an own property', () => {
    expect(polluted('cacheTtlMs', 86_400_000, () => checkOption({}, 'cacheTtlMs', 'number'))).toBe(
      undefined,
    );
    expect(
      polluted('cacheTtlMs', 86_400_000, () =>
        checkOption({ cacheTtlMs: 5 }, 'cacheTtlMs', 'number'),
      ),
    ).toBe(5);
  });

  it('ownOptions copies own properties only, onto no prototype', () => {
    const fetch = async () => new Response();
    const read = polluted(
      'fetch',
      () => 'stolen',
      () => {
        const own = ownOptions({ timeoutMs: 5 }) as { timeoutMs: number; fetch?: unknown };
        return { timeoutMs: own.timeoutMs, fetch: own.fetch };
      },
    );
    expect(read).toEqual({ timeoutMs: 5, fetch: undefined });
    expect(polluted('timeoutMs', 9, () => ownOptions({ fetch })).fetch).toBe(fetch);
    expect(ownOptions(undefined)).toBeUndefined();
  });

  it('getConfig: an inherited backend chooses no setting', async () => {
    const evil = {
      backendName: 'evil',
      getSecret: async () => 'https://evil.example/token',
    };
    const config = await pollutedWhile({ backend: evil }, () =>
      getConfig({
        plugins: [fixtureAdapter('keycloak')],
        env: {
          DUAL_AUTH_VENDOR: 'keycloak',
          KEYCLOAK_TOKEN_URL: 'https://kc.example/realms/agents/protocol/openid-connect/token',
          AGENT_CLIENT_ID: 'finance-agent',
          AGENT_CLIENT_SECRET: 'agent-secret',
        },
      }),
    );
    expect(config.tokenUrl).toBe('https://kc.example/realms/agents/protocol/openid-connect/token');
  });

  // Review (wave 32, ownoptions): getConfig copied its options to a null prototype but checked
  // plugins before, reading them through the prototype: inherited plugins chose the adapter (and
  // so the settings read and the adapter made), or refused a vendor they lacked.
  it('getConfig: inherited plugins choose no adapter', async () => {
    const keycloak = fixtureAdapter('keycloak');
    const config = await pollutedWhile({ plugins: [fixtureAdapter('okta')] }, () =>
      getConfig({
        importModule: async (specifier) => {
          if (specifier === '@dual-auth/adapter-keycloak') return { keycloakPlugin: keycloak };
          throw new TypeError(`unexpected import of ${specifier}`);
        },
        env: {
          DUAL_AUTH_VENDOR: 'keycloak',
          KEYCLOAK_TOKEN_URL: 'https://kc.example/realms/agents/protocol/openid-connect/token',
          AGENT_CLIENT_ID: 'finance-agent',
          AGENT_CLIENT_SECRET: 'agent-secret',
        },
      }),
    );
    expect(config.vendor).toBe('keycloak');
  });

  it('resolveAdapterOptions: neither allowInsecureLoopback, retry nor a refused timeout is inherited', () => {
    const resolved = polluted('allowInsecureLoopback', true, () => resolveAdapterOptions({}));
    expect(resolved.allowInsecureLoopback).toBe(false);
    expect(polluted('retry', { limit: 0 }, () => resolveAdapterOptions({})).retry.limit).toBe(
      resolveAdapterOptions({}).retry.limit,
    );
    expect(polluted('timeout', 1, () => resolveAdapterOptions({})).timeoutMs).toBe(
      resolveAdapterOptions({}).timeoutMs,
    );
  });

  it('resolveRetryPolicy: limit and delays are not inherited', () => {
    const policy = polluted('maxRetryAfterMs', 2_147_483_647, () =>
      polluted('limit', 10, () => resolveRetryPolicy({})),
    );
    expect(policy).toEqual(resolveRetryPolicy({}));
  });

  it('resolveBackendOptions: cacheTtlMs is not inherited (a rotated secret is re-read after 5 min)', async () => {
    const at = { now: 0 };
    const clock = { now: () => at.now };
    const { cache } = polluted('cacheTtlMs', 86_400_000, () =>
      resolveBackendOptions({ env: {}, clock }, 'TestBackend'),
    );
    let loads = 0;
    const load = async () => {
      loads += 1;
      return { found: true as const, value: 'v' };
    };
    await cache.get('k', load);
    at.now += 300_001;
    await cache.get('k', load);
    expect(loads).toBe(2);
  });

  it('checkGetSecretArgs: required is not inherited', () => {
    expect(polluted('required', false, () => checkGetSecretArgs('k', {})).required).toBe(true);
  });

  it('requireAudience: audience is not inherited', () => {
    expect(() =>
      polluted('audience', 'https://evil.example', () => requireAudience({}, 'Test')),
    ).toThrow("Test adapter requires 'audience' configuration");
  });
});
