import { describe, expect, it } from 'vitest';
import { createJsonLogger } from './json-logger.js';

function capture(options: Parameters<typeof createJsonLogger>[0] = {}) {
  const lines: unknown[] = [];
  const logger = createJsonLogger({
    clock: { now: () => Date.UTC(2030, 0, 2, 3, 4, 5) },
    write: (line) => lines.push(JSON.parse(line)),
    ...options,
  });
  return { logger, lines };
}

describe('createJsonLogger', () => {
  it('writes one JSON object per event: time, level, event, base fields, then the fields', () => {
    const { logger, lines } = capture({ base: { service: 'finance-agent' } });
    logger.info('token_request_start', { agent_id: 'a-1', human_id: 'u-1' });
    expect(lines).toEqual([
      {
        time: '2030-01-02T03:04:05.000Z',
        level: 'info',
        event: 'token_request_start',
        service: 'finance-agent',
        agent_id: 'a-1',
        human_id: 'u-1',
      },
    ]);
  });

  it('drops events below the level (default info)', () => {
    const quiet = capture();
    quiet.logger.debug('client_assertion_created', { jti: 'j' });
    quiet.logger.warn('w');
    expect(quiet.lines).toMatchObject([{ level: 'warn', event: 'w' }]);
    const chatty = capture({ level: 'debug' });
    chatty.logger.debug('client_assertion_created');
    expect(chatty.lines).toHaveLength(1);
  });

  it('does not let fields or base overwrite time, level or event', () => {
    const { logger, lines } = capture({ base: { level: 'debug' } });
    logger.error('token_request_error', { event: 'token_request_success', time: 'then' });
    expect(lines).toEqual([
      { time: '2030-01-02T03:04:05.000Z', level: 'error', event: 'token_request_error' },
    ]);
  });

  it('refuses an unknown level or a write that is not a function', () => {
    expect(() => createJsonLogger({ level: 'verbose' as never })).toThrow(
      new TypeError('level must be one of debug, info, warn, error'),
    );
    expect(() => createJsonLogger({ write: 'stdout' as never })).toThrow(
      new TypeError('options.write must be a function, got string'),
    );
  });
});
