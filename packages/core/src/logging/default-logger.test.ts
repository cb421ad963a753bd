import { afterEach, describe, expect, it, vi } from 'vitest';
import { resolveAdapterOptions } from '../adapter-kit/adapter-options.js';
import { createAdapter } from '../config/create-adapter.js';
import { getConfig } from '../config/get-config.js';
import { validateAdapterConfig } from '../config/validate-adapter-config.js';
import type { LogFields, Logger } from '../contracts/logger.js';
import { ConfigurationError } from '../errors/configuration-error.js';
import { resolveBackendOptions } from '../secrets-kit/backend-options.js';
import {
  activeLogger,
  defaultLogger,
  LogSwitchMemo,
  loggerOrDefault,
  resolveDefaultLogger,
  setDefaultLogger,
} from './default-logger.js';
import { noopLogger } from './noop-logger.js';

function arrayLogger(): Logger & { lines: [string, string, LogFields | undefined][] } {
  const lines: [string, string, LogFields | undefined][] = [];
  const at = (level: string) => (event: string, fields?: LogFields) => {
    lines.push([level, event, fields]);
  };
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

function failValidation(): void {
  expect(() => validateAdapterConfig({ tokenUrl: 'https://idp/token' }, ['clientId'])).toThrow(
    ConfigurationError,
  );
}

afterEach(() => {
  setDefaultLogger(undefined);
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

describe('the default logger switch', () => {
  it('says nothing when DUAL_AUTH_LOG is unset or off', () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    vi.stubEnv('DUAL_AUTH_LOG', '');
    failValidation();
    vi.stubEnv('DUAL_AUTH_LOG', 'off');
    failValidation();
    expect(log).not.toHaveBeenCalled();
    expect(resolveDefaultLogger({})).toBe(noopLogger);
  });

  it('DUAL_AUTH_LOG=json writes JSON lines from code given no logger, read at call time', () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    vi.stubEnv('DUAL_AUTH_LOG', 'json');
    failValidation();
    expect(log).toHaveBeenCalledTimes(1);
    expect(JSON.parse(String(log.mock.calls[0]?.[0]))).toMatchObject({
      level: 'error',
      event: 'config_validation_failed',
      missing_fields: ['clientId'],
    });
    vi.stubEnv('DUAL_AUTH_LOG', 'off');
    failValidation();
    expect(log).toHaveBeenCalledTimes(1);
  });

  it('DUAL_AUTH_LOG_LEVEL sets the lowest level written (default info)', () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    vi.stubEnv('DUAL_AUTH_LOG', 'json');
    defaultLogger.debug('client_assertion_created');
    expect(log).not.toHaveBeenCalled();
    vi.stubEnv('DUAL_AUTH_LOG_LEVEL', 'debug');
    defaultLogger.debug('client_assertion_created');
    expect(log).toHaveBeenCalledTimes(1);
    vi.stubEnv('DUAL_AUTH_LOG_LEVEL', 'error');
    defaultLogger.warn('unusual_ttl');
    expect(log).toHaveBeenCalledTimes(1);
  });

  it('reads both variables alike: case and surrounding whitespace ignored, blank as unset', () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    const written = (env: Record<string, string>) => {
      log.mockClear();
      const logger = resolveDefaultLogger(env);
      for (const level of ['debug', 'info', 'warn', 'error'] as const) logger[level](level);
      return log.mock.calls.map((call) => JSON.parse(String(call[0])).level);
    };
    expect(written({ DUAL_AUTH_LOG: '  ' })).toEqual([]);
    expect(written({ DUAL_AUTH_LOG: ' JSON ' })).toEqual(['info', 'warn', 'error']);
    expect(written({ DUAL_AUTH_LOG: 'json', DUAL_AUTH_LOG_LEVEL: '  ' })).toEqual(
      written({ DUAL_AUTH_LOG: 'json' }),
    );
    expect(written({ DUAL_AUTH_LOG: 'json', DUAL_AUTH_LOG_LEVEL: ' WARN ' })).toEqual([
      'warn',
      'error',
    ]);
  });

  it('counts a variable the runtime refuses to read as unset (Deno without --allow-env)', () => {
    // Deno's process.env throws NotCapable for each variable not granted by --allow-env.
    const denoEnv = (granted: Record<string, string>) =>
      new Proxy(granted, {
        get(target, name) {
          if (typeof name === 'string' && name in target) return target[name];
          throw new Error(`NotCapable: Requires env access to "${String(name)}"`);
        },
      });
    expect(resolveDefaultLogger(denoEnv({}))).toBe(noopLogger);
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    const logger = resolveDefaultLogger(denoEnv({ DUAL_AUTH_LOG: 'json' }));
    logger.debug('debug');
    logger.info('info');
    expect(log.mock.calls.map((call) => JSON.parse(String(call[0])).level)).toEqual(['info']);
  });

  it('refuses an unknown DUAL_AUTH_LOG or DUAL_AUTH_LOG_LEVEL with a ConfigurationError naming it', () => {
    expect(() => resolveDefaultLogger({ DUAL_AUTH_LOG: 'yes' })).toThrow(
      new ConfigurationError({
        message: 'DUAL_AUTH_LOG must be json or off',
        variable: 'DUAL_AUTH_LOG',
      }),
    );
    expect(() =>
      resolveDefaultLogger({ DUAL_AUTH_LOG: 'json', DUAL_AUTH_LOG_LEVEL: 'verbose' }),
    ).toThrow(
      new ConfigurationError({
        message: 'DUAL_AUTH_LOG_LEVEL must be one of debug, info, warn, error',
        variable: 'DUAL_AUTH_LOG_LEVEL',
      }),
    );
  });

  it('setDefaultLogger wins over the environment and reaches code given no logger', () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    vi.stubEnv('DUAL_AUTH_LOG', 'json');
    const logger = arrayLogger();
    setDefaultLogger(logger);
    failValidation();
    expect(logger.lines).toEqual([
      ['error', 'config_validation_failed', { missing_fields: ['clientId'] }],
    ]);
    expect(log).not.toHaveBeenCalled();
    setDefaultLogger(undefined);
    failValidation();
    expect(log).toHaveBeenCalledTimes(1);
  });

  it('setDefaultLogger refuses a value that is not a Logger', () => {
    expect(() => setDefaultLogger({ info: () => {} } as never)).toThrow(
      new TypeError(
        'setDefaultLogger: logger must be a Logger with debug, info, warn and error methods, got object',
      ),
    );
  });
});

const LOG_TYPOS = [
  [{ DUAL_AUTH_LOG: 'jsn' }, 'DUAL_AUTH_LOG', 'json or off'],
  [{ DUAL_AUTH_LOG: 'json', DUAL_AUTH_LOG_LEVEL: 'verbose' }, 'DUAL_AUTH_LOG_LEVEL', 'debug, info'],
] as const;

describe('activeLogger', () => {
  it('is undefined for a logger that writes nothing, the default one followed at each call', () => {
    const given = arrayLogger();
    expect(activeLogger(noopLogger)).toBeUndefined();
    expect(activeLogger(given)).toBe(given);
    vi.stubEnv('DUAL_AUTH_LOG', 'off');
    expect(activeLogger(defaultLogger)).toBeUndefined();
    vi.stubEnv('DUAL_AUTH_LOG', 'json');
    expect(activeLogger(defaultLogger)).toBe(resolveDefaultLogger());
    setDefaultLogger(given);
    expect(activeLogger(defaultLogger)).toBe(given);
  });

  it('given the time, reads the environment switch at most once a second of that clock', () => {
    const memo = new LogSwitchMemo();
    vi.stubEnv('DUAL_AUTH_LOG', 'off');
    expect(memo.activeLogger(defaultLogger, 10_000)).toBeUndefined();
    vi.stubEnv('DUAL_AUTH_LOG', 'json');
    expect(memo.activeLogger(defaultLogger, 10_999)).toBeUndefined();
    expect(memo.activeLogger(defaultLogger, 11_000)).toBe(resolveDefaultLogger());
    vi.stubEnv('DUAL_AUTH_LOG', 'off');
    expect(memo.activeLogger(defaultLogger, 11_500)).toBe(
      resolveDefaultLogger({ DUAL_AUTH_LOG: 'json' }),
    );
    // A clock that went back (a test's) reads the switch again.
    expect(memo.activeLogger(defaultLogger, 10_500)).toBeUndefined();
    // Without a memo, the switch is read at this call, as before.
    vi.stubEnv('DUAL_AUTH_LOG', 'json');
    expect(activeLogger(defaultLogger)).toBe(resolveDefaultLogger());
  });

  it('keeps one memo per caller: another memo read at the same clock value is not reused', () => {
    vi.stubEnv('DUAL_AUTH_LOG', 'off');
    expect(new LogSwitchMemo().activeLogger(defaultLogger, 0)).toBeUndefined();
    vi.stubEnv('DUAL_AUTH_LOG', 'json');
    expect(new LogSwitchMemo().activeLogger(defaultLogger, 0)).toBe(resolveDefaultLogger());
  });

  it('on a clock held still, reads the switch again every 1000th call', () => {
    const memo = new LogSwitchMemo();
    vi.stubEnv('DUAL_AUTH_LOG', 'off');
    expect(memo.activeLogger(defaultLogger, 0)).toBeUndefined();
    vi.stubEnv('DUAL_AUTH_LOG', 'json');
    for (let call = 1; call < 1000; call += 1) {
      expect(memo.activeLogger(defaultLogger, 0)).toBeUndefined();
    }
    expect(memo.activeLogger(defaultLogger, 0)).toBe(resolveDefaultLogger());
  });

  it('given the time, follows setDefaultLogger and a given logger at once', () => {
    const memo = new LogSwitchMemo();
    const given = arrayLogger();
    vi.stubEnv('DUAL_AUTH_LOG', 'off');
    expect(memo.activeLogger(defaultLogger, 0)).toBeUndefined();
    setDefaultLogger(given);
    expect(memo.activeLogger(defaultLogger, 1)).toBe(given);
    expect(memo.activeLogger(noopLogger, 2)).toBeUndefined();
    vi.stubEnv('DUAL_AUTH_LOG', 'json');
    setDefaultLogger(undefined);
    expect(memo.activeLogger(defaultLogger, 3)).toBe(resolveDefaultLogger());
  });

  it('given the time, still throws on a typo in the switch when it reads it', () => {
    const memo = new LogSwitchMemo();
    vi.stubEnv('DUAL_AUTH_LOG', 'jsn');
    expect(() => memo.activeLogger(defaultLogger, 0)).toThrow(ConfigurationError);
    expect(() => memo.activeLogger(defaultLogger, 1)).toThrow(ConfigurationError);
  });
});

describe('a typo in the switch fails when a component is built', () => {
  const builders: [string, () => unknown][] = [
    ['getConfig', () => getConfig()],
    ['createAdapter', () => createAdapter()],
    ['an adapter (the adapter kit: resolveAdapterOptions)', () => resolveAdapterOptions({})],
    ['a secrets backend (resolveBackendOptions)', () => resolveBackendOptions({}, 'TestBackend')],
    ['loggerOrDefault', () => loggerOrDefault(undefined)],
  ];
  describe.each(LOG_TYPOS)('%o', (env, variable, allowed) => {
    it.each(builders)('%s throws a ConfigurationError naming the variable', async (_, build) => {
      for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
      const failure = await (async () => build())().then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(ConfigurationError.isInstance(failure)).toBe(true);
      expect(failure).toMatchObject({ variable, message: expect.stringContaining(allowed) });
    });
  });

  it('a given logger, or one set with setDefaultLogger, needs no valid switch', () => {
    vi.stubEnv('DUAL_AUTH_LOG', 'jsn');
    const logger = arrayLogger();
    expect(loggerOrDefault(logger)).toBe(logger);
    expect(resolveAdapterOptions({ logger }).logger).toBe(logger);
    setDefaultLogger(logger);
    expect(loggerOrDefault(undefined)).toBe(defaultLogger);
  });

  it('the default still reads the switch at each call after construction', () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    vi.stubEnv('DUAL_AUTH_LOG', 'off');
    const logger = loggerOrDefault(undefined);
    logger.info('first', {});
    expect(log).not.toHaveBeenCalled();
    vi.stubEnv('DUAL_AUTH_LOG', 'json');
    logger.info('second', {});
    expect(log).toHaveBeenCalledTimes(1);
    vi.stubEnv('DUAL_AUTH_LOG', 'jsn');
    expect(() => logger.info('third', {})).toThrow(ConfigurationError);
  });
});
