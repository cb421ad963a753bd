import { describe, expect, it, vi } from 'vitest';
import { ConfigurationError } from '../errors/configuration-error.js';
import { envVariable } from './env-variable.js';
import { getConfig } from './get-config.js';
import { envOf, readEnv } from './read-env.js';

describe('readEnv', () => {
  it('reads process.env at call time, not at import', () => {
    vi.stubEnv('DUAL_AUTH_READ_ENV_PROBE', 'okta');
    expect(readEnv().DUAL_AUTH_READ_ENV_PROBE).toBe('okta');
    vi.stubEnv('DUAL_AUTH_READ_ENV_PROBE', 'auth0');
    expect(readEnv().DUAL_AUTH_READ_ENV_PROBE).toBe('auth0');
  });
});

// Deno's `process.env` without `--allow-env` (or with an `--allow-env=…` list that leaves a name
// out): every read throws its `NotCapable`, whose message names neither the variable nor the flag.
class NotCapable extends Error {
  override name = 'NotCapable';
}
const refusingEnv = new Proxy(
  {},
  {
    get: () => {
      throw new NotCapable('Requires env access');
    },
    has: () => {
      throw new NotCapable('Requires env access');
    },
    getOwnPropertyDescriptor: () => {
      throw new NotCapable('Requires env access');
    },
  },
);

describe('envOf (readEnv of a runtime)', () => {
  it('on Deno, a refused read throws a ConfigurationError naming the variable and --allow-env', () => {
    const env = envOf({ process: { env: refusingEnv }, navigator: { userAgent: 'Deno/2.9.6' } });
    let thrown: unknown;
    try {
      void env.KEYCLOAK_TOKEN_URL;
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ConfigurationError);
    expect(thrown).toMatchObject({
      variable: 'KEYCLOAK_TOKEN_URL',
      message: expect.stringContaining('--allow-env=KEYCLOAK_TOKEN_URL'),
      cause: expect.any(NotCapable),
    });
    expect(() => 'DUAL_AUTH_VENDOR' in env).toThrow(/'DUAL_AUTH_VENDOR'.*--allow-env/);
    expect(() => envVariable(env, 'DUAL_AUTH_LOG')).toThrow(/'DUAL_AUTH_LOG'.*--allow-env/);
  });

  it('getConfig reading a refused environment fails with that error, not "Unexpected error"', async () => {
    const env = envOf({ process: { env: refusingEnv }, navigator: { userAgent: 'Deno/2.9.6' } });
    await expect(getConfig({ env })).rejects.toMatchObject({
      name: 'ConfigurationError',
      message: expect.stringMatching(
        /^Environment variable '\w+' could not be read \(NotCapable\): on Deno, run with --allow-env=/,
      ),
    });
  });

  it('reads what the runtime lets it read, as it is', () => {
    const env = envOf({
      process: { env: { DUAL_AUTH_VENDOR: 'okta' } },
      navigator: { userAgent: 'Bun/1.4.4' },
    });
    expect(env.DUAL_AUTH_VENDOR).toBe('okta');
    expect({ ...env }).toEqual({ DUAL_AUTH_VENDOR: 'okta' });
  });

  it("is Node's own process.env on Node (no wrapper on its hot path), {} without process", () => {
    const nodeEnv = { DUAL_AUTH_VENDOR: 'auth0' };
    expect(envOf({ process: { env: nodeEnv }, navigator: { userAgent: 'Node.js/24' } })).toBe(
      nodeEnv,
    );
    expect(envOf({})).toEqual({});
  });
});
