import { ActVerificationError, type ActVerificationReason } from '@dual-auth/core';

/** Throws the {@link ActVerificationError} of `reason`; messages never contain the token. */
export function reject(
  reason: ActVerificationReason,
  message: string,
  extra: { claim?: string; cause?: unknown } = {},
): never {
  throw new ActVerificationError({ reason, message: `Act JWT ${message}`, ...extra });
}
