import { describe, expect, it } from 'vitest';
import { ConfigurationError } from '../errors/configuration-error.js';
import { stringSetting } from './string-setting.js';

describe('stringSetting', () => {
  it('trims the surrounding whitespace $(cat file) or a Kubernetes secret leaves, from env or option', () => {
    const env = { DUAL_AUTH_X_PREFIX: ' team-x/\r\n' };
    expect(stringSetting({}, 'secretPrefix', env, 'DUAL_AUTH_X_PREFIX')).toBe('team-x/');
    expect(stringSetting({ secretPrefix: '\tteam-y/\n' }, 'secretPrefix', env, 'X')).toBe(
      'team-y/',
    );
  });

  it("keeps an empty value (a prefix '' means none) and says when nothing is set", () => {
    expect(stringSetting({}, 'secretPrefix', { X: '' }, 'X')).toBe('');
    expect(stringSetting({ secretPrefix: undefined }, 'secretPrefix', {}, 'X')).toBeUndefined();
  });

  it("refuses a value that is only whitespace: trimmed, it would silently mean '' (no prefix)", () => {
    for (const [options, env, named] of [
      [{}, { DUAL_AUTH_X_PREFIX: ' \n' }, 'DUAL_AUTH_X_PREFIX'],
      [{ secretPrefix: '  ' }, {}, 'secretPrefix'],
    ] as const) {
      const error = (() => {
        try {
          stringSetting(options, 'secretPrefix', env, 'DUAL_AUTH_X_PREFIX');
        } catch (caught) {
          return caught;
        }
      })();
      expect(ConfigurationError.isInstance(error)).toBe(true);
      expect((error as ConfigurationError).variable).toBe(named);
      expect((error as Error).message).toMatch(
        new RegExp(`^${named} is only whitespace: .*unset it .*default.*empty`),
      );
    }
  });

  // wave34/ops: DUAL_AUTH_SECRETS_DIR="/run/secrets" from a .env file docker reads kept its quotes.
  it('refuses a value wrapped in quotes (a .env line docker run --env-file read), not naming it', () => {
    const env = { DUAL_AUTH_X_PREFIX: '"team-x/"\n' };
    expect(() => stringSetting({}, 'secretPrefix', env, 'DUAL_AUTH_X_PREFIX')).toThrow(
      /^DUAL_AUTH_X_PREFIX is wrapped in quotes, which would be sent to the secrets store: remove them/,
    );
    expect(stringSetting({ secretPrefix: "team-x's/" }, 'secretPrefix', env, 'X')).toBe(
      "team-x's/",
    );
  });

  it('refuses a line break inside, naming where the value came from and not the value', () => {
    const error = (() => {
      try {
        stringSetting(
          {},
          'secretPrefix',
          { DUAL_AUTH_X_PREFIX: 'team\nzq7/' },
          'DUAL_AUTH_X_PREFIX',
        );
      } catch (caught) {
        return caught;
      }
    })();
    expect(ConfigurationError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/^DUAL_AUTH_X_PREFIX holds a line break \(U\+000A\)/);
    expect((error as Error).message).not.toContain('zq7');
  });

  it('refuses an option of another type with a TypeError', () => {
    expect(() => stringSetting({ secretPrefix: 5 }, 'secretPrefix', {}, 'X')).toThrow(TypeError);
  });
});
