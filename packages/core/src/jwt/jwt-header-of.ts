import { decodeJsonSegment } from './json-segment.js';

/**
 * The protected header of a compact JWS or JWE (its first segment), decoded only, never verified;
 * `undefined` when that segment is not canonical base64url of a JSON object (an opaque token).
 *
 * @example
 * const typ = jwtHeaderOf(token)?.typ; // 'at+jwt' for an RFC 9068 access token
 */
export function jwtHeaderOf(token: string): Record<string, unknown> | undefined {
  return decodeJsonSegment(token.split('.')[0] ?? '');
}
