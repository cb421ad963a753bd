import {
  type JwsAlgorithm,
  parseCompactJws,
  parseJsonObject,
  refuseJwt,
  type VerificationKeys,
} from '@dual-auth/core/jwt';

/** Each issuer's signing keys, by its `iss`: one IdP's key never verifies another's token. */
export type IssuerKeyMap = ReadonlyMap<string, VerificationKeys>;

/** How {@link keysOfIssuer} reads the token before any key is chosen. */
export interface IssuerKeyContext {
  readonly maxTokenBytes: number;
  readonly algorithms: readonly JwsAlgorithm[];
}

/**
 * The keys that may verify `token`: `keys` itself, or with an {@link IssuerKeyMap} the entry of
 * the token's (not yet verified) `iss`, so a guard trusting several issuers never takes a token
 * claiming issuer B signed by issuer A's key. The token is read by core's strict parser first
 * (the same refusals as `verifyJwt`); its signature and `iss` are then checked with the keys
 * chosen, so a forged `iss` only picks keys that cannot verify it.
 *
 * @throws ActVerificationError `malformed`, `too_large` or `unsupported_algorithm` (the
 * parser's), `unknown_key` (claim `iss`) when the token's issuer has no entry.
 */
export function keysOfIssuer(
  keys: VerificationKeys | IssuerKeyMap,
  token: string,
  context: IssuerKeyContext,
): VerificationKeys {
  if (!(keys instanceof Map)) return keys as VerificationKeys;
  const { payload } = parseCompactJws(token, { label: 'Access token', ...context });
  const iss = parseJsonObject(payload)?.iss;
  const found = typeof iss === 'string' ? keys.get(iss) : undefined;
  if (found === undefined) {
    refuseJwt('Access token', 'unknown_key', 'is from an issuer that has no keys in options.keys', {
      claim: 'iss',
    });
  }
  return found;
}
