import { setDefaultLogger } from '@dual-auth/core';
import { afterEach, expect, it, vi } from 'vitest';
import { cacheWithLookup, hitLines } from '../../test/warm-cache.js';

// Session 10, breaker 20 (wave10/perfcache10): `activeLogger(logger, nowMs)` keeps what it read of
// DUAL_AUTH_LOG in ONE module-level memo keyed by the caller's clock. On main every warm hit read
// the switch. An app's (or its test suite's) caches that share a clock value — a fixed test clock
// such as `{ now: () => Date.UTC(2025, 0, 1) }`, the same ManualClock start in every test — never
// see the switch change: a cache built AFTER DUAL_AUTH_LOG=json was set still writes nothing,
// because another cache read "off" at the same instant of its own clock.

afterEach(() => {
  setDefaultLogger(undefined);
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

it('a cache built after DUAL_AUTH_LOG=json logs its warm hits, whatever another cache read at the same clock value', async () => {
  const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
  // "Test 1" of a suite: logging off, a warm hit on a fixed clock.
  vi.stubEnv('DUAL_AUTH_LOG', 'off');
  const earlier = cacheWithLookup('u-1');
  await earlier.get();
  await earlier.get();
  // "Test 2": logging switched on, a NEW cache on a clock that starts at the same fixed time.
  vi.stubEnv('DUAL_AUTH_LOG', 'json');
  vi.stubEnv('DUAL_AUTH_LOG_LEVEL', 'debug');
  const later = cacheWithLookup('u-2');
  await later.get();
  await later.get();
  expect(hitLines(log)).toBe(1);
});
