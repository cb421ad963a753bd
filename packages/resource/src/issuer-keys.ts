import {
  type ParsedCompactJws,
  parseJsonObject,
  refuseJwt,
  type VerificationKeys,
} from '@dual-auth/core/jwt';

/** Each issuer's signing keys, by its `iss`: one IdP's key never verifies another's token. */
export type IssuerKeyMap = ReadonlyMap<string, VerificationKeys>;

/**
 * The keys that may verify the token read as `jws`: `keys` itself, or with an
 * {@link IssuerKeyMap} the entry of the token's (not yet verified) `iss`, so a guard trusting
 * several issuers never takes a token claiming issuer B signed by issuer A's key. The caller reads
 * the token once, with core's strict parser (the same refusals as `verifyJwt`), and verifies those
 * parts with the keys chosen (`verifyParsedJwt`), so a forged `iss` only picks keys that cannot
 * verify it.
 *
 * @throws ActVerificationError `unknown_key` (claim `iss`) when the token's issuer has no entry.
 */
export function keysOfIssuer(
  keys: VerificationKeys | IssuerKeyMap,
  jws: ParsedCompactJws,
): VerificationKeys {
  if (!(keys instanceof Map)) return keys as VerificationKeys;
  const iss = parseJsonObject(jws.payload)?.iss;
  const found = typeof iss === 'string' ? keys.get(iss) : undefined;
  if (found === undefined) {
    refuseJwt('Access token', 'unknown_key', 'is from an issuer that has no keys in options.keys', {
      claim: 'iss',
    });
  }
  return found;
}
