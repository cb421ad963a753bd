import {
  checkOption,
  countMetric,
  type DelegationCutoffStore,
  type DualAuthAuditEvent,
  emitAuditEvent,
  errorClassOf,
  InMemoryReplayStore,
  type KnownOptions,
  type Logger,
  loggerOrDefault,
  ownOptions,
  prepareHumanIdForLogging,
  type ReplayStore,
  recordDuration,
  refuseUnknownOptions,
  requireValue,
  routeTemplateForLogging,
  systemClock,
  type TelemetryAttributes,
  type TelemetrySpan,
  withSpan,
} from '@dual-auth/core';
import {
  checkJwksCooldown,
  checkKeyInput,
  createRemoteJwks,
  jwksCooldownRangeMs,
  type RemoteJwksOptions,
  type Sleep,
} from '@dual-auth/core/adapter-kit';
import { logThrownChecks } from './authorization-record.js';
import { authorize, type HopCheck, type SubjectCheck } from './authorize.js';
import { isDpopScheme } from './bearer-credentials.js';
import { clientLeft } from './client-left.js';
import { DPOP_NONCE_OPTIONS } from './dpop-nonce.js';
import {
  DPOP_OPTIONS,
  type DpopOptions,
  type ResolvedDpop,
  resolveDpopOptions,
} from './dpop-options.js';
import type { DualSubject } from './dual-subject.js';
import { DualSubjectVerificationError } from './dual-subject-verification-error.js';
import {
  abortedDenial,
  authorizationDecision,
  type DecidedAdmission,
  type DecisionContext,
  type DpopAnswer,
  type GuardAdmission,
  type GuardDecision,
  type GuardDenial,
  type GuardInput,
  refusalDenial,
  unavailableDenial,
} from './guard-decision.js';
import type { IssuerKeyMap } from './issuer-keys.js';
import { knownMethodsOf, methodForLogging } from './method-for-logging.js';
import { readVerifyOptions } from './own-verify-options.js';
import {
  refuseBesideCheckedUpstream,
  refuseDpopCheckedUpstream,
} from './refuse-beside-checked-upstream.js';
import { requestGuardInput } from './request-guard-input.js';
import {
  IDP_COUNT_RULE,
  idpCountOf,
  refuseIdListIssuers,
  rememberGuardIssuers,
} from './several-idps.js';
import { refuseSubjectListAsHop } from './subject-checks.js';
import type { TlsClientCertificateSource } from './tls-client-certificate.js';
import { toAdmission } from './to-admission.js';
import { verifiedHumanOf } from './verified-human-of-refusal.js';
import { DEFAULT_TOLERANCE_SECONDS } from './verify-dual-subject.js';
import {
  assertVerifyOptions,
  type BoundActAssertionOptions,
  DUAL_SUBJECT_VERIFY_OPTIONS,
  type DualSubjectVerifyOptions,
  type VerificationKeys,
} from './verify-options.js';
import {
  type CertificateReaderName,
  verifyRequestCredentials,
} from './verify-request-credentials.js';

/** Options of {@link createDualAuthGuard}: how to verify, who is allowed, where audits go. */
export interface DualAuthGuardOptions
  extends Omit<DualSubjectVerifyOptions, 'keys' | 'boundActAssertion'>,
    Pick<RemoteJwksOptions, 'fetch' | 'allowInsecureLoopback'> {
  /**
   * The IdP's keys; or give `jwksUri` and the guard downloads and caches them. Neither for an API
   * that only receives opaque tokens: then `introspection` reads every token. A token without
   * `kid` is refused `unknown_key` when more than two keys fit its algorithm (see
   * `VerificationKeys` of `@dual-auth/core`). With several issuers holding different keys, a
   * `Map` of each issuer's keys by `iss` (see `DualSubjectVerifyOptions.keys`): keys given
   * directly verify a token of every issuer.
   */
  keys?: VerificationKeys | IssuerKeyMap;
  jwksUri?: string;
  /**
   * With `jwksUri`: how long downloaded keys are used before they are downloaded again, in
   * milliseconds; default 600 000 (core's `createRemoteJwks`, `cacheMaxAgeMs`).
   */
  jwksCacheMaxAgeMs?: number;
  /**
   * With `jwksUri`: how long past `jwksCacheMaxAgeMs` the keys held keep verifying while the IdP
   * cannot be reached (network error, timeout, HTTP 5xx, 408, 429), in milliseconds; default
   * 3 600 000 (`DEFAULT_JWKS_STALE_IF_ERROR_MS`, Microsoft.IdentityModel's last-known-good
   * lifetime), 0 turns it off. Meanwhile the IdP is asked at most once per `jwksCooldownMs`, in the
   * background (requests served from the held keys do not wait), and each failed download is logged as
   * `jwks_refresh_failed` (warn); a token naming a key not held is refused 503 `key_unavailable`.
   * Trade-off: a key the IdP withdrew while unreachable stays trusted that long.
   */
  jwksStaleIfErrorMs?: number;
  /**
   * With `jwksUri`: the least time between two downloads, in milliseconds: those a token naming an
   * unknown key id (a rotation) forces, and the retries while the IdP cannot be reached; default
   * 30 000 (core's `createRemoteJwks`, `cooldownMs`), or `jwksCacheMaxAgeMs + jwksStaleIfErrorMs`
   * when that is shorter. Before any key is held, a failed download is retried sooner: after
   * 1 000 ms, doubling up to this. Lower asks a recovering IdP sooner and lets tokens of a rotated
   * key in sooner; higher bounds what unknown key ids can make the guard download. From 1 000 (below, tokens with made-up key ids make a download each: anyone could
   * make the guard hammer the IdP) to `jwksCacheMaxAgeMs + jwksStaleIfErrorMs` (above, one failed
   * routine refresh leaves the guard without usable keys until the next attempt); otherwise
   * creating the guard throws a TypeError.
   */
  jwksCooldownMs?: number;
  /**
   * For a profile whose human comes from a bound act assertion: its checks; `replayStore`
   * defaults to one core `InMemoryReplayStore` per guard.
   */
  boundActAssertion?: Omit<BoundActAssertionOptions, 'replayStore'> & {
    replayStore?: ReplayStore;
  };
  /**
   * The guard checks DPoP proofs itself (RFC 9449 §4.3, §7.1; see {@link DpopOptions}): a request
   * sent as `Authorization: DPoP <token>` with one `DPoP` proof header is admitted only when the
   * proof verifies for this request and the token's `cnf.jkt` (JWT or introspection answer) is
   * its key's thumbprint (§6.1). A bound token sent as Bearer stays refused (`boundTokens`); a
   * token without `cnf` sent with the DPoP scheme is refused `access_token.binding_mismatch`.
   * Refusals: 401 `WWW-Authenticate: DPoP error="invalid_dpop_proof"` (audit `dpop_proof.<reason>`)
   * when the proof is at fault, `DPoP error="invalid_token"` when the token is. Default: off,
   * only `Bearer` is read. Unknown members, or `boundTokens: 'checked-upstream'` beside it, throw a
   * `TypeError` at creation.
   */
  dpop?: DpopOptions;
  agentAllowed: SubjectCheck;
  humanAllowed: SubjectCheck;
  /** Optional rule every actor of a delegation chain must pass (see `authorize`). */
  hopAllowed?: HopCheck;
  /**
   * Checks certificate-bound access tokens (RFC 8705 §3) against the client certificate of the
   * request's mutual-TLS connection: a token whose `cnf` holds `x5t#S256` is admitted when that is
   * the base64url SHA-256 of the certificate's DER bytes (RFC 8705 §3.1; compared in constant time,
   * a padded or standard-alphabet value never matches), else refused 401
   * `access_token.binding_mismatch` saying what to do (no certificate, or another one); the
   * certificate is read for such a token only. Without this option (default) every key-bound token
   * is refused; a `cnf` holding another confirmation method too (`jkt`, an unknown member) is
   * refused unless each is proven.
   * - `'tls-connection'`: the Express, Fastify and Hono-on-Node (`@hono/node-server`, its
   *   `c.env.incoming.socket`) middlewares read the request's TLS socket
   *   (`https.createServer({ requestCert: true, ca })`), taking the certificate only when the
   *   server authorized it (`socket.authorized`: issued by one of its `ca`, valid); a custom
   *   server gives `tlsClientCertificate` in the guard input.
   * - `'tls-connection-any-issuer'`: the same sockets, taking the certificate whoever issued it,
   *   for clients with self-signed certificates (RFC 8705 §2.2, `self_signed_tls_client_auth`, and
   *   §4) on a server that lets any through the handshake (`requestCert: true,
   *   rejectUnauthorized: false`). No CA vouches for it, and its dates and revocation are not
   *   checked: the token's binding is the only proof (RFC 8705 §6.2: the resource need not
   *   validate the chain), and what TLS still proves is that the client holds the certificate's
   *   key (the handshake completed: Node set `socket.authorizationError` or `authorized`). Never
   *   the default. A custom server gives `tlsClientCertificateAnyIssuer` in the guard input (or
   *   its `tlsClientCertificate` is read).
   * - A function `(request: Request) => Uint8Array | undefined` (or a promise of it), for
   *   `checkRequest`, `check` with the input's `request` (`requestGuardInput` sets it),
   *   `withDualAuth` of `@dual-auth/resource/fetch`, Hono's `dualAuth` and `dualAuthMcpHandler` of
   *   `@dual-auth/mcp/fetch`, whether given the options or the guard (Express, Fastify and
   *   `requireDualAuth` have no fetch `Request` and refuse such a guard at creation): a
   *   fetch `Request` carries no certificate, so give its DER bytes (a Node `Buffer` is a
   *   `Uint8Array`) from your runtime, or from the header a TLS-terminating gateway forwards it
   *   in (`X-Forwarded-Client-Cert`, `X-SSL-Client-Cert`: trust that header only where the
   *   gateway is the one way in and overwrites it), or `undefined`, `null` (`headers.get()` of a
   *   missing header) or empty bytes for none: refused 401 `access_token.binding_mismatch`, the
   *   same answer as `'tls-connection'` when the connection presented no certificate (the client
   *   must call with the certificate the token was issued to, RFC 8705 §3).
   *
   * What the function throws, or a value that is none of these, answers 503 like a failed check
   * (`dual_auth_verification_unavailable`, logged with its error class): the reader is this
   * server's code, so a throw is our side failing (a bug, a gateway forwarding what it cannot
   * read), not a client without a certificate; return `undefined` or `null` for that. So does a
   * reader (the function, or the guard input's) still unsettled after `checkTimeoutMs`, with a
   * `TimeoutError`, whether or not the request has a signal: a server without a request deadline
   * never waits for ever; an aborted request's signal stops the wait sooner. A `TypeError` at
   * creation when it is neither form, or given with `boundTokens: 'checked-upstream'`.
   */
  tlsClientCertificate?: TlsClientCertificateSource;
  /**
   * How long the checks may take, in milliseconds; default 10 000 (`DEFAULT_CHECK_TIMEOUT_MS`).
   * A check still unsettled then (a directory call without a timeout) has its `signal` aborted
   * with a `TimeoutError` and is not waited for: the request gets 503 `<side>_check_unavailable`
   * with `Retry-After`, audited and logged (`dual_auth_check_failed`, `error_type: TimeoutError`)
   * like a check that threw. The `tlsClientCertificate` reader is waited for that long too (503
   * `verification_unavailable`).
   */
  checkTimeoutMs?: number;
  /** How the checks' deadline is waited; default core's `timerSleep` (tests pass their own). */
  sleep?: Sleep;
  /** `realm` of the `WWW-Authenticate` challenges. */
  realm?: string;
  /**
   * The request methods recorded as sent (audit `method`, span `http.request.method`); any other
   * is recorded `_OTHER`. Default: RFC 9110's and RFC 5789's (`GET` … `PATCH`). A full override,
   * as the OTel HTTP conventions' `OTEL_INSTRUMENTATION_HTTP_KNOWN_METHODS`: a WebDAV API (RFC
   * 4918) lists the standard methods and `PROPFIND`, `MKCOL`…. Case-sensitive tokens of at most
   * 32 characters, else a `TypeError` at creation. Compared case-sensitively, as RFC 9110 §9.1
   * defines methods: a request sent as `get` is recorded `_OTHER`, and `['propfind']` does not
   * record `PROPFIND`; list each method as clients send it.
   */
  knownMethods?: readonly string[];
  /** Gets `dual_auth_decision` events (info on ALLOW, warn on DENY). */
  logger?: Logger;
  /**
   * Called with every audit event; a promise it returns is awaited, any other value ignored. A
   * throw (or rejection) is logged as `dual_auth_audit_failed` and ignored.
   */
  onDecision?: (event: DualAuthAuditEvent) => unknown;
}

/** Verifies and authorizes dual-subject requests; the engine under every middleware. */
export interface DualAuthGuard {
  /**
   * Decides one request and audits it: a refusal at once; an admission at once with status 200,
   * or, with `input.reportsStatus`, when the caller reports the app's answer through
   * {@link GuardAdmission.recordStatus}. `input.route` is recorded (span `http.route`, audit,
   * log) without query and fragment, as `routeForLogging` trims a raw path (`/users/me` and
   * `/users/:id` stay, `/users/jane.doe@corp.example` is `/users/:redacted`); with
   * `input.routeIsTemplate`, a template (parameter syntax `:id`, `{id}`, `*`, `[id]`, `<id>`) is
   * recorded as written, except a segment with a control character, over 64 characters, an email
   * or a long opaque value: `:redacted`.
   */
  check(input: GuardInput): Promise<GuardDecision>;
  /** {@link DualAuthGuard.check} for a fetch `Request`; `route` default: its trimmed URL path. */
  checkRequest(request: Request, route?: string): Promise<GuardDecision>;
  /**
   * Where the guard reads a request's client certificate (its `tlsClientCertificate` option):
   * `'tls-connection'` and `'tls-connection-any-issuer'` from the TLS socket (Express, Fastify,
   * Hono on Node), `'function'` by calling the function with the input's fetch `Request`
   * (`checkRequest`, the fetch and Hono middlewares). A middleware that cannot give that refuses
   * the guard at creation. Absent when certificate-bound tokens are refused, and on a custom guard.
   */
  readonly certificateSource?: CertificateSource;
  /**
   * The audiences a token must name one of (the `audience` option): what a server in front of
   * the guard (`@dual-auth/mcp`) checks against the resource it serves. Absent on a custom guard.
   */
  readonly audience?: readonly string[];
  /**
   * How the guard judges a token against its human's delegation cut-off: `cutoffOf` reads a
   * human's cut-off in its own `cutoffStore` (the one `endDelegation` of `@dual-auth/session`
   * writes); the token counts as minted at `iat` plus `iatBackdateSeconds` (its profile's, in
   * seconds) and is refused when that is at or before the cut-off plus `clockToleranceSeconds` (in
   * seconds; core's `issuedBeforeCutoff`). A server in front of the guard (`@dual-auth/mcp`)
   * re-reads an open stream's cut-off with `cutoffOf` and judges its first read so. The store
   * itself is not handed out: whoever holds the guard reads cut-offs, never writes one. Frozen;
   * absent without `cutoffStore`. A custom guard may give it (`cutoffOf` a function,
   * `iatBackdateSeconds` 0 to 600, `clockToleranceSeconds` 0 to 300: else `@dual-auth/mcp` throws
   * a `TypeError` when the server is made).
   */
  readonly delegationCutoff?: {
    /**
     * The cut-off of `human` (a human id, as `endDelegation` keyed it: `cutoffIdsOf` of core) in
     * ms since the epoch, or `undefined` when none is kept: the `cutoffOf` of the guard's
     * `cutoffStore`, taken and bound when the guard was made (the guard's own check calls this
     * very function; a method patched onto the store later changes neither). It throws what the
     * store throws (`StoreUnavailableError` of core when it does not answer); an answer that is
     * no time is the caller's to refuse (core's `latestCutoffOf` throws `StoreUnavailableError`).
     * A custom guard's is called apart from its store object: bind it to the store.
     */
    readonly cutoffOf: (human: string) => Promise<number | undefined>;
    /** How far the IdP dates `iat` back, in seconds (its token profile's; 0 when it does not). */
    readonly iatBackdateSeconds: number;
    /** The guard's clock tolerance after a cut-off, in seconds. */
    readonly clockToleranceSeconds: number;
    /**
     * Whether the human's ids are read case-folded too (its token profile's `humanIdsIgnoreCase`:
     * core's `cutoffIdsOf(human, true)`). A custom guard may leave it out: exactly, then.
     */
    readonly humanIdsIgnoreCase?: boolean | undefined;
  };
}

/** The `tlsClientCertificate` form of a guard: see {@link DualAuthGuard.certificateSource}. */
export type CertificateSource = 'tls-connection' | 'tls-connection-any-issuer' | 'function';

/** What a guard decides with, resolved once from its options. */
interface GuardConfig {
  audit: DecisionContext;
  verify: DualSubjectVerifyOptions;
  dpop: ResolvedDpop | undefined;
  agentAllowed: SubjectCheck;
  humanAllowed: SubjectCheck;
  hopAllowed: HopCheck | undefined;
  realm: string | undefined;
  checkTimeoutMs: number | undefined;
  sleep: Sleep | undefined;
  /**
   * The guard input's certificate reader that proves a certificate-bound token (from the
   * `tlsClientCertificate` option); none: such a token is refused.
   */
  certificateReader: CertificateReaderName | undefined;
}

function resolveVerifyOptions(options: DualAuthGuardOptions): DualSubjectVerifyOptions {
  const {
    keys,
    jwksUri,
    jwksCacheMaxAgeMs,
    jwksStaleIfErrorMs,
    jwksCooldownMs,
    boundActAssertion,
    fetch,
    allowInsecureLoopback,
    checkTimeoutMs,
    sleep,
    tlsClientCertificate,
    dpop,
    ...rest
  } = options;
  if (keys !== undefined && jwksUri !== undefined) {
    throw new TypeError('Give one of options.keys and options.jwksUri, not both');
  }
  if (keys === undefined && jwksUri === undefined && rest.introspection === undefined) {
    throw new TypeError(
      'Give options.keys or options.jwksUri (JWT access tokens), or options.introspection (opaque tokens), or both',
    );
  }
  if (jwksUri === undefined) {
    for (const [name, value] of Object.entries({
      jwksCacheMaxAgeMs,
      jwksStaleIfErrorMs,
      jwksCooldownMs,
    })) {
      if (value !== undefined) {
        throw new TypeError(`options.${name} applies to options.jwksUri: give jwksUri, or drop it`);
      }
    }
  }
  const resolvedKeys =
    jwksUri === undefined
      ? keys
      : createRemoteJwks(jwksUri, {
          ...(fetch === undefined ? {} : { fetch }),
          ...(allowInsecureLoopback === undefined ? {} : { allowInsecureLoopback }),
          ...(jwksCacheMaxAgeMs === undefined ? {} : { cacheMaxAgeMs: jwksCacheMaxAgeMs }),
          ...(jwksStaleIfErrorMs === undefined ? {} : { staleIfErrorMs: jwksStaleIfErrorMs }),
          cooldownMs:
            jwksCooldownMs ?? jwksCooldownRangeMs(jwksCacheMaxAgeMs, jwksStaleIfErrorMs).defaultMs,
          ...(rest.clock === undefined ? {} : { clock: rest.clock }),
          logger: loggerOrDefault(options.logger),
        });
  // createGuardFor made boundActAssertion a null-prototype own copy: its replay store is filled
  // in there, so none comes from a prototype.
  if (boundActAssertion !== undefined) {
    boundActAssertion.replayStore ??= new InMemoryReplayStore(
      rest.clock === undefined ? {} : { clock: rest.clock },
    );
  }
  // On no prototype: the verifier reads these as plain properties (clockToleranceSeconds…).
  return ownOptions({
    ...rest,
    ...(resolvedKeys === undefined ? {} : { keys: resolvedKeys }),
    ...(boundActAssertion === undefined
      ? {}
      : { boundActAssertion: boundActAssertion as BoundActAssertionOptions }),
  });
}

async function emitAudit(
  logger: Logger,
  onDecision: DualAuthGuardOptions['onDecision'],
  audit: DualAuthAuditEvent,
): Promise<void> {
  try {
    emitAuditEvent(logger, audit);
  } finally {
    // A logger that throws still lets `onDecision` (often the durable audit trail) have the record.
    if (onDecision !== undefined) {
      try {
        await onDecision(audit);
      } catch (error) {
        logger.error('dual_auth_audit_failed', { error_type: errorClassOf(error) });
      }
    }
  }
}

/**
 * RFC 9449 §8.2, §9: with `dpop.nonce`, every answer to a DPoP request whose proof did not carry
 * the current nonce (a `use_dpop_nonce` refusal, an admission once it rotated) gets it.
 */
async function withCurrentNonce<T extends DecidedAdmission | GuardDenial>(
  decision: T,
  dpop: DpopAnswer | undefined,
  config: GuardConfig,
  currentNonce: boolean,
): Promise<T> {
  const nonces = config.dpop?.nonces;
  if (nonces === undefined || dpop?.scheme !== 'DPoP' || currentNonce) return decision;
  const nonce = await nonces.current((config.verify.clock ?? systemClock).now());
  return { ...decision, headers: { ...decision.headers, 'dpop-nonce': nonce } } as T;
}

async function decide(
  input: GuardInput,
  method: string,
  config: GuardConfig,
  logger: Logger,
): Promise<DecidedAdmission | GuardDenial> {
  let subject: DualSubject;
  const dpop: DpopAnswer | undefined =
    config.dpop === undefined
      ? undefined
      : {
          scheme: isDpopScheme(input.authorization) ? 'DPoP' : 'Bearer',
          algs: config.dpop.algorithms,
        };
  let currentNonce: boolean;
  try {
    // The method as sent: a DPoP proof's htm is compared with it, never with _OTHER.
    ({ subject, currentNonce } = await verifyRequestCredentials(
      { ...input, method },
      config.verify,
      config,
    ));
  } catch (error) {
    // The introspection gave up because the client went away: nobody waits for an answer.
    if (clientLeft(input.signal) && error === input.signal?.reason) {
      return abortedDenial(input, config.audit, { failedSide: 'credentials' });
    }
    if (!DualSubjectVerificationError.isInstance(error)) throw error;
    if (error.hint !== undefined) {
      logger.warn('dual_auth_refusal_hint', { reason: error.auditReason, hint: error.hint });
    }
    // Off Node, the digest the audit record names an email-shaped verified human by (core's
    // humanIdForLogging reads it from this object); on Node nothing to wait for.
    const preparing = prepareHumanIdForLogging(verifiedHumanOf(error));
    if (preparing !== undefined) await preparing;
    return withCurrentNonce(
      refusalDenial(input, config.audit, config.realm, error, dpop),
      dpop,
      config,
      false,
    );
  }
  const result = await authorize({
    subject,
    agentAllowed: config.agentAllowed,
    humanAllowed: config.humanAllowed,
    hopAllowed: config.hopAllowed,
    ...(input.signal === undefined ? {} : { signal: input.signal }),
    checkTimeoutMs: config.checkTimeoutMs,
    sleep: config.sleep,
  });
  logThrownChecks(logger, subject, result);
  return withCurrentNonce(
    authorizationDecision(input, config.audit, config.realm, subject, result, dpop),
    dpop,
    config,
    currentNonce,
  );
}

/** HTTP server attributes (OTel semantic conventions) of the request a decision is about. */
function decisionAttributes(input: GuardInput): TelemetryAttributes {
  return { 'http.request.method': input.method, 'http.route': input.route };
}

/**
 * The decision on its span, in `dual_auth.decisions` and in `dual_auth.decision.duration`
 * (`seconds` it took); a 503 marks the span failed. `http.response.status_code` is set for a
 * refusal heard by its client only, the one answer the guard sends itself: an ALLOW span ends
 * before the app answers, and the web framework's server span owns that answer (its status may be
 * anything); a request its client aborted (499) is answered to nobody.
 */
function traceDecision(
  span: TelemetrySpan,
  vendor: string,
  decision: DecidedAdmission | GuardDenial,
  seconds: number,
): void {
  const { audit } = decision;
  span.setAttributes({
    'http.response.status_code':
      decision.decision === 'DENY' ? (audit.status ?? undefined) : undefined,
    'dual_auth.vendor': vendor,
    'dual_auth.decision': decision.decision,
    'dual_auth.failed_side': audit.failed_side ?? undefined,
    'dual_auth.reason': audit.reason,
    'dual_auth.agent.id': audit.agent_id ?? undefined,
    'dual_auth.human.id': audit.human_id ?? undefined,
  });
  // A 4xx is the client's doing (HTTP server span convention); a 503 is this server's failure.
  if (decision.status >= 500) span.fail(String(decision.status));
  const attributes = {
    'dual_auth.vendor': vendor,
    'dual_auth.decision': decision.decision,
    'dual_auth.failed_side': audit.failed_side ?? 'none',
  };
  countMetric('dual_auth.decisions', attributes);
  recordDuration('dual_auth.decision.duration', seconds, attributes);
}

const GUARD_OPTIONS = /* @__PURE__ */ (() =>
  ({
    ...DUAL_SUBJECT_VERIFY_OPTIONS,
    dpop: true,
    jwksUri: true,
    jwksCacheMaxAgeMs: true,
    jwksStaleIfErrorMs: true,
    jwksCooldownMs: true,
    fetch: true,
    allowInsecureLoopback: true,
    agentAllowed: true,
    humanAllowed: true,
    hopAllowed: true,
    tlsClientCertificate: true,
    checkTimeoutMs: true,
    sleep: true,
    realm: true,
    knownMethods: true,
    logger: true,
    onDecision: true,
  }) as const satisfies KnownOptions<DualAuthGuardOptions>)();

// Options of 0.1.0 that a profile replaced: their refusal says what to pass (docs/upgrading.md).
const RENAMED_GUARD_OPTIONS = {
  vendor:
    'pass profile: the token profile your IdP adapter package exports (<vendor>TokenProfile from @dual-auth/adapter-<vendor>, e.g. keycloakTokenProfile)',
  entra: 'pass its options as boundActAssertion, with profile: entraIdTokenProfile',
} as const;

/**
 * {@link createDualAuthGuard} for a middleware factory: refuses keys that are neither guard options
 * nor one of `extra` (the factory's own), naming `where` (`withDualAuth`), then builds the guard.
 *
 * @throws TypeError naming an unknown or wrong option, as {@link createDualAuthGuard}.
 */
export function createGuardFor(
  options: DualAuthGuardOptions,
  where: string,
  extra: Readonly<Record<string, true>> = {},
): DualAuthGuard {
  // Own properties only, here and in boundActAssertion: an inherited `fetch` would download the
  // keys, an inherited `clockToleranceSeconds` would admit expired tokens.
  const own = readVerifyOptions(
    options,
    { ...GUARD_OPTIONS, ...extra },
    where,
    RENAMED_GUARD_OPTIONS,
  );
  refuseUnknownOptions(own?.dpop, DPOP_OPTIONS, `${where}: dpop`);
  refuseUnknownOptions(own?.dpop?.nonce, DPOP_NONCE_OPTIONS, `${where}: dpop.nonce`);
  return buildGuard(own);
}

function checkGuardOptions(options: DualAuthGuardOptions): void {
  requireValue(options, 'options', 'object');
  requireValue(options.agentAllowed, 'options.agentAllowed', 'function');
  requireValue(options.humanAllowed, 'options.humanAllowed', 'function');
  checkOption(options, 'onDecision', 'function');
  checkOption(options, 'hopAllowed', 'function');
  refuseSubjectListAsHop(options.hopAllowed, 'options.hopAllowed');
  checkOption(options, 'logger', 'logger');
  checkOption(options, 'checkTimeoutMs', 'timeoutMs');
  checkOption(options, 'jwksCacheMaxAgeMs', 'milliseconds');
  checkOption(options, 'jwksStaleIfErrorMs', 'milliseconds');
  checkOption(options, 'jwksCooldownMs', 'milliseconds');
  checkJwksCooldown({
    name: 'options.jwksCooldownMs',
    unit: 'ms',
    rangeNames: 'jwksCacheMaxAgeMs + jwksStaleIfErrorMs',
    cooldown: options.jwksCooldownMs,
    cacheMaxAge: options.jwksCacheMaxAgeMs,
    staleIfError: options.jwksStaleIfErrorMs,
  });
  checkOption(options, 'sleep', 'function');
  const certificate = options.tlsClientCertificate;
  if (
    certificate !== undefined &&
    certificate !== 'tls-connection' &&
    certificate !== 'tls-connection-any-issuer' &&
    typeof certificate !== 'function'
  ) {
    throw new TypeError(
      "options.tlsClientCertificate must be 'tls-connection' (the Express, Fastify and Hono-on-Node middlewares read the request's TLS socket, when the server authorized the certificate), 'tls-connection-any-issuer' (the same, whoever issued it: a self-signed certificate, RFC 8705 §2.2) or a function (request) => the DER bytes of its client certificate, or undefined",
    );
  }
  refuseBesideCheckedUpstream(
    certificate,
    options.boundTokens,
    'tlsClientCertificate',
    'certificate-bound tokens',
    '',
  );
  refuseDpopCheckedUpstream(options.dpop, options.boundTokens);
}

/**
 * Builds the guard every middleware uses: verify both credentials, run both checks, answer
 * 400 `invalid_request` for a malformed request (a credential header repeated or breaking its
 * syntax, RFC 6750 §3.1), 401 (RFC 6750 challenge) for missing or invalid credentials, 403 when the agent or the human is
 * not authorized, 503 with `Retry-After: 5` (in seconds) when keys, the replay store or
 * introspection are unreachable or a check throws or outlasts `checkTimeoutMs`
 * (`<side>_check_unavailable`), and audit every decision (`request_aborted`, status `null` and a
 * 499 nobody hears, when the request's signal aborted while its token was introspected or a check
 * ran).
 *
 * @throws TypeError naming a wrong option, or one that is not an option (also in
 *   `boundActAssertion`), with the closest option's name.
 * @throws ConfigurationError when `jwksUri` or `dpop.publicBaseUrl` is not HTTPS (`http:` only on
 * loopback), or `keys` is PEM text that holds no usable public key (a broken PEM, a private key,
 * an RSA-PSS key: give an rsaEncryption key).
 * @example
 * import { oktaTokenProfile } from '@dual-auth/adapter-okta';
 *
 * const guard = createDualAuthGuard({
 *   profile: oktaTokenProfile,
 *   issuer: 'https://example.okta.com/oauth2/aus123',
 *   audience: 'https://api.example.com/finance',
 *   jwksUri: 'https://example.okta.com/oauth2/aus123/v1/keys',
 *   agentAllowed: agentHasScope('finance.read'),
 *   humanAllowed: humanIn(financeUserIds),
 *   logger,
 * });
 * const decision = await guard.checkRequest(request);
 */
export function createDualAuthGuard(options: DualAuthGuardOptions): DualAuthGuard {
  return createGuardFor(options, 'createDualAuthGuard');
}

// One key set for issuers of several IdPs: whoever holds one IdP's signing key mints the others'
// tokens. Still accepted (IssuerKeyMap is opt-in), but the start-up log says what to pass.
function warnOfSharedKeys(verify: DualSubjectVerifyOptions, logger: Logger): void {
  if (verify.keys === undefined || verify.keys instanceof Map) return;
  if (typeof verify.issuer === 'string') return;
  const idps = idpCountOf(verify.issuer);
  if (idps < 2) return;
  logger.warn('shared_keys_across_idps', {
    issuers: verify.issuer.length,
    idps,
    hint: `one key set verifies the tokens of several identity providers (${IDP_COUNT_RULE}): pass options.keys as an IssuerKeyMap, new Map([[issuer, keys], …]), one entry per issuer, the same keys under two only if they share them`,
  });
}

// RFC 9449 §4.3 point 9 compares htu with the URL the request was received at; without
// publicBaseUrl that URL's host is the Host header the client writes, so a proof made for another
// deployment of this API (its own replay store) passes here within proofMaxAgeSeconds (§11.1).
function warnOfHtuFromRequest(dpop: ResolvedDpop | undefined, logger: Logger): void {
  if (dpop === undefined || dpop.publicBaseUrl !== undefined) return;
  logger.warn('dpop_htu_from_request_host', {
    hint: "DPoP proofs are checked against each request's own URL (its Host header): a token with an unused proof made for another deployment of this API, with its own replay store, is admitted here too; set options.dpop.publicBaseUrl to the URL clients call",
  });
}

function certificateReaderOf(
  source: TlsClientCertificateSource | undefined,
): CertificateReaderName | undefined {
  if (source === undefined) return undefined;
  return source === 'tls-connection-any-issuer'
    ? 'tlsClientCertificateAnyIssuer'
    : 'tlsClientCertificate';
}

const UNREAD_BY_FUNCTION =
  "this guard's tlsClientCertificate is a function of a fetch Request, and the guard input has no request: pass request (requestGuardInput and checkRequest do) or your own tlsClientCertificate reader in the input";
const UNREAD_SOCKET = (source: string) =>
  `this guard reads the client certificate of the TLS socket (tlsClientCertificate '${source}'), and the guard input has no tlsClientCertificate reader (the Express, Fastify and Hono-on-Node middlewares set one; checkRequest has a fetch Request only): pass your own reader in the input, or build the guard with a function (request) => the DER bytes of its client certificate`;

/**
 * The input's certificate reader as the guard's `tlsClientCertificate` says: for a function,
 * that function of the input's `request`; else the input's own reader; else one that throws (a
 * 503 and a log saying what to pass: the server's wiring is at fault, not the client, whom a 401
 * would send for another token in vain).
 */
function certificateInput(
  given: GuardInput,
  source: TlsClientCertificateSource | undefined,
  logger: Logger,
): Pick<GuardInput, 'tlsClientCertificate'> {
  if (source === undefined) return {};
  const request = given?.request;
  if (typeof source === 'function' && request !== undefined) {
    return { tlsClientCertificate: () => source(request) };
  }
  if (given?.tlsClientCertificate !== undefined) return {};
  if (typeof source !== 'function' && given?.tlsClientCertificateAnyIssuer !== undefined) return {};
  const hint = typeof source === 'function' ? UNREAD_BY_FUNCTION : UNREAD_SOCKET(source);
  return {
    tlsClientCertificate: () => {
      logger.error('tls_client_certificate_unread', { hint });
      throw new TypeError(`guard.check: ${hint}`);
    },
  };
}

function buildGuard(options: DualAuthGuardOptions): DualAuthGuard {
  checkGuardOptions(options);
  const verify = resolveVerifyOptions(options);
  assertVerifyOptions(verify);
  refuseIdListIssuers(verify.issuer, {
    agentAllowed: options.agentAllowed,
    humanAllowed: options.humanAllowed,
    hopAllowed: options.hopAllowed,
  });
  // The store's read as given now, bound to it: the guard's check and the read it hands out
  // (`delegationCutoff.cutoffOf`) call this one function, whatever is patched onto the store later,
  // and the store itself (its `endDelegation`) stays with whoever made the guard.
  // Read once more here and checked as read (a getter may answer otherwise than to the options'
  // check): what is bound is a function.
  const store = verify.cutoffStore;
  const cutoffOf =
    store === undefined
      ? undefined
      : (
          requireValue(
            store.cutoffOf,
            'options.cutoffStore.cutoffOf',
            'function',
          ) as DelegationCutoffStore['cutoffOf']
        ).bind(store);
  if (cutoffOf !== undefined) verify.cutoffStore = { cutoffOf } as DelegationCutoffStore;
  // PEM text is checked once here, so a key Web Crypto cannot import fails the guard's creation
  // rather than refusing every token (of that issuer, in an IssuerKeyMap) as signed by an unknown key.
  const given =
    verify.keys instanceof Map
      ? [...verify.keys].map(([iss, keys]) => [keys, `options.keys.get(${JSON.stringify(iss)})`])
      : [[verify.keys, 'options.keys']];
  for (const [keys, name] of given) {
    if (typeof keys === 'string') checkKeyInput(keys, { kind: 'public', name: name as string });
  }
  const config: GuardConfig = {
    audit: {
      vendor: verify.profile.vendor,
      audience: typeof verify.audience === 'string' ? [verify.audience] : [...verify.audience],
      clock: verify.clock,
    },
    verify,
    dpop: resolveDpopOptions(options.dpop, verify.clock),
    agentAllowed: options.agentAllowed,
    humanAllowed: options.humanAllowed,
    hopAllowed: options.hopAllowed,
    realm: options.realm,
    checkTimeoutMs: options.checkTimeoutMs,
    sleep: options.sleep,
    certificateReader: certificateReaderOf(options.tlsClientCertificate),
  };
  const logger = loggerOrDefault(options.logger);
  // Its admissions look like any other: the start-up log is where an operator sees the choice.
  if (verify.boundTokens === 'checked-upstream') {
    logger.warn('bound_tokens_checked_upstream', { bound_tokens: 'checked-upstream' });
  }
  warnOfSharedKeys(verify, logger);
  warnOfHtuFromRequest(config.dpop, logger);
  const clock = verify.clock ?? systemClock;
  const knownMethods = knownMethodsOf(options.knownMethods);
  const certificate = options.tlsClientCertificate;
  const check = (given: GuardInput): Promise<GuardDecision> => {
    // A caller may give `req.url` as the route: the span, the audit and the log get its path only,
    // and a known method or `_OTHER` (the client's text, of any length on some runtimes).
    // A JavaScript caller without one gets the decision's own answer, not a synchronous throw.
    const route = given?.route;
    const input = {
      ...given,
      ...certificateInput(given, certificate, logger),
      method: methodForLogging(given?.method, knownMethods),
      route:
        typeof route === 'string'
          ? routeTemplateForLogging(route, given.routeIsTemplate === true ? 'framework' : 'caller')
          : route,
    };
    return withSpan(
      'dual_auth.decision',
      { attributes: decisionAttributes(input) },
      async (span) => {
        const startedAt = clock.now();
        let decision: DecidedAdmission | GuardDenial;
        try {
          // The method as sent: a DPoP proof's htm is compared with it, never with _OTHER.
          decision = await decide(input, given.method, config, logger);
        } catch (error) {
          logger.error('dual_auth_verification_unavailable', { error_type: errorClassOf(error) });
          decision = unavailableDenial(input, config.audit, 'verification_unavailable');
        }
        traceDecision(span, verify.profile.vendor, decision, (clock.now() - startedAt) / 1000);
        const write = (audit: DualAuthAuditEvent) => emitAudit(logger, options.onDecision, audit);
        if (decision.decision === 'ALLOW') {
          return toAdmission(decision, input.reportsStatus === true, write);
        }
        await write(decision.audit);
        return decision;
      },
    );
  };
  const guard: DualAuthGuard = {
    check,
    checkRequest: (request, route) => check(requestGuardInput(request, route)),
    audience: Object.freeze([...config.audit.audience]),
    ...(cutoffOf === undefined
      ? {}
      : {
          delegationCutoff: Object.freeze({
            cutoffOf,
            iatBackdateSeconds: verify.profile.iatBackdateSeconds ?? 0,
            clockToleranceSeconds: verify.clockToleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS,
            humanIdsIgnoreCase: verify.profile.humanIdsIgnoreCase === true,
          }),
        }),
    ...(certificate === undefined
      ? {}
      : { certificateSource: typeof certificate === 'function' ? 'function' : certificate }),
  };
  rememberGuardIssuers(guard, verify.issuer);
  return guard;
}
