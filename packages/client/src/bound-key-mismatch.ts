import { jwtPayloadOf } from '@dual-auth/core/adapter-kit';
import { encodeBase64url, jwtHeaderOf } from '@dual-auth/core/jwt';

// RFC 7638 §3.2: the members of each key type's thumbprint, in lexicographic order.
const THUMBPRINT_MEMBERS: Readonly<Record<string, readonly string[]>> = {
  EC: ['crv', 'kty', 'x', 'y'],
  OKP: ['crv', 'kty', 'x'],
  RSA: ['e', 'kty', 'n'],
};

/** The RFC 7638 SHA-256 thumbprint of a public JWK, undefined for a key type it does not know. */
async function thumbprintOf(jwk: unknown): Promise<string | undefined> {
  const key = (typeof jwk === 'object' && jwk !== null ? jwk : {}) as Record<string, unknown>;
  const members = THUMBPRINT_MEMBERS[String(key.kty)];
  if (members === undefined || members.some((name) => typeof key[name] !== 'string')) return;
  const json = JSON.stringify(Object.fromEntries(members.map((name) => [name, key[name]])));
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(json));
  return encodeBase64url(new Uint8Array(digest));
}

/**
 * Whether `proof` is signed with another key than the one a JWT `accessToken` is bound to (its
 * `cnf.jkt`, RFC 9449 §6.1): such a request is refused by any API, so it is not sent. Decoded
 * only, never verified: this can only refuse. False for an opaque token, a token without
 * `cnf.jkt`, or a proof whose `jwk` is of a type RFC 7638 does not cover: the API decides.
 */
export async function boundKeyMismatch(accessToken: string, proof: string): Promise<boolean> {
  const cnf = jwtPayloadOf(accessToken)?.cnf as { jkt?: unknown } | undefined;
  if (typeof cnf?.jkt !== 'string') return false;
  const actual = await thumbprintOf(jwtHeaderOf(proof)?.jwk);
  return actual !== undefined && actual !== cnf.jkt;
}
