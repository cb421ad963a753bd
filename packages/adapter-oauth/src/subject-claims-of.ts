import type { SubjectToken } from '@dual-auth/core';
import { jwtPayloadOf } from '@dual-auth/core/adapter-kit';

const decoded = new WeakMap<
  SubjectToken,
  { readonly value: string; readonly claims: Readonly<Record<string, unknown>> | undefined }
>();

/**
 * The claims of a subject token (`jwtPayloadOf`: decoded, never verified), decoded once per token
 * object: the check before a request and the checks of its answer read the same decode. A token
 * object whose `value` was changed since (a plain `{ value, type }` is mutable) is decoded again,
 * so what is checked is always what is sent. The claims are frozen: every reader shares them.
 */
export function subjectClaimsOf(
  subjectToken: SubjectToken,
): Readonly<Record<string, unknown>> | undefined {
  const { value } = subjectToken;
  const seen = decoded.get(subjectToken);
  if (seen !== undefined && seen.value === value) return seen.claims;
  const payload = jwtPayloadOf(value);
  const claims = payload === undefined ? undefined : Object.freeze(payload);
  decoded.set(subjectToken, { value, claims });
  return claims;
}
