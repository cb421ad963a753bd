import { ConfigurationError } from '@dual-auth/core';
import { describe, expect, it } from 'vitest';
import { settingRefusal } from './setting-refusal.js';

const expected = { name: 'region', codePoint: 'U+200B', hidden: 'zq7' };

describe('settingRefusal', () => {
  it('returns the refusal that names the setting and the code point only', () => {
    const thrown = new ConfigurationError({
      message: 'region holds an invisible character (U+200B): retype it',
    });
    expect(
      settingRefusal(() => {
        throw thrown;
      }, expected),
    ).toBe(thrown);
  });

  it('fails when the setting is accepted, another error is thrown, or the value is echoed', () => {
    expect(() => settingRefusal(() => undefined, expected)).toThrow('was accepted');
    expect(() =>
      settingRefusal(() => {
        throw new TypeError('region holds (U+200B)');
      }, expected),
    ).toThrow();
    expect(() =>
      settingRefusal(() => {
        throw new ConfigurationError({ message: 'region holds eu-zq7 (U+200B)' });
      }, expected),
    ).toThrow();
    expect(() =>
      settingRefusal(() => {
        throw new ConfigurationError({ message: 'region holds an invisible character (U+200C)' });
      }, expected),
    ).toThrow();
  });
});
