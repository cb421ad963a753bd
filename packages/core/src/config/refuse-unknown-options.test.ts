import { describe, expect, it } from 'vitest';
import { type KnownOptions, refuseUnknownOptions } from './refuse-unknown-options.js';

interface DemoOptions {
  adapter: object;
  cutoffStore?: object | undefined;
  timeoutMs?: number | undefined;
}

const KNOWN = {
  adapter: true,
  cutoffStore: true,
  timeoutMs: true,
} as const satisfies KnownOptions<DemoOptions>;

const RENAMED = { timeout: 'pass timeoutMs in milliseconds' };

describe('refuseUnknownOptions', () => {
  it('accepts known keys, also with undefined values', () => {
    expect(() =>
      refuseUnknownOptions({ adapter: {}, cutoffStore: undefined }, KNOWN, 'new Demo'),
    ).not.toThrow();
  });

  it('refuses a typo with a TypeError naming the key, the class and the closest known name', () => {
    expect(() => refuseUnknownOptions({ adapter: {}, cutofStore: {} }, KNOWN, 'new Demo')).toThrow(
      new TypeError(
        'new Demo: cutofStore is not an option (did you mean cutoffStore?); pass only the options it takes, and install every @dual-auth package from one release line',
      ),
    );
  });

  it('refuses an unknown key whose value is undefined, listing the options when none is near', () => {
    expect(() => refuseUnknownOptions({ somethingElse: undefined }, KNOWN, 'demo')).toThrow(
      /^demo: somethingElse is not an option \(the options are adapter, cutoffStore, timeoutMs\)/,
    );
  });

  it('keeps the specific hint of a renamed option', () => {
    expect(() => refuseUnknownOptions({ timeout: 30 }, KNOWN, 'new Demo', RENAMED)).toThrow(
      new TypeError('new Demo: timeout is not an option: pass timeoutMs in milliseconds'),
    );
  });

  it('does not look at inherited keys, and leaves non-objects to the type checks', () => {
    expect(() => refuseUnknownOptions(Object.create({ stray: 1 }), KNOWN, 'demo')).not.toThrow();
    expect(() => refuseUnknownOptions(undefined, KNOWN, 'demo')).not.toThrow();
  });
});
