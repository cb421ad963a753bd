import { describe, expect, it } from 'vitest';
import { createRecordingLogger } from './recording-logger.js';

describe('createRecordingLogger', () => {
  it('records every level in order, with fields only when given', () => {
    const logger = createRecordingLogger();
    logger.debug('a');
    logger.info('b', { n: 1 });
    logger.warn('c');
    logger.error('d', { key: 'K' });
    expect(logger.records).toEqual([
      { level: 'debug', event: 'a' },
      { level: 'info', event: 'b', fields: { n: 1 } },
      { level: 'warn', event: 'c' },
      { level: 'error', event: 'd', fields: { key: 'K' } },
    ]);
    expect(Object.keys(logger.records[0] ?? {})).toEqual(['level', 'event']);
  });
});
