import {
  ACT_ASSERTION_HEADER,
  type KnownOptions,
  ownOptions,
  refuseUnknownOptions,
} from '@dual-auth/core';
import { DPOP_OPTIONS, type DpopOptions, resolveDpopOptions } from './dpop-options.js';
import type { DualSubject } from './dual-subject.js';
import { ownVerifyOptions } from './own-verify-options.js';
import { refuseDpopCheckedUpstream } from './refuse-beside-checked-upstream.js';
import { DUAL_SUBJECT_VERIFY_OPTIONS, type DualSubjectVerifyOptions } from './verify-options.js';
import { verifyRequestCredentials } from './verify-request-credentials.js';

/** Options of {@link verifyDualSubjectRequest}: the IdP's settings, and DPoP proofs checked. */
export interface VerifyDualSubjectRequestOptions extends DualSubjectVerifyOptions {
  /**
   * Checks DPoP proofs as the guard's `dpop` does (RFC 9449 §4.3, §6.1, §7.1; see
   * {@link DpopOptions}): `Authorization: DPoP <token>` with one `DPoP` proof made for this
   * request's method and URL (`request.url`, or `publicBaseUrl` and its path) and the token's
   * key (`cnf.jkt`). `replayStore` is required here: give one store shared by every call (and by
   * every instance, `RedisReplayStore`), as a store per call would accept each proof again.
   * Without `publicBaseUrl` the proof's `htu` is compared with `request.url`, which a Node
   * server builds from the `Host` header the client writes: see the README's "DPoP-bound
   * tokens". Default: off, `Bearer` only. A `TypeError` for an unknown member, no
   * `replayStore`, or `boundTokens: 'checked-upstream'` beside it.
   */
  dpop?: DpopOptions;
}

const OPTIONS = {
  ...DUAL_SUBJECT_VERIFY_OPTIONS,
  dpop: true,
} as const satisfies KnownOptions<VerifyDualSubjectRequestOptions>;

/**
 * Verifies the dual-subject credentials of a Web `Request`: `Authorization: Bearer <access token>`
 * and, for a profile whose human comes from a bound act assertion, `X-Act-Assertion`; with
 * `dpop`, `Authorization: DPoP <token>` and its `DPoP` proof too, decided as the guard decides
 * them (one code path): the proof first, then the token and its binding (`cnf.jkt`), then the
 * proof's `jti` claimed. Throws `DualSubjectVerificationError` (its `absent` is true when no
 * credentials came at all; credential `dpop_proof` when the proof is at fault, to be answered
 * `WWW-Authenticate: DPoP error="invalid_dpop_proof"`, RFC 9449 §7.1). A key-bound token sent
 * as Bearer is refused `access_token.binding_mismatch` (RFC 9449 §7.2), unless `boundTokens:
 * 'checked-upstream'`. Wrong or unknown options throw `TypeError`.
 *
 * @example
 * import { auth0TokenProfile } from '@dual-auth/adapter-auth0';
 *
 * const subject = await verifyDualSubjectRequest(request, {
 *   profile: auth0TokenProfile,
 *   issuer: 'https://tenant.example.com/',
 *   audience: 'https://api.example.com/finance',
 *   keys: createRemoteJwks('https://tenant.example.com/.well-known/jwks.json'),
 *   dpop: { publicBaseUrl: 'https://api.example.com', replayStore },
 * });
 */
export async function verifyDualSubjectRequest(
  request: Request,
  given: VerifyDualSubjectRequestOptions,
): Promise<DualSubject> {
  const headers = request?.headers;
  if (typeof headers?.get !== 'function') {
    throw new TypeError('request must be a Web Request (or have headers.get())');
  }
  refuseUnknownOptions(given?.dpop, DPOP_OPTIONS, 'verifyDualSubjectRequest: dpop');
  const options = ownVerifyOptions(given, OPTIONS, 'verifyDualSubjectRequest');
  refuseDpopCheckedUpstream(options.dpop, options.boundTokens);
  const dpopGiven = ownOptions(options.dpop);
  if (dpopGiven?.nonce !== undefined) {
    throw new TypeError(
      "verifyDualSubjectRequest: options.dpop.nonce is the guard's: a use_dpop_nonce refusal must answer a DPoP-Nonce header, which this function cannot; use createDualAuthGuard's checkRequest (RFC 9449 §9)",
    );
  }
  const dpop = resolveDpopOptions(options.dpop, options.clock);
  if (dpop !== undefined && dpopGiven?.replayStore === undefined) {
    throw new TypeError(
      'verifyDualSubjectRequest: options.dpop.replayStore is required: one store shared by every call (RedisReplayStore across instances), or each proof is accepted again',
    );
  }
  const verified = await verifyRequestCredentials(
    {
      authorization: headers.get('authorization'),
      actAssertion: headers.get(ACT_ASSERTION_HEADER),
      dpop: headers.get('dpop'),
      url: request.url,
      method: request.method,
    },
    options,
    { dpop, certificateReader: undefined },
  );
  return verified.subject;
}
