import { describe, expect, it } from 'vitest';
import { SubjectTokenRequiredError } from './subject-token-required-error.js';

describe('SubjectTokenRequiredError', () => {
  it('is a TypeError with a stable code and name, told apart from other TypeErrors', () => {
    const error = new SubjectTokenRequiredError('OAUTH_MODE token-exchange needs the human token');
    expect(error).toBeInstanceOf(TypeError);
    expect([error.name, error.code]).toEqual([
      'SubjectTokenRequiredError',
      'ERR_SUBJECT_TOKEN_REQUIRED',
    ]);
    expect(SubjectTokenRequiredError.isInstance(error)).toBe(true);
    expect(SubjectTokenRequiredError.isInstance(new TypeError('subjectToken missing'))).toBe(false);
    expect(SubjectTokenRequiredError.isInstance(undefined)).toBe(false);
  });

  it('recognises one made by another copy of the package (no shared class)', () => {
    const foreign = Object.assign(new TypeError('x'), {
      [Symbol.for('dual-auth.error.SubjectTokenRequiredError')]: true,
    });
    expect(SubjectTokenRequiredError.isInstance(foreign)).toBe(true);
  });
});
