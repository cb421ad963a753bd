import { ActVerificationError } from '../src/errors/act-verification-error.js';

/**
 * What a verification came to: `'accepted'` when `promise` fulfils, else the `reason` of the
 * {@link ActVerificationError} it rejects with. Any other error is thrown on, so a test fails.
 */
export async function reasonOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'accepted';
  } catch (error) {
    if (ActVerificationError.isInstance(error)) return error.reason;
    throw error;
  }
}
