import { describe, expect, it } from 'vitest';
import { polluted } from '../../../core/test/polluted-prototype.js';
import { settingsEnv } from './settings-env.js';

describe('settingsEnv', () => {
  it("changes the setup's own value of the variable, in a copy", () => {
    const env = { VAULT_ADDR: 'https://vault.test', OTHER: 'x' };
    expect(settingsEnv(env, 'VAULT_ADDR', (given) => ` ${given}\r\n`)).toEqual({
      VAULT_ADDR: ' https://vault.test\r\n',
      OTHER: 'x',
    });
    expect(env.VAULT_ADDR).toBe('https://vault.test');
  });

  it('refuses a setup without the variable', () => {
    expect(() => settingsEnv({}, 'VAULT_ADDR', (given) => given)).toThrow(
      "the setup's env has no value for VAULT_ADDR",
    );
  });

  // Review (wave 33, dedupe): the value was read as env[variable], so one set on a polluted
  // Object.prototype stood in for a setup that has none.
  it('takes no value a polluted Object.prototype sets', async () => {
    await polluted({ VAULT_ADDR: 'https://attacker.test' }, () => {
      expect(() => settingsEnv({}, 'VAULT_ADDR', (given) => given)).toThrow(
        "the setup's env has no value for VAULT_ADDR",
      );
    });
  });
});
