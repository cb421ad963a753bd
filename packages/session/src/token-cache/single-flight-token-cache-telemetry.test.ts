import * as core from '@dual-auth/core';
import { afterEach, expect, it, vi } from 'vitest';
import { cacheWithLookup } from '../../test/warm-cache.js';

// A spy around core's own humanIdForLogging (it still answers): for an email-shaped `sub` it is a
// SHA-256, work a warm hit must not do for a span nothing records.
vi.mock('@dual-auth/core', async (importOriginal) => {
  const original = await importOriginal<typeof import('@dual-auth/core')>();
  return { ...original, humanIdForLogging: vi.fn(original.humanIdForLogging) };
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
