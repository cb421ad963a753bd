import { systemClock } from '@dual-auth/core';
import { type Sleep, timerSleep } from '@dual-auth/core/adapter-kit';
import { DEFAULT_CHECK_TIMEOUT_MS } from './authorize.js';
import { isDpopScheme, readBearerCredentials, refuseTokenInQuery } from './bearer-credentials.js';
import { boundedCertificateReader } from './bounded-certificate-reader.js';
import { claimDpopProof } from './claim-dpop-proof.js';
import type { ResolvedDpop } from './dpop-options.js';
import type { DualSubject } from './dual-subject.js';
import type { GuardInput } from './guard-decision.js';
import type { PossessionEvidence } from './refuse-bound-token.js';
import { verifyDpopProof } from './verify-dpop-proof.js';
import { DEFAULT_TOLERANCE_SECONDS, verifyDualSubject } from './verify-dual-subject.js';
import type { DualSubjectVerifyOptions } from './verify-options.js';

/** What a request proves possession with: the guard's settings, or `verifyDualSubjectRequest`'s. */
export interface PossessionChecks {
  /** Its resolved `dpop` option: DPoP-scheme requests are read and their proofs checked. */
  dpop: ResolvedDpop | undefined;
  /**
   * The guard input field a request's client certificate is read from (`tlsClientCertificate`:
   * the guard's option of that name), or `undefined` when certificate-bound tokens are not checked.
   */
  certificateReader: CertificateReaderName | undefined;
  /**
   * How long the certificate reader is waited for, in milliseconds (the guard's
   * `checkTimeoutMs`); default {@link DEFAULT_CHECK_TIMEOUT_MS}.
   */
  checkTimeoutMs?: number | undefined;
  /** How that wait is made; default core's `timerSleep`. */
  sleep?: Sleep | undefined;
}

/**
 * The guard input fields a client certificate is read from: `tlsClientCertificate` (a
 * certificate the server authorized) or `tlsClientCertificateAnyIssuer` (RFC 8705 §2.2).
 */
export type CertificateReaderName = 'tlsClientCertificate' | 'tlsClientCertificateAnyIssuer';

/** A request's credentials and what its DPoP proof is compared with (the method as sent). */
export type CredentialsOfRequest = Pick<
  GuardInput,
  | 'authorization'
  | 'actAssertion'
  | 'dpop'
  | 'url'
  | 'signal'
  | 'tlsClientCertificate'
  | 'tlsClientCertificateAnyIssuer'
> & { method: string };

/** A request's verified credentials. */
export interface VerifiedCredentials {
  subject: DualSubject;
  /** The DPoP proof carried the current `dpop.nonce` nonce (RFC 9449 §9); false without one. */
  currentNonce: boolean;
}

/**
 * Verifies a request's credentials, the one path of the guard and of `verifyDualSubjectRequest`:
 * a `url` with an `access_token` query parameter refused first (RFC 6750 §2, §3.1); with `checks.dpop` and the DPoP scheme (RFC 9449 §7.1), the proof first (§4.3; a refused proof
 * never reaches introspection), then the token bound to its key (§6.1), then the proof's `jti`
 * claimed (only a verified, bound token's proof uses the replay store); else the Bearer token
 * (RFC 6750 §2.1), a key-bound one refused unless its certificate is proven (RFC 8705 §3) or
 * `boundTokens` says a gateway checked it.
 *
 * @throws DualSubjectVerificationError naming the credential and the reason.
 * @throws TypeError for a DPoP request without `url`.
 */
export async function verifyRequestCredentials(
  request: CredentialsOfRequest,
  verify: DualSubjectVerifyOptions,
  checks: PossessionChecks,
): Promise<VerifiedCredentials> {
  refuseTokenInQuery(request.url);
  const dpop = isDpopScheme(request.authorization) ? checks.dpop : undefined;
  const credentials = readBearerCredentials(
    request.authorization,
    request.actAssertion,
    dpop === undefined ? 'Bearer' : 'DPoP',
  );
  const reader = checks.certificateReader;
  const read = reader === undefined ? undefined : (request[reader] ?? request.tlsClientCertificate);
  const certificate: PossessionEvidence = {
    ...(read === undefined
      ? {}
      : {
          tlsClientCertificate: boundedCertificateReader(
            read,
            checks.checkTimeoutMs ?? DEFAULT_CHECK_TIMEOUT_MS,
            checks.sleep ?? timerSleep,
          ),
        }),
    // This API checks DPoP proofs: a DPoP-bound token sent as Bearer is told to use the scheme.
    ...(checks.dpop === undefined ? {} : { dpopChecked: true }),
  };
  const { accessToken, actAssertion } = credentials;
  if (dpop === undefined) {
    const subject = await verifyDualSubject(
      accessToken,
      actAssertion,
      verify,
      request.signal,
      certificate,
    );
    return { subject, currentNonce: false };
  }
  if (typeof request.url !== 'string') {
    throw new TypeError(
      'A DPoP request needs the URL it was received at: pass url in the guard input (the middlewares do)',
    );
  }
  const toleranceSeconds = verify.clockToleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
  const proof = await verifyDpopProof(
    { proof: request.dpop, method: request.method, url: request.url, accessToken },
    dpop,
    { nowMs: (verify.clock ?? systemClock).now(), toleranceSeconds },
  );
  const subject = await verifyDualSubject(accessToken, actAssertion, verify, request.signal, {
    ...certificate,
    dpopJkt: proof.jkt,
  });
  await claimDpopProof(proof, subject, dpop, toleranceSeconds, request.signal);
  return { subject, currentNonce: proof.currentNonce };
}
