import { setDefaultLogger } from '@dual-auth/core';
import { afterEach, expect, it, vi } from 'vitest';
import { recordingLogger } from '../../test/counting-adapter.js';
import { cacheWithLookup, hitLines } from '../../test/warm-cache.js';

afterEach(() => {
  setDefaultLogger(undefined);
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

it('a warm hit follows a change of DUAL_AUTH_LOG within a second of its clock (docs/logging.md)', async () => {
  const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
  vi.stubEnv('DUAL_AUTH_LOG', 'off');
  const { clock, cache, get } = cacheWithLookup('u-1');
  const first = await get();
  expect(await get()).toBe(first);
  vi.stubEnv('DUAL_AUTH_LOG', 'json');
  vi.stubEnv('DUAL_AUTH_LOG_LEVEL', 'debug');
  clock.advance(0.999);
  expect(await get()).toBe(first);
  expect(hitLines(log)).toBe(0);
  clock.advance(0.001);
  expect(await get()).toBe(first);
  expect(hitLines(log)).toBe(1);
  vi.stubEnv('DUAL_AUTH_LOG', 'off');
  expect(await get()).toBe(first);
  expect(hitLines(log)).toBe(2);
  clock.advance(1);
  expect(await get()).toBe(first);
  expect(hitLines(log)).toBe(2);
  expect(cache.stats()).toMatchObject({ hits: 5, misses: 1 });
});

it('a warm hit follows setDefaultLogger at once', async () => {
  vi.stubEnv('DUAL_AUTH_LOG', 'off');
  const { get } = cacheWithLookup('u-1');
  await get();
  await get();
  const logger = recordingLogger();
  setDefaultLogger(logger);
  await get();
  expect(logger.events).toEqual([
    { level: 'debug', event: 'token_cache_hit', fields: { agent_id: 'agent', human_id: 'u-1' } },
  ]);
});
