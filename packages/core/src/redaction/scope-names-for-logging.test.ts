import { describe, expect, it } from 'vitest';
import { scopeNamesForLogging } from './scope-names-for-logging.js';

describe('scopeNamesForLogging', () => {
  it("keeps a name equal to the human's id, email or role only when it was requested", () => {
    const people = ['u-1', 'alice@corp.example', 'Admin'];
    const names = ['admin', 'u-1', 'alice@corp.example', 'files:u-1', 'mail:admin'];
    expect(scopeNamesForLogging(names, people, ['admin'])).toEqual([
      'admin',
      '***REDACTED***',
      '***REDACTED***',
      'files:***REDACTED***',
      'mail:admin',
    ]);
    expect(scopeNamesForLogging(names, people, [])).toEqual([
      '***REDACTED***',
      '***REDACTED***',
      '***REDACTED***',
      'files:***REDACTED***',
      'mail:***REDACTED***',
    ]);
  });
});
