import { ACT_ASSERTION_HEADER, checkOption, type KnownOptions, readOptions } from '@dual-auth/core';
import type { Sleep } from '@dual-auth/core/adapter-kit';
import { isDpopScheme } from './bearer-credentials.js';
import { DPOP_OPTIONS, type DpopOptions, resolveDpopOptions } from './dpop-options.js';
import type { DualSubject } from './dual-subject.js';
import { ownVerifyOptions } from './own-verify-options.js';
import {
  refuseBesideCheckedUpstream,
  refuseDpopCheckedUpstream,
} from './refuse-beside-checked-upstream.js';
import type {
  RequestCertificateReader,
  TlsClientCertificateReader,
} from './tls-client-certificate.js';
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
   * `replayStore`, or `boundTokens: 'checked-upstream'` beside it; a `ConfigurationError` for a
   * `publicBaseUrl` that is `http:` off loopback.
   */
  dpop?: DpopOptions;
  /**
   * Checks certificate-bound access tokens (RFC 8705 §3) as the guard's `tlsClientCertificate`
   * does: a token whose `cnf` holds `x5t#S256` is verified when that is the base64url SHA-256 of
   * the request's client certificate (RFC 8705 §3.1, compared in constant time), else refused
   * `access_token.binding_mismatch` saying what to do. A `Request` carries no certificate, so give:
   * - a function `(request: Request) => Uint8Array | undefined | null` (or a promise of it),
   *   called with this request for such a token only: the certificate's DER bytes from your
   *   runtime, or from the header a TLS-terminating gateway forwards it in (trust that header
   *   only where the gateway is the one way in and overwrites it);
   * - or the DER bytes themselves (a `Uint8Array`; a Node `Buffer` is one), of the certificate of
   *   the connection this request came on.
   *
   * `undefined`, `null` or empty bytes are no certificate: such a token is refused, the client's
   * to fix (call with the certificate it was issued to). What the function throws is thrown, and
   * a `TimeoutError` when it has not answered within `checkTimeoutMs` (default 10 000 ms,
   * `DEFAULT_CHECK_TIMEOUT_MS`), or the request's signal's reason when that aborts first.
   * Without this option (default) every key-bound token sent as Bearer is refused. A `TypeError`
   * for another value, for `'tls-connection'` and `'tls-connection-any-issuer'` (a `Request` has
   * no TLS socket: they are the Express, Fastify and Hono-on-Node middlewares'), and beside
   * `boundTokens: 'checked-upstream'`.
   */
  tlsClientCertificate?: RequestCertificateReader | Uint8Array;
  /**
   * How long a `tlsClientCertificate` function is waited for, in milliseconds, as the guard's
   * `checkTimeoutMs`; default `DEFAULT_CHECK_TIMEOUT_MS` (10 000). Past it the call throws
   * a `TimeoutError` `DOMException` naming `checkTimeoutMs`. A `TypeError` when not a positive
   * number of milliseconds (below 100 is read as seconds and refused).
   */
  checkTimeoutMs?: number | undefined;
  /**
   * How that wait is made: `(ms, signal) => Promise<void>`, ending early (rejecting) when
   * `signal` aborts; default core's `timerSleep`. Tests pass their own to control time.
   */
  sleep?: Sleep | undefined;
}

const OPTIONS = /* @__PURE__ */ (() =>
  ({
    ...DUAL_SUBJECT_VERIFY_OPTIONS,
    dpop: true,
    tlsClientCertificate: true,
    checkTimeoutMs: true,
    sleep: true,
  }) as const satisfies KnownOptions<VerifyDualSubjectRequestOptions>)();

const WHAT_TO_GIVE =
  "a function (request) => the DER bytes of the request's client certificate, or those bytes (a Uint8Array)";

/**
 * The certificate reader of `verifyDualSubjectRequest`'s `tlsClientCertificate`, for `request`.
 *
 * @throws TypeError for a socket form or another value, saying what to give.
 */
function certificateReaderOf(
  source: unknown,
  request: Request,
): TlsClientCertificateReader | undefined {
  if (source === undefined) return undefined;
  if (typeof source === 'function') {
    return () => (source as RequestCertificateReader)(request);
  }
  if (source instanceof Uint8Array) return () => source;
  if (source === 'tls-connection' || source === 'tls-connection-any-issuer') {
    throw new TypeError(
      `verifyDualSubjectRequest: options.tlsClientCertificate '${source}' reads a Node TLS socket (the Express, Fastify and Hono-on-Node middlewares), which a Request has not: pass ${WHAT_TO_GIVE}`,
    );
  }
  throw new TypeError(
    `verifyDualSubjectRequest: options.tlsClientCertificate must be ${WHAT_TO_GIVE}, or undefined, got ${source === null ? 'null' : typeof source}`,
  );
}

/**
 * Verifies the dual-subject credentials of a Web `Request`: `Authorization: Bearer <access token>`
 * and, for a profile whose human comes from a bound act assertion, `X-Act-Assertion`; with
 * `dpop`, `Authorization: DPoP <token>` and its `DPoP` proof too, decided as the guard decides
 * them (one code path): the proof first, then the token and its binding (`cnf.jkt`), then the
 * proof's `jti` claimed. Throws `DualSubjectVerificationError` (its `absent` is true when no
 * credentials came at all; credential `dpop_proof` when the proof is at fault, to be answered
 * `WWW-Authenticate: DPoP error="invalid_dpop_proof"`, RFC 9449 §7.1). A key-bound token sent
 * as Bearer is refused `access_token.binding_mismatch` (RFC 9449 §7.2), unless `boundTokens:
 * 'checked-upstream'`, or it is bound to the client certificate `tlsClientCertificate` gives (RFC
 * 8705 §3). `request.signal` bounds the calls made for it (introspection, the replay store), as
 * the guard's input signal does: when it aborts they stop, and its reason is thrown. Wrong or
 * unknown options throw `TypeError`, as does a DPoP request without `url` or `method`.
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
  const options = ownVerifyOptions(given, OPTIONS, 'verifyDualSubjectRequest');
  const dpopGiven = readOptions(options.dpop, DPOP_OPTIONS, 'verifyDualSubjectRequest: dpop');
  refuseDpopCheckedUpstream(options.dpop, options.boundTokens);
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
  const certificate = certificateReaderOf(options.tlsClientCertificate, request);
  refuseBesideCheckedUpstream(
    options.tlsClientCertificate,
    options.boundTokens,
    'tlsClientCertificate',
    'certificate-bound tokens',
    '',
  );
  const authorization = headers.get('authorization');
  // The shared path's own refusal names the guard's input, which this caller has not.
  if (
    dpop !== undefined &&
    isDpopScheme(authorization) &&
    (typeof request.url !== 'string' || typeof request.method !== 'string')
  ) {
    throw new TypeError(
      "verifyDualSubjectRequest: a DPoP request needs the URL it was received at and its method, which its proof's htu and htm are compared with (RFC 9449 §4.3): pass a Web Request, or an object with url (absolute) and method beside headers.get()",
    );
  }
  const signal = request.signal instanceof AbortSignal ? request.signal : undefined;
  const verified = await verifyRequestCredentials(
    {
      authorization,
      actAssertion: headers.get(ACT_ASSERTION_HEADER),
      dpop: headers.get('dpop'),
      url: request.url,
      method: request.method,
      // As the guard gives its input's: an introspection or replay store call stops when it aborts.
      ...(signal === undefined ? {} : { signal }),
      ...(certificate === undefined ? {} : { tlsClientCertificate: certificate }),
    },
    options,
    {
      dpop,
      certificateReader: certificate === undefined ? undefined : 'tlsClientCertificate',
      checkTimeoutMs: checkOption(options, 'checkTimeoutMs', 'timeoutMs'),
      sleep: checkOption<Sleep>(options, 'sleep', 'function'),
    },
  );
  return verified.subject;
}
