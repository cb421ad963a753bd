import { refuseJwt } from '@dual-auth/core/jwt';
import {
  type CertificateBinding,
  certificateBindingOf,
  type TlsClientCertificateReader,
} from './tls-client-certificate.js';

/** What a request proves possession with, for the confirmation methods of a token's `cnf`. */
export interface PossessionEvidence {
  /** The request's mutual-TLS client certificate, for `cnf["x5t#S256"]` (RFC 8705 §3). */
  tlsClientCertificate?: TlsClientCertificateReader | undefined;
  /**
   * The JWK SHA-256 thumbprint (RFC 7638) of the key a verified DPoP proof of this request was
   * signed with, for `cnf.jkt` (RFC 9449 §6.1); set only for a request sent with the DPoP scheme.
   */
  dpopJkt?: string | undefined;
  /**
   * Whether this API checks DPoP proofs (the guard has `dpop`): a DPoP-bound token sent as Bearer
   * is then told to come with the DPoP scheme and a proof, not to be swapped for a Bearer token.
   */
  dpopChecked?: boolean | undefined;
}

const WHAT_TO_DO =
  'that this API does not check, so it is refused as Bearer (RFC 9449 §7.2); request a Bearer token for this API';
const NOT_CHECKED = /* @__PURE__ */ (() =>
  `is bound to a key ("cnf": DPoP or mTLS) ${WHAT_TO_DO}`)();
const CERTIFICATE = 'a client certificate ("cnf": "x5t#S256", RFC 8705 §3)';
const CERTIFICATE_UNPROVEN: Record<
  Exclude<CertificateBinding, 'match'>,
  string
> = /* @__PURE__ */ (() => ({
  'no-certificate': `is bound to ${CERTIFICATE}, and no client certificate that the TLS connection authenticated came with this request: call this API over mutual TLS with the certificate the token was issued to`,
  mismatch: `is bound to ${CERTIFICATE} and this request came with another client certificate: call this API with the certificate the token was issued to, or request a token for this one`,
}))();

/** Why one confirmation method was not proven for this request; `undefined` when it was. */
type Prover = (
  value: unknown,
  evidence: PossessionEvidence,
  signal: AbortSignal | undefined,
) => Promise<string | undefined>;

// Where this API checks DPoP proofs, the remedy is the DPoP scheme, not another token.
const SEND_WITH_DPOP =
  'sent as Bearer (RFC 9449 §7.2): send it as "Authorization: DPoP <token>" with a DPoP proof of that key';
const DPOP_SENT_AS_BEARER = /* @__PURE__ */ (() =>
  `is bound to a DPoP key ("cnf") and was ${SEND_WITH_DPOP}`)();

const DPOP_UNPROVEN =
  'is bound ("cnf") to a DPoP key other than the one this request\'s DPoP proof was signed with: sign the proof with the key the token was issued to';

// The confirmation methods (members of `cnf`, RFC 7800 §3.1) this API can prove, by member name.
const PROVERS: Readonly<Record<string, Prover>> = {
  jkt: async (thumbprint, { dpopJkt, dpopChecked }) => {
    if (dpopJkt === undefined) return dpopChecked === true ? DPOP_SENT_AS_BEARER : NOT_CHECKED;
    return thumbprint === dpopJkt ? undefined : DPOP_UNPROVEN;
  },
  'x5t#S256': async (thumbprint, { tlsClientCertificate }, signal) => {
    if (tlsClientCertificate === undefined) return NOT_CHECKED;
    const binding = await certificateBindingOf(thumbprint, tlsClientCertificate, signal);
    return binding === 'match' ? undefined : CERTIFICATE_UNPROVEN[binding];
  },
};

/**
 * Why a token's `cnf` is not proven for this request, or `undefined` when it is: each of its
 * members, a confirmation method, must be one this API proves and be proven (a `cnf` with
 * `x5t#S256` and `jkt`, or an unknown member, is refused unless each is). A `cnf` that is no
 * object, or an empty one, proves nothing. Own members only.
 */
async function unprovenConfirmation(
  cnf: unknown,
  evidence: PossessionEvidence,
  signal: AbortSignal | undefined,
): Promise<string | undefined> {
  if (typeof cnf !== 'object' || cnf === null || Array.isArray(cnf)) return NOT_CHECKED;
  const members = Object.keys(cnf);
  if (members.length === 0) return NOT_CHECKED;
  for (const member of members) {
    const prove = Object.hasOwn(PROVERS, member) ? PROVERS[member] : undefined;
    const why =
      prove === undefined
        ? NOT_CHECKED
        : await prove((cnf as Record<string, unknown>)[member], evidence, signal);
    if (why !== undefined) return why;
  }
  return undefined;
}

/**
 * Refuses an access token bound to a key of its client unless the request proved it: one whose
 * claims (a verified JWT's, or an introspection answer's, RFC 9449 §6.2, RFC 8705 §3.2) hold a
 * confirmation `cnf` (RFC 7800 §3.1), such as a DPoP key thumbprint `jkt` (RFC 9449 §6.1) or a
 * certificate thumbprint `x5t#S256` (RFC 8705 §3.1), or whose `token_type` (RFC 7662 §2.2) is
 * `DPoP` (RFC 9449 §5; token types compare case-insensitively, RFC 6749 §5.1): an IdP that says so
 * without `cnf` still bound it. A `cnf["x5t#S256"]` is proven when `evidence` reads the request's
 * mutual-TLS client certificate and its SHA-256 thumbprint matches (RFC 8705 §3: the resource
 * MUST compare, and refuse a mismatch); a `cnf.jkt` when the request came with the DPoP scheme and
 * a proof the guard verified, signed with the key of that thumbprint (RFC 9449 §6.1, §7.1; a
 * token without `cnf.jkt` cannot use that scheme). Nothing else is proven: such a token sent as
 * Bearer would be accepted from whoever holds it, without the key: the downgrade RFC 9449 §7.2
 * says a resource MUST refuse. Read as own properties. With `'checked-upstream'` (the guard's
 * `boundTokens`) a gateway in front of the API has checked the proof: nothing to do.
 *
 * @returns true when the token is key-bound (`cnf`, or `token_type` `DPoP`) and its proof was left
 * to the gateway (`'checked-upstream'`), so the audit record can say so; false otherwise.
 * @throws ActVerificationError `binding_mismatch`, claim `cnf` or `token_type`, its message saying
 * what to do (never naming a certificate or a thumbprint).
 * @throws TypeError when the certificate reader gives something else than DER bytes, and what it
 * throws; `signal.reason` (the request's) when it aborts while the reader is waited for.
 */
export async function refuseBoundToken(
  claims: Readonly<Record<string, unknown>>,
  boundTokens: 'refuse' | 'checked-upstream' | undefined,
  evidence: PossessionEvidence = {},
  signal?: AbortSignal,
): Promise<boolean> {
  if (evidence.dpopJkt !== undefined) {
    // RFC 9449 §7.1: the DPoP scheme presents a DPoP-bound token; a token without `cnf.jkt` is
    // not one, whatever its `token_type` says.
    const cnf = Object.hasOwn(claims, 'cnf') ? claims.cnf : undefined;
    if (typeof cnf !== 'object' || cnf === null || !Object.hasOwn(cnf, 'jkt')) {
      refuseJwt(
        'Access token',
        'binding_mismatch',
        'is not bound to a DPoP key ("cnf") and cannot be sent with the DPoP scheme; send it as Bearer',
        { claim: 'cnf' },
      );
    }
    const unproven = await unprovenConfirmation(cnf, evidence, signal);
    if (unproven !== undefined) {
      refuseJwt('Access token', 'binding_mismatch', unproven, { claim: 'cnf' });
    }
    return false;
  }
  // A gateway checked a proof sent as Bearer; a DPoP proof sent here was checked above. Said
  // when the token is bound, for the audit record: the decision rests on the gateway's check.
  if (boundTokens === 'checked-upstream') return isKeyBound(claims);
  if (Object.hasOwn(claims, 'cnf')) {
    const unproven = await unprovenConfirmation(claims.cnf, evidence, signal);
    if (unproven !== undefined) {
      refuseJwt('Access token', 'binding_mismatch', unproven, { claim: 'cnf' });
    }
  }
  const tokenType = Object.hasOwn(claims, 'token_type') ? claims.token_type : undefined;
  if (typeof tokenType === 'string' && tokenType.toLowerCase() === 'dpop') {
    refuseJwt(
      'Access token',
      'binding_mismatch',
      evidence.dpopChecked === true
        ? `is a DPoP token ("token_type") ${SEND_WITH_DPOP}`
        : `is a DPoP token ("token_type") bound to a key ${WHAT_TO_DO}`,
      { claim: 'token_type' },
    );
  }
  return false;
}

// Bound to a key, by `cnf` or by a `token_type` of `DPoP` (RFC 9449 §5), as read above.
function isKeyBound(claims: Readonly<Record<string, unknown>>): boolean {
  const tokenType = Object.hasOwn(claims, 'token_type') ? claims.token_type : undefined;
  return (
    Object.hasOwn(claims, 'cnf') ||
    (typeof tokenType === 'string' && tokenType.toLowerCase() === 'dpop')
  );
}
