import { describe, expect, it } from 'vitest';
import { polluted } from '../../core/test/polluted-prototype.js';
import { createRedisClient } from './create-redis-client.js';

// Each of these options becomes a timer delay (node-redis's connect timeout and reconnect waits,
// the bounded close). Node runs a delay past 2^31-1 ms after 1 ms, so a value meant as "very long"
// would close at once, or reconnect in a tight loop while Redis is down: refused at creation, like
// deadConnectionAfterMs. Nothing connects: the options are checked first.
const url = 'redis://127.0.0.1:1';
const PAST_TIMERS = 2 ** 31;

describe('createRedisClient: delays a timer can hold', () => {
  it.each(['connectTimeoutMs', 'closeTimeoutMs', 'reconnectBaseDelayMs', 'reconnectMaxDelayMs'])(
    'refuses %s past 2^31-1 ms, and a fraction or Infinity',
    (name) => {
      for (const value of [PAST_TIMERS, Number.POSITIVE_INFINITY, 1.5]) {
        expect(() => createRedisClient({ url, [name]: value })).toThrow(
          new RegExp(`options\\.${name} must be a (whole|finite) number`),
        );
      }
    },
  );

  it('refuses a connect or close timeout below 100 ms, taken for seconds', () => {
    expect(() => createRedisClient({ url, connectTimeoutMs: 5 })).toThrow(/connectTimeoutMs/);
    expect(() => createRedisClient({ url, closeTimeoutMs: 5 })).toThrow(/closeTimeoutMs/);
  });
});

// Review (wave 32, ownoptions): clientOptions was read through the prototype: node-redis options
// set on Object.prototype by a prototype-pollution bug elsewhere in the process (a JSON value such
// as { socket: { rejectUnauthorized: false } }) went into every client, TLS checks off included.
describe('createRedisClient: own options only, never a polluted Object.prototype', () => {
  it('takes no inherited clientOptions', async () => {
    const client = await polluted(
      { clientOptions: { socket: { rejectUnauthorized: false } } },
      () => createRedisClient({ url: 'rediss://127.0.0.1:1' }),
    );
    try {
      const socket = (client.options as { socket?: Record<string, unknown> } | undefined)?.socket;
      expect(Object.hasOwn(socket ?? {}, 'rejectUnauthorized')).toBe(false);
    } finally {
      client.destroy();
    }
  });
});
