import { describe, expect, it } from 'vitest';
import { requireConfigObject } from './require-config.js';

const usage = { className: 'AcmeAdapter', example: "{ vendor: 'acme', tokenUrl: 'https://…' }" };

describe('requireConfigObject', () => {
  it('returns a config object as it is', () => {
    const config = { tokenUrl: 'https://idp.example/token' };
    expect(requireConfigObject(config, usage)).toBe(config);
  });

  it('shows the options-object form to a caller who passed positional arguments', () => {
    const secret = 'positional-secret-0123456789';
    for (const [given, kind] of [
      ['https://idp.example/token', 'a string'],
      [undefined, 'no argument'],
      [null, 'null'],
      [[secret], 'an array'],
    ] as const) {
      expect(() => requireConfigObject(given, usage)).toThrow(
        new TypeError(
          `new AcmeAdapter takes one config object, not Python's positional arguments (got ${kind}): new AcmeAdapter({ vendor: 'acme', tokenUrl: 'https://…' }, options), or the config that getConfig reads from the environment`,
        ),
      );
    }
  });

  it('refuses an argument after the config and options objects, given the constructor arguments', () => {
    const config = { tokenUrl: 'https://idp.example/token' };
    for (const [args, kind] of [
      [[config, 'realm'], 'a string as argument 2'],
      [[config, {}, 60], 'a number as argument 3'],
    ] as const) {
      expect(() => requireConfigObject(config, { ...usage, args })).toThrow(
        new TypeError(
          `new AcmeAdapter takes one config object, not Python's positional arguments (got ${kind}): new AcmeAdapter({ vendor: 'acme', tokenUrl: 'https://…' }, options), or the config that getConfig reads from the environment`,
        ),
      );
    }
    expect(requireConfigObject(config, { ...usage, args: [config, {}, undefined] })).toBe(config);
  });

  it('keeps its short message without a usage', () => {
    expect(() => requireConfigObject('x')).toThrow(new TypeError('config must be an object'));
  });
});
