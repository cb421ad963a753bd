import { describe, expect, it } from 'vitest';
import { failure, tokenEndpointHarness } from '../../test/token-endpoint-harness.js';
import { resolveAdapterOptions } from './adapter-options.js';
import { ietfRateLimitField } from './ietf-rate-limit-field.js';

const { run, server } = tokenEndpointHarness();

const NOW = Date.parse('2025-03-01T12:00:00Z');
const epoch = (secondsFromNow: number) => String(NOW / 1000 + secondsFromNow);
/** The `Date` of an answer sent `seconds` after NOW: a reset second counts from it. */
const dated = (seconds = 0) => ({ date: new Date(NOW + seconds * 1000).toUTCString() });

/** A clock that the injected sleep moves forward: waits take no real time but count. */
function controlledTime(start = NOW) {
  let now = start;
  const sleeps: number[] = [];
  return {
    sleeps,
    clock: { now: () => now },
    sleep: async (ms: number) => {
      sleeps.push(ms);
      now += ms;
    },
  };
}

describe('rate limits at the token endpoint (#10.8)', () => {
  it("waits for Okta's X-Rate-Limit-Reset instead of retrying inside the window", async () => {
    const time = controlledTime();
    const { call } = await run(
      [
        {
          status: 429,
          headers: { ...dated(), 'x-rate-limit-reset': epoch(12), 'x-rate-limit-remaining': '0' },
          body: { errorCode: 'E0000047', errorSummary: 'API call exceeded rate limit' },
        },
        { body: { access_token: 'AT' } },
      ],
      time,
    );
    expect(await call).toEqual({ access_token: 'AT' });
    expect(time.sleeps).toEqual([12_000]);
  });

  it('waits for the IETF RateLimit field (retry.rateLimitField) and the older RateLimit-Reset', async () => {
    const time = controlledTime();
    const { call } = await run(
      [
        { status: 429, headers: { ratelimit: '"default";r=0;t=5' } },
        { status: 503, headers: { 'ratelimit-reset': '7' } },
        { status: 429, headers: { ...dated(12), 'x-ratelimit-reset': epoch(20) } },
        { body: { access_token: 'AT' } },
      ],
      { ...time, retry: { rateLimitField: ietfRateLimitField } },
    );
    await call;
    expect(time.sleeps).toEqual([5000, 7000, 8000]);
  });

  it('backs off as usual on a RateLimit field when no rateLimitField reads it', async () => {
    const time = controlledTime();
    const zeroRandom = (size: number) => new Uint8Array(size);
    const { call } = await run(
      [
        { status: 429, headers: { ratelimit: '"default";r=0;t=5' } },
        { body: { access_token: 'AT' } },
      ],
      { ...time, random: zeroRandom },
    );
    await call;
    // The first backoff of the default policy (1000 ms), jittered to its lower half by zero bytes.
    expect(time.sleeps).toEqual([500]);
  });

  it('does not retry a reset beyond maxRetryAfterMs, and the error carries the wait', async () => {
    const time = controlledTime();
    const { call } = await run(
      [
        {
          status: 429,
          headers: { ...dated(), 'x-rate-limit-reset': epoch(45), 'x-rate-limit-remaining': '0' },
        },
      ],
      time,
    );
    const e = await failure(call);
    expect(e).toMatchObject({ status: 429, retryAfterMs: 45_000, retryable: true, attempts: 1 });
    expect(time.sleeps).toEqual([]);
    expect(server()?.requests).toHaveLength(1);
  });
});

describe('the total deadline (#10.9)', () => {
  it('defaults to 30 s in all beside 10 s per attempt', () => {
    expect(resolveAdapterOptions({})).toMatchObject({ timeoutMs: 10_000, totalTimeoutMs: 30_000 });
  });

  it('defaults to timeoutMs + 10 s when that is longer, so one attempt gets its whole timeout', () => {
    expect(resolveAdapterOptions({ timeoutMs: 20_000 }).totalTimeoutMs).toBe(30_000);
    expect(resolveAdapterOptions({ timeoutMs: 20_001 }).totalTimeoutMs).toBe(30_001);
    expect(resolveAdapterOptions({ timeoutMs: 45_000 }).totalTimeoutMs).toBe(55_000);
    // No further than a timer holds.
    expect(resolveAdapterOptions({ timeoutMs: 2_147_483_647 }).totalTimeoutMs).toBe(2_147_483_647);
  });

  it('gives each of two token requests sent one after the other its whole timeoutMs', () => {
    expect(resolveAdapterOptions({}, 2).totalTimeoutMs).toBe(30_000);
    expect(resolveAdapterOptions({ timeoutMs: 45_000 }, 2).totalTimeoutMs).toBe(100_000);
    expect(resolveAdapterOptions({ timeoutMs: 45_000, totalTimeoutMs: 60_000 }, 2)).toMatchObject({
      totalTimeoutMs: 60_000,
    });
    for (const bad of [0, 1.5, Number.NaN, '2']) {
      expect(() => resolveAdapterOptions({}, bad as number)).toThrow(
        /^tokenRequests must be a positive integer/,
      );
    }
  });

  it('keeps a totalTimeoutMs given, even below timeoutMs', () => {
    expect(resolveAdapterOptions({ timeoutMs: 45_000, totalTimeoutMs: 30_000 })).toMatchObject({
      timeoutMs: 45_000,
      totalTimeoutMs: 30_000,
    });
  });

  it('fails a hung IdP at the deadline, not after the per-attempt timeout', async () => {
    const { call } = await run([{ hang: true }], { timeoutMs: 60_000, totalTimeoutMs: 1000 });
    const e = await failure(call);
    expect(e.message).toBe(
      'Token request failed: No token from Keycloak within totalTimeoutMs (1000 ms)',
    );
    // One attempt was sent, whether or not a busy machine let the server read it in time.
    expect(e).toMatchObject({ status: undefined, retryable: true, attempts: 1 });
    expect(server()?.requests.length).toBeLessThanOrEqual(1);
  });

  it('does not start a wait that would end past the deadline', async () => {
    // Waits of 100 s on the controlled clock; the real deadline timer (250 s) never fires here.
    const time = controlledTime();
    const { call } = await run([{ status: 503, headers: { 'retry-after': '100' } }], {
      ...time,
      totalTimeoutMs: 250_000,
      retry: { maxRetryAfterMs: 200_000 },
    });
    const e = await failure(call);
    expect(time.sleeps).toEqual([100_000, 100_000]);
    expect(e).toMatchObject({ status: 503, retryAfterMs: 100_000, attempts: 3 });
  });

  it('ends a wait cut short by the deadline with the deadline error', async () => {
    // The clock stands still, so the wait is planned whatever the machine's speed; it reaches the
    // deadline as the wait begins, and the real deadline timer then ends the wait (or the attempt
    // before it, on a slow machine: same error). The timer fires by the clock, never before it
    // reaches the deadline (Session 37: core's ClockTimer), so the clock has to move.
    let now = NOW;
    const { call } = await run([{ status: 503 }], {
      clock: { now: () => now },
      totalTimeoutMs: 200,
      retry: { baseDelayMs: 100, maxDelayMs: 100 },
      random: () => new Uint8Array([0, 0]),
      sleep: (_ms, signal) =>
        new Promise((_, reject) => {
          now = NOW + 200;
          if (signal?.aborted) reject(signal.reason);
          signal?.addEventListener('abort', () => reject(signal.reason));
        }),
    });
    const e = await failure(call);
    expect(e.message).toBe(
      'Token request failed: No token from Keycloak within totalTimeoutMs (200 ms)',
    );
    expect(e.attempts).toBe(1);
  });

  it('refuses a totalTimeoutMs that is not a positive number of ms', () => {
    for (const bad of [0, -1, Number.POSITIVE_INFINITY]) {
      expect(() => resolveAdapterOptions({ totalTimeoutMs: bad as never })).toThrow(
        new TypeError('options.totalTimeoutMs must be a finite number > 0'),
      );
    }
    expect(() => resolveAdapterOptions({ totalTimeoutMs: '30000' as never })).toThrow(
      new TypeError('options.totalTimeoutMs must be a finite number > 0, got string'),
    );
  });

  // The Python guide's timeout=30 is seconds: `timeoutMs: 30` timed every token request out after
  // 30 ms. Below 100 ms is refused as seconds, as the client's and the JWKS fetch's timeoutMs.
  it('refuses a timeoutMs or totalTimeoutMs below 100 ms as seconds written where ms go', () => {
    for (const name of ['timeoutMs', 'totalTimeoutMs'] as const) {
      for (const seconds of [1, 30, 99]) {
        expect(() => resolveAdapterOptions({ [name]: seconds })).toThrow(
          new TypeError(
            `options.${name} must be in milliseconds: for 30 s pass 30_000 (values below 100 are refused as likely seconds)`,
          ),
        );
      }
      expect(resolveAdapterOptions({ [name]: 100 })[name]).toBe(100);
    }
  });
});

describe('durations carry their unit in the name (#11.1)', () => {
  it('refuses the unit-less timeout and totalTimeout, naming the option to use', () => {
    expect(() => resolveAdapterOptions({ timeout: 30 } as never)).toThrow(
      new TypeError('options.timeout is not an adapter option: use timeoutMs (milliseconds)'),
    );
    expect(() => resolveAdapterOptions({ totalTimeout: 30_000 } as never)).toThrow(
      new TypeError(
        'options.totalTimeout is not an adapter option: use totalTimeoutMs (milliseconds)',
      ),
    );
  });
});
