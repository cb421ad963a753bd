import { ActVerificationError } from '@dual-auth/core';
import { expect } from 'vitest';
import { DualSubjectVerificationError } from '../../src/dual-subject-verification-error.js';

/** What a verification was refused with: a DualSubjectVerificationError (an ActVerificationError). */
export async function refusal(promise: Promise<unknown>): Promise<DualSubjectVerificationError> {
  const error = await promise.then(
    () => {
      throw new Error('expected a refusal');
    },
    (e: unknown) => e,
  );
  expect(DualSubjectVerificationError.isInstance(error)).toBe(true);
  expect(ActVerificationError.isInstance(error)).toBe(true);
  return error as DualSubjectVerificationError;
}
