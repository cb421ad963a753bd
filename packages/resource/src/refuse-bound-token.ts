import { refuseJwt } from '@dual-auth/core/jwt';

const WHAT_TO_DO =
  'that this API does not check, so it is refused as Bearer (RFC 9449 §7.2); request a Bearer token for this API';

/**
 * Refuses an access token bound to a key of its client: one whose claims (a verified JWT's, or
 * an introspection answer's, RFC 9449 §6.2) hold a confirmation `cnf` (RFC 7800 §3.1), such as a
 * DPoP key thumbprint `jkt` (RFC 9449 §6.1) or a certificate thumbprint `x5t#S256` (RFC 8705
 * §3.1), or whose `token_type` (RFC 7662 §2.2) is `DPoP` (RFC 9449 §5; token types compare
 * case-insensitively, RFC 6749 §5.1): an IdP that says so without `cnf` still bound it. This API
 * reads `Authorization: Bearer` only and checks no proof of possession, so such a token sent as
 * Bearer would be accepted from whoever holds it, without the key: the downgrade RFC 9449 §7.2
 * says a resource MUST refuse. Read as own properties. With `'checked-upstream'` (the guard's
 * `boundTokens`) a gateway in front of the API has checked the proof: nothing to do.
 *
 * @throws ActVerificationError `binding_mismatch`, claim `cnf` or `token_type`, its message saying
 * what to do.
 */
export function refuseBoundToken(
  claims: Readonly<Record<string, unknown>>,
  boundTokens: 'refuse' | 'checked-upstream' | undefined,
): void {
  if (boundTokens === 'checked-upstream') return;
  if (Object.hasOwn(claims, 'cnf')) {
    refuseJwt(
      'Access token',
      'binding_mismatch',
      `is bound to a key ("cnf": DPoP or mTLS) ${WHAT_TO_DO}`,
      {
        claim: 'cnf',
      },
    );
  }
  const tokenType = Object.hasOwn(claims, 'token_type') ? claims.token_type : undefined;
  if (typeof tokenType === 'string' && tokenType.toLowerCase() === 'dpop') {
    refuseJwt(
      'Access token',
      'binding_mismatch',
      `is a DPoP token ("token_type") bound to a key ${WHAT_TO_DO}`,
      {
        claim: 'token_type',
      },
    );
  }
}

/**
 * The confirmations (RFC 7800 §3.1 `cnf` members) this request proved, by member name: `jkt`, the
 * thumbprint of the key a DPoP proof verified with (RFC 9449 §6.1).
 */
export interface ProvenConfirmations {
  jkt?: string;
}

/**
 * Admits a token sent with proofs of possession only when its `cnf` is an object each of whose
 * confirmations this request proved with the same value: `jkt` equal to the DPoP proof key's
 * thumbprint (RFC 9449 §6.1, §7.1); a member no proof here shows (`x5t#S256`, RFC 8705 §3.1)
 * refuses it. A token without `cnf` is not bound, so the DPoP scheme cannot present it (§7.1):
 * refused too, whatever its `token_type` says. Read as own properties.
 *
 * @throws ActVerificationError `binding_mismatch`, claim `cnf`.
 */
export function requireProvenConfirmations(
  claims: Readonly<Record<string, unknown>>,
  proven: ProvenConfirmations,
): void {
  const cnf = Object.hasOwn(claims, 'cnf') ? claims.cnf : undefined;
  if (typeof cnf !== 'object' || cnf === null || !Object.hasOwn(cnf, 'jkt')) {
    refuseJwt(
      'Access token',
      'binding_mismatch',
      'is not bound to a DPoP key ("cnf") and cannot be sent with the DPoP scheme; send it as Bearer',
      { claim: 'cnf' },
    );
  }
  const held = Object.entries(cnf);
  const provenHere = (member: string, value: unknown) =>
    Object.hasOwn(proven, member) && proven[member as keyof ProvenConfirmations] === value;
  if (!held.every(([member, value]) => provenHere(member, value))) {
    refuseJwt(
      'Access token',
      'binding_mismatch',
      'is bound ("cnf") to a key or certificate this request did not prove possession of',
      { claim: 'cnf' },
    );
  }
}
