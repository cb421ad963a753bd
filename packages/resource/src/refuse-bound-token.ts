import { refuseJwt } from '@dual-auth/core/jwt';

/**
 * Refuses an access token bound to a key of its client: one whose claims (a verified JWT's, or
 * an introspection answer's, RFC 9449 §6.2) hold a confirmation `cnf` (RFC 7800 §3.1), such as a
 * DPoP key thumbprint `jkt` (RFC 9449 §6.1) or a certificate thumbprint `x5t#S256` (RFC 8705
 * §3.1). This API reads `Authorization: Bearer` only and checks no proof of possession, so such
 * a token sent as Bearer would be accepted from whoever holds it, without the key: the downgrade
 * RFC 9449 §7.2 says a resource MUST refuse. Read as an own property. With `'checked-upstream'`
 * (the guard's `boundTokens`) a gateway in front of the API has checked the proof: nothing to do.
 *
 * @throws ActVerificationError `binding_mismatch`, claim `cnf`, its message saying what to do.
 */
export function refuseBoundToken(
  claims: Readonly<Record<string, unknown>>,
  boundTokens: 'refuse' | 'checked-upstream' | undefined,
): void {
  if (boundTokens !== 'checked-upstream' && Object.hasOwn(claims, 'cnf')) {
    refuseJwt(
      'Access token',
      'binding_mismatch',
      'is bound to a key ("cnf": DPoP or mTLS) that this API does not check, so it is refused as Bearer (RFC 9449 §7.2); request a Bearer token for this API',
      { claim: 'cnf' },
    );
  }
}
