import { requireValue } from '@dual-auth/core';
import { decodeJwt, decodeProtectedHeader } from 'jose';

/** What `dual-auth decode` prints: the header and the claims; the signature is never shown. */
export interface DecodedJwt {
  readonly header: Readonly<Record<string, unknown>>;
  readonly claims: Readonly<Record<string, unknown>>;
  readonly signature: '(elided)';
}

/**
 * Decodes a compact JWS without verifying it: header and claims; the signature is elided.
 *
 * @throws TypeError when `jwt` is not a string (`jwt must be a string, got undefined`) or not a
 *   compact JWT (the message never repeats the input).
 * @example
 * decodeJwtParts(token).claims.act; // { sub: '…' }
 */
export function decodeJwtParts(jwt: string): DecodedJwt {
  const compact = requireValue(jwt, 'jwt', 'string').trim();
  try {
    return {
      header: decodeProtectedHeader(compact),
      claims: decodeJwt(compact),
      signature: '(elided)',
    };
  } catch {
    throw new TypeError('not a compact JWT (header.claims.signature, base64url JSON)');
  }
}
