import type { Act, SubjectToken } from '@dual-auth/core';
import { decodeCanonicalBase64url } from '@dual-auth/core/jwt';

/** The payload of a JWT, decoded only (never trusted); undefined for an opaque token. */
export function payloadOf(token: string): Record<string, unknown> | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  const bytes = decodeCanonicalBase64url(parts[1] ?? '');
  if (bytes === undefined) return undefined;
  try {
    const json: unknown = JSON.parse(new TextDecoder().decode(bytes));
    return typeof json === 'object' && json !== null && !Array.isArray(json)
      ? (json as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Refuses, before any request, a subject token whose `sub` (or Entra `oid`) is not the human of
 * `act`: the delegated token would carry another human than the one the caller logged. The token
 * is only decoded, never trusted (the IdP verifies it); an opaque token is not checked.
 *
 * @throws TypeError naming the claims compared, never their values.
 */
export function checkSubjectHuman(subjectToken: SubjectToken, act: Act): void {
  const claims = payloadOf(subjectToken.value);
  if (claims === undefined) return;
  const ids = [claims.sub, claims.oid].filter((id) => typeof id === 'string');
  const human = [act?.sub, act?.oid].filter((id) => typeof id === 'string');
  if (ids.length > 0 && !ids.some((id) => human.includes(id))) {
    throw new TypeError(
      "subjectToken is another human's token: its sub/oid is not act.sub/act.oid; pass the session's own token",
    );
  }
}
