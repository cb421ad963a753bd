import { describe, expect, it } from 'vitest';
import { systemClock } from '../contracts/clock.js';
import type { Logger } from '../contracts/logger.js';
import { defaultLogger } from '../logging/default-logger.js';
import { noopLogger } from '../logging/noop-logger.js';
import { resolveBackendOptions } from './backend-options.js';
import { SecretCache } from './secret-cache.js';

describe('resolveBackendOptions', () => {
  it('takes env, logger and clock from the options, and builds the cache on that clock', async () => {
    let now = 0;
    const clock = { now: () => now };
    const logger: Logger = { ...noopLogger };
    const env = { A: '1' };
    const resolved = resolveBackendOptions({ env, logger, clock, cacheTtlMs: 10 }, 'X');
    expect(resolved).toMatchObject({ env, logger, clock });
    expect(resolved.cache).toBeInstanceOf(SecretCache);
    let loads = 0;
    const load = async () => {
      loads += 1;
      return { found: true as const, value: 'v' };
    };
    await resolved.cache.get('K', load);
    now = 9;
    await resolved.cache.get('K', load);
    now = 10;
    await resolved.cache.get('K', load);
    expect(loads).toBe(2);
  });

  it('defaults to the process environment, the default logger (off unless switched on) and the system clock', () => {
    const resolved = resolveBackendOptions({}, 'X');
    expect(resolved.env).toBe(process.env);
    expect(resolved.logger).toBe(defaultLogger);
    expect(resolved.clock).toBe(systemClock);
  });

  it('throws TypeErrors for a non-object and for wrong option types', () => {
    for (const bad of [null, 'x', [], 1]) {
      expect(() => resolveBackendOptions(bad, 'AwsSecretsBackend')).toThrow(
        new TypeError('AwsSecretsBackend options must be an object.'),
      );
    }
    expect(() => resolveBackendOptions({ env: 'x' }, 'X')).toThrow(TypeError);
    expect(() => resolveBackendOptions({ logger: 1 }, 'X')).toThrow(TypeError);
    expect(() => resolveBackendOptions({ clock: 'now' }, 'X')).toThrow(TypeError);
    expect(() => resolveBackendOptions({ cacheTtlMs: -1 }, 'X')).toThrow(TypeError);
    expect(() => resolveBackendOptions({ cacheLoadTimeoutMs: 30 }, 'X')).toThrow(TypeError);
  });

  it("refuses a key that is neither a shared option nor one of the backend's, naming the option meant", () => {
    expect(() => resolveBackendOptions({ cacheTtl: 0 }, 'XSecretsBackend')).toThrow(
      /^new XSecretsBackend: cacheTtl is not an option \(did you mean cacheTtlMs\?\)/,
    );
    const optionNames = { secretPrefix: true } as const;
    expect(() => resolveBackendOptions({ secretPrefx: 'a/' }, 'X', { optionNames })).toThrow(
      'did you mean secretPrefix?',
    );
    const all = { env: {}, logger: undefined, clock: undefined, fetch, cacheTtlMs: 0 };
    expect(() =>
      resolveBackendOptions({ ...all, cacheLoadTimeoutMs: 1000, secretPrefix: 'a/' }, 'X', {
        optionNames,
      }),
    ).not.toThrow();
  });

  it('gives the cache cacheLoadTimeoutMs as its fetch deadline', async () => {
    const { cache } = resolveBackendOptions({ cacheLoadTimeoutMs: 100 }, 'X');
    const stalled = cache.get('K', () => new Promise(() => undefined));
    await expect(stalled).rejects.toThrow('The secret fetch did not finish within 100 ms.');
  });

  it("takes the backend's own default deadline when the caller sets none; the caller's wins", async () => {
    const { cache } = resolveBackendOptions({}, 'X', { cacheLoadTimeoutMs: 150 });
    await expect(cache.get('K', () => new Promise(() => undefined))).rejects.toThrow(
      'The secret fetch did not finish within 150 ms.',
    );
    const set = resolveBackendOptions({ cacheLoadTimeoutMs: 100 }, 'X', {
      cacheLoadTimeoutMs: 60_000,
    });
    await expect(set.cache.get('K', () => new Promise(() => undefined))).rejects.toThrow(
      'The secret fetch did not finish within 100 ms.',
    );
  });
});
