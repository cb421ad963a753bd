import { describe, expect, it } from 'vitest';
import { checkOption, checkSecondsOption, checkValue, requireValue } from './check-option.js';

describe('checkOption and checkValue: one message per kind of mistake', () => {
  it('returns the value of the expected kind, undefined when absent', () => {
    const clock = { now: () => 1 };
    const options = { s: 'x', n: 0, b: false, o: {}, clock };
    expect(checkOption(options, 's', 'string')).toBe('x');
    expect(checkOption(options, 'n', 'number')).toBe(0);
    expect(checkOption(options, 'b', 'boolean')).toBe(false);
    expect(checkOption(options, 'o', 'object')).toEqual({});
    expect(checkOption(options, 'clock', 'clock')).toBe(clock);
    expect(checkOption(options, 'missing', 'string')).toBeUndefined();
    expect(checkOption(undefined, 'missing', 'string')).toBeUndefined();
  });

  it('says the same thing for a bad clock wherever it is checked, never showing the value', () => {
    const message = 'options.clock must be a Clock (an object with a now() method), got number';
    expect(() => checkOption({ clock: 5 }, 'clock', 'clock')).toThrow(new TypeError(message));
    expect(() => checkValue(5, 'options.clock', 'clock')).toThrow(new TypeError(message));
    expect(() => checkOption({ clock: {} }, 'clock', 'clock')).toThrow('got object');
    expect(() => checkOption({ region: 'hunter2-secret' }, 'region', 'number')).toThrow(
      new TypeError('options.region must be a finite number >= 0, got string'),
    );
  });

  it('tells null, arrays, numbers out of range, loggers and signals apart', () => {
    expect(() => checkOption({ env: null }, 'env', 'object')).toThrow(
      'must be an object, got null',
    );
    expect(() => checkOption({ env: [] }, 'env', 'object')).toThrow('got array');
    for (const bad of [-1, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => checkOption({ ttl: bad }, 'ttl', 'number')).toThrow(
        new TypeError('options.ttl must be a finite number >= 0'),
      );
    }
    expect(() => checkOption({ t: 0 }, 't', 'positive')).toThrow('must be a finite number > 0');
    expect(() => checkOption({ logger: { info() {} } }, 'logger', 'logger')).toThrow(
      'options.logger must be a Logger with debug, info, warn and error methods, got object',
    );
    expect(() => checkOption({ signal: {} }, 'signal', 'signal')).toThrow('an AbortSignal');
    expect(() => checkOption('x', 'a', 'string')).toThrow('options must be an object, got string');
  });

  it('checks whole timer delays and refuses seconds given as a timeout in milliseconds', () => {
    const seconds =
      'options.timeoutMs must be in milliseconds: for 30 s pass 30_000 (values below 100 are refused as likely seconds)';
    expect(() => checkOption({ timeoutMs: 30 }, 'timeoutMs', 'timeoutMs')).toThrow(
      new TypeError(seconds),
    );
    expect(checkOption({ timeoutMs: 100 }, 'timeoutMs', 'timeoutMs')).toBe(100);
    expect(() => checkOption({ timeoutMs: 0 }, 'timeoutMs', 'timeoutMs')).toThrow(
      new TypeError('options.timeoutMs must be a finite number > 0'),
    );
    for (const kind of ['timeoutMs', 'milliseconds'] as const) {
      for (const bad of [100.5, 2 ** 31]) {
        expect(() => checkOption({ d: bad }, 'd', kind)).toThrow(
          new TypeError('options.d must be a whole number of milliseconds up to 2147483647'),
        );
      }
    }
    expect(checkOption({ d: 0 }, 'd', 'milliseconds')).toBe(0);
    expect(() => checkOption({ d: -1 }, 'd', 'milliseconds')).toThrow(
      new TypeError('options.d must be a finite number >= 0'),
    );
    expect(() => checkOption({ n: 1.5 }, 'n', 'positiveInteger')).toThrow(
      new TypeError('options.n must be a positive integer'),
    );
    expect(() => checkOption({ n: '2' }, 'n', 'positiveInteger')).toThrow(
      new TypeError('options.n must be a positive integer, got string'),
    );
  });

  it('checks the store contracts, and refuses a missing required value', () => {
    expect(() => checkOption({ s: { claim: 1 } }, 's', 'replayStore')).toThrow(
      new TypeError(
        'options.s must be a ReplayStore (an object with a claim() method), got object',
      ),
    );
    expect(() => checkOption({ s: { get() {}, set() {} } }, 's', 'tokenCache')).toThrow(
      new TypeError(
        'options.s must be a TokenCache with get, set and invalidate methods, got object',
      ),
    );
    expect(() => requireValue(undefined, 'options.ttlMs', 'positive')).toThrow(
      new TypeError('options.ttlMs must be a finite number > 0, got undefined'),
    );
    expect(requireValue(5, 'options.ttlMs', 'positive')).toBe(5);
  });
});

describe('checkSecondsOption: an own option of seconds, at most its bound', () => {
  const why = 'an hour';
  const tooLong = (label: string) =>
    new TypeError(`${label} must be at most 3600 seconds (an hour): seconds, not milliseconds?`);

  it('returns the option up to its bound, undefined when absent', () => {
    expect(checkSecondsOption({ ttlSeconds: 3600 }, 'ttlSeconds', 'positive', 3600, why)).toBe(
      3600,
    );
    expect(checkSecondsOption({ ttlSeconds: 0 }, 'ttlSeconds', 'number', 3600, why)).toBe(0);
    expect(checkSecondsOption({}, 'ttlSeconds', 'positive', 3600, why)).toBeUndefined();
  });

  it('refuses milliseconds by mistake, naming the option under options. or the prefix given', () => {
    expect(() => checkSecondsOption({ ttl: 60_000 }, 'ttl', 'positive', 3600, why)).toThrow(
      tooLong('options.ttl'),
    );
    expect(() =>
      checkSecondsOption({ ttl: 3601 }, 'ttl', 'positive', 3600, why, 'options.dpop.'),
    ).toThrow(tooLong('options.dpop.ttl'));
    expect(() => checkSecondsOption({ ttl: 3601 }, 'ttl', 'positive', 3600, why, '')).toThrow(
      tooLong('ttl'),
    );
  });

  it('says a wrong kind as checkOption does, under the same name', () => {
    expect(() => checkSecondsOption({ ttl: 1.5 }, 'ttl', 'positiveInteger', 3600, why)).toThrow(
      new TypeError('options.ttl must be a positive integer'),
    );
    expect(() =>
      checkSecondsOption({ ttl: '60' }, 'ttl', 'positive', 3600, why, 'options.dpop.'),
    ).toThrow(new TypeError('options.dpop.ttl must be a finite number > 0, got string'));
  });

  it('reads only an own property, never one a polluted Object.prototype holds', () => {
    const proto = Object.prototype as Record<string, unknown>;
    proto.ttl = 60_000;
    try {
      expect(checkSecondsOption({}, 'ttl', 'positive', 3600, why)).toBeUndefined();
    } finally {
      delete proto.ttl;
    }
  });
});
