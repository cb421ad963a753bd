import { describe, expect, it } from 'vitest';
import type { LogFields } from '../contracts/logger.js';
import { noopLogger } from '../logging/noop-logger.js';
import { validateAdapterConfig } from './validate-adapter-config.js';

describe('validateAdapterConfig (Python validate_adapter_config)', () => {
  it('checks presence, not values, and names every missing field in order', () => {
    expect(() => validateAdapterConfig({ a: null, b: '' }, ['a', 'b'])).not.toThrow();
    const lines: [string, LogFields | undefined][] = [];
    const logger = {
      ...noopLogger,
      error: (event: string, f?: LogFields) => lines.push([event, f]),
    };
    expect(() =>
      validateAdapterConfig({ a: 1, secret: 'never-logged' }, ['a', 'b', 'c'], { logger }),
    ).toThrow(
      expect.objectContaining({
        name: 'ConfigurationError',
        message: 'Missing required configuration fields: b, c',
        variable: 'b',
      }),
    );
    expect(lines).toEqual([['config_validation_failed', { missing_fields: ['b', 'c'] }]]);
  });

  it('refuses arguments of the wrong type', () => {
    expect(() => validateAdapterConfig(undefined as never, [])).toThrow(TypeError);
    expect(() => validateAdapterConfig({}, 'a' as never)).toThrow(TypeError);
  });
});
