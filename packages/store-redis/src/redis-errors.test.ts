import { describe, expect, it } from 'vitest';
import { redisErrorFields } from './redis-errors.js';

// Session 35 (wave35/review2): redis_error and redis_store_failed repeated any string `code` an
// error carried (only Redis's reply code was bounded), so a client whose socket or wrapper put the
// URL, a password or a user in `code` wrote it to the log. Only a code-shaped one is repeated now.
class SimpleError extends Error {}
class ErrorReply extends Error {}

describe('redisErrorFields', () => {
  it("repeats an errno code and Redis's reply code", () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 10.0.0.1:6379'), {
      code: 'ECONNREFUSED',
    });
    expect(redisErrorFields(refused)).toEqual({ error_type: 'Error', error_code: 'ECONNREFUSED' });
    const reply = new (class extends ErrorReply {})('NOPERM User jane has no permissions');
    expect(redisErrorFields(reply).error_code).toBe('NOPERM');
    expect(redisErrorFields(new SimpleError('x')).error_type).toBe('SimpleError');
  });

  it('leaves out a code that is not code-shaped (a URL, a password, an email, too long)', () => {
    for (const code of [
      'redis://:hunter2@redis.internal:6379',
      'jane.doe@corp.example',
      'hunter2',
      'ECONNREFUSED 10.0.0.1:6379',
      `E${'X'.repeat(64)}`,
    ]) {
      const fields = redisErrorFields(Object.assign(new Error('failed'), { code }));
      expect(fields).toEqual({ error_type: 'Error' });
    }
  });
});
