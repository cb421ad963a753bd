import { afterEach, beforeAll, expect, it, vi } from 'vitest';

// A spy around core's own humanIdForLogging (it still answers): for an email-shaped `sub` it is a
// SHA-256, work a warm hit must not do for a span nothing records.
vi.mock('@dual-auth/core', async (importOriginal) => {
  const original = await importOriginal<typeof import('@dual-auth/core')>();
  return { ...original, humanIdForLogging: vi.fn(original.humanIdForLogging) };
});

// This package's files share modules (isolate: false): a cache module an earlier file loaded
// holds the real core, and the spy would see no call whatever the cache does. Loaded again after
// the registry is reset, the cache imports the mock.
let core: typeof import('@dual-auth/core');
let cacheWithLookup: typeof import('../../test/warm-cache.js').cacheWithLookup;
beforeAll(async () => {
  vi.resetModules();
  core = await import('@dual-auth/core');
  ({ cacheWithLookup } = await import('../../test/warm-cache.js'));
});

afterEach(() => {
  core.setTelemetryApi(undefined);
});

it('a warm hit names no human (no digest of the sub) while nothing records its span', async () => {
  const { cache, get } = cacheWithLookup('alice@example.com');
  const first = await get();
  for (const otel of [undefined, null]) {
    // Looked up with no SDK registered (the API's no-op tracer), then absent.
    if (otel === null) core.setTelemetryApi(null);
    vi.mocked(core.humanIdForLogging).mockClear();
    for (let i = 0; i < 3; i += 1) expect(await get()).toBe(first);
    expect(vi.mocked(core.humanIdForLogging)).not.toHaveBeenCalled();
  }
  expect(cache.stats()).toMatchObject({ hits: 6, misses: 1 });
});
