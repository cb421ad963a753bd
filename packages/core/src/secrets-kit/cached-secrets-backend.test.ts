import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { SPECIFICATION_VERSION } from '../contracts/specification-version.js';
import { SecretsBackendError } from '../errors/secrets-backend-error.js';
import { CachedSecretsBackend, type SecretLocation } from './cached-secrets-backend.js';
import { SecretCache, type SecretLookup } from './secret-cache.js';

// A store held in a Map: the base class is what is under test, not a store.
class MapBackend extends CachedSecretsBackend {
  readonly backendName = 'vault' as const;
  readonly fetched: string[] = [];
  /** Names whose fetch never settles. */
  readonly stalled = new Set<string>();
  constructor(
    readonly store: Map<string, string>,
    cache = new SecretCache({ clock: { now: () => 0 } }),
  ) {
    super(cache);
  }
  protected locateSecret(key: string): SecretLocation {
    if (key.includes('..')) throw new Error(`bad key ${key}`);
    const name = key.toLowerCase();
    return {
      cacheKey: name,
      fetch: async (): Promise<SecretLookup> => {
        this.fetched.push(name);
        if (this.stalled.has(name)) return new Promise<SecretLookup>(() => undefined);
        const value = this.store.get(name);
        return value === undefined ? { found: false, reason: 'not-found' } : { found: true, value };
      },
      missing: (miss) => new Error(`${name} ${miss.reason}`),
    };
  }
  forget(): void {
    this.forgetCachedSecrets();
  }
  toString(): string {
    return 'MapBackend {}';
  }
  toJSON(): Record<string, unknown> {
    return { backendName: this.backendName };
  }
}

describe('CachedSecretsBackend', () => {
  it('declares the contract and prints itself through toString', () => {
    const backend = new MapBackend(new Map([['a', 'value-a']]));
    expect(backend.specificationVersion).toBe(SPECIFICATION_VERSION);
    expect(inspect(backend)).toBe('MapBackend {}');
    expect(JSON.stringify(backend)).toBe('{"backendName":"vault"}');
  });

  it('reads once for concurrent and repeated reads of one cache key until forgotten', async () => {
    const backend = new MapBackend(new Map([['a', 'value-a']]));
    const reads = await Promise.all([backend.getSecret('A'), backend.getSecret('a')]);
    await backend.getSecret('A');
    expect(reads).toEqual(['value-a', 'value-a']);
    expect(backend.fetched).toEqual(['a']);
    backend.forget();
    await backend.getSecret('A');
    expect(backend.fetched).toEqual(['a', 'a']);
  });

  it('applies required to misses only, and checks arguments first', async () => {
    const backend = new MapBackend(new Map());
    await expect(backend.getSecret('B', { required: false })).resolves.toBeUndefined();
    await expect(backend.getSecret('B')).rejects.toThrow('b not-found');
    await expect(backend.getSecret('../x')).rejects.toThrow('bad key ../x');
    await expect(backend.getSecret(1 as never)).rejects.toThrow(TypeError);
    await expect(backend.getSecret('B', { required: 'no' as never })).rejects.toThrow(TypeError);
    expect(backend.fetched).toEqual(['b', 'b']);
  });

  it('a fetch past the cache deadline fails with a SecretsBackendError naming the option; the next read fetches again', async () => {
    let deadline = (): void => undefined;
    const cache = new SecretCache({
      clock: { now: () => 0 },
      sleep: (_ms, signal) =>
        new Promise((resolve, reject) => {
          deadline = resolve;
          signal?.addEventListener('abort', () => reject(signal.reason), { once: true });
        }),
    });
    const backend = new MapBackend(new Map([['c', 'value-c']]), cache);
    backend.stalled.add('c');
    const read = backend.getSecret('C');
    deadline();
    const error = await read.catch((reason: unknown) => reason);
    expect(error).toBeInstanceOf(SecretsBackendError);
    expect(error).toMatchObject({
      message: "Reading 'C' from the vault backend did not finish within 30000 ms; gave up.",
      backend: 'vault',
      key: 'C',
    });
    expect((error as SecretsBackendError).hint).toContain('cacheLoadTimeoutMs');
    expect((error as SecretsBackendError).hint).toContain('its credentials (a token endpoint');
    backend.stalled.delete('c');
    await expect(backend.getSecret('C')).resolves.toBe('value-c');
    expect(backend.fetched).toEqual(['c', 'c']);
  });
});
