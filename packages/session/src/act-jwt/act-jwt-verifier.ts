import {
  type Act,
  ActVerificationError,
  type ActVerificationReason,
  type Clock,
  checkOption,
  checkSecondsOption,
  checkValue,
  countMetric,
  type DelegationCutoffStore,
  defaultReplayStore,
  errorClassOf,
  humanIdForLogging,
  type KnownOptions,
  type Logger,
  LogSwitchMemo,
  loggerOrDefault,
  prepareHumanIdForLogging,
  type ReplayStore,
  readOptions,
  replayStoreClockAdvice,
  requireValue,
  StoreUnavailableError,
  systemClock,
  type TelemetrySpan,
  withSpan,
} from '@dual-auth/core';
import {
  type AsymmetricAlgorithm,
  assertHttpsUrl,
  checkJwksCooldown,
  checkKeyInput,
  createRemoteJwks,
  type KeyInput,
  raceAbort,
} from '@dual-auth/core/adapter-kit';
import {
  namespacedReplayKey,
  otherJwtKindOf,
  readActClaim,
  refuseJwt,
  type VerificationKeys,
  verifyJwt,
} from '@dual-auth/core/jwt';
import { refuseInexactAudience } from '../exact-audience.js';
import { ACT_JWT_LIVES_MINUTES, MAX_ACT_JWT_LIFETIME_SECONDS } from './act-jwt-lifetime.js';
import { refuseEndedDelegation } from './refuse-ended-delegation.js';
import { importVerificationKey, type VerificationKeyInput } from './verification-key.js';
import { withVerifiedAct } from './verified-act-of-refusal.js';

/** What {@link ActJwtVerifier} takes: exactly one of `publicKey` and `jwksUrl`. */
export interface ActJwtVerifierOptions {
  /** The web app's public key: SPKI PEM or certificate, public JWK, `CryptoKey` or `KeyObject`. */
  publicKey?: VerificationKeyInput | undefined;
  /** Pin the key's algorithm instead of deriving it from the key type (e.g. `PS256`). */
  algorithm?: AsymmetricAlgorithm | undefined;
  /** The web app's JWKS (`HybridSender.publicJwks()` served over HTTPS); cached, refetched on an unknown `kid`. */
  jwksUrl?: string | URL | undefined;
  /**
   * With `jwksUrl`: how long after a fetch a token with an unknown `kid` does not trigger a
   * refetch (so unknown kids cannot make the verifier hammer the app). Default 30 s, or
   * `jwksCacheMaxAgeSeconds + jwksStaleIfErrorSeconds` when that is shorter. From 1 to
   * `jwksCacheMaxAgeSeconds + jwksStaleIfErrorSeconds` (above, one failed refresh leaves the
   * verifier without usable keys until the next attempt); otherwise the constructor throws a
   * TypeError.
   */
  jwksCooldownSeconds?: number | undefined;
  /**
   * With `jwksUrl`: how long fetched keys are used before they are fetched again, in seconds.
   * Default 600. From 0 to 2 147 483 (2^31-1 ms, the longest timer, about 24.8 days; a larger value
   * is milliseconds by mistake, `86_400_000` would hold keys 1000 days), else a `TypeError` at
   * construction naming this option and saying "seconds, not milliseconds?".
   */
  jwksCacheMaxAgeSeconds?: number | undefined;
  /**
   * With `jwksUrl`: how long past `jwksCacheMaxAgeSeconds` the keys held keep verifying while the
   * app's JWKS cannot be reached (network error, timeout, HTTP 5xx, 408, 429); meanwhile it is
   * asked at most once per `jwksCooldownSeconds`, in the background, and each failed fetch is
   * logged (`jwks_refresh_failed`, warn, the host only). Default 3600 s (Microsoft.IdentityModel's
   * last-known-good lifetime); 0 turns it off. At most 2 147 483 (2^31-1 ms, the longest timer;
   * a larger value is milliseconds by mistake), else a `TypeError` at construction saying
   * "seconds, not milliseconds?". Trade-off: a key the app withdrew while unreachable stays
   * trusted that long.
   */
  jwksStaleIfErrorSeconds?: number | undefined;
  /** Algorithms accepted with `jwksUrl`. Default RS256, ES256, EdDSA. */
  algorithms?: readonly AsymmetricAlgorithm[] | undefined;
  /**
   * This agent's endpoint, as the sender used it; can also be given per call. Compared exactly
   * with `aud`: whitespace or an invisible character in it is a `ConfigurationError`.
   */
  expectedAudience?: string | undefined;
  /** Default `"application"`, what the reference's sender writes. */
  expectedIssuer?: string | undefined;
  /**
   * Leeway for `exp`, `nbf` and `iat`, in seconds. Default 5. At most 300 (RFC 7519 §4.1.4: "usually
   * no more than a few minutes"): a larger value (milliseconds by mistake) is a `TypeError` saying
   * "seconds, not milliseconds?".
   */
  clockToleranceSeconds?: number | undefined;
  /** Longest token accepted, in bytes. Default 8192. */
  maxTokenBytes?: number | undefined;
  /**
   * Longest `exp - iat` accepted, in seconds. Default 300. A whole number from 1 to 3600 (an hour:
   * an act JWT is made for a request and lives minutes; a larger value is milliseconds by mistake,
   * `60_000` would accept act JWTs living 16 hours), else a `TypeError` at construction saying
   * "seconds, not milliseconds?".
   */
  maxLifetimeSeconds?: number | undefined;
  /**
   * Where `jti`s are claimed. Default: core's `defaultReplayStore()`, one per process. Claims are
   * partitioned by the act JWT's issuer (`expectedIssuer`, the sending app), so with an
   * `InMemoryReplayStore` one sender's flood never crowds another sender (of another issuer) out.
   * The key is `act-jwt:<iss>:<jti>`, or `act-jwt-sha256:` and the base64url SHA-256 of `[iss, jti]`
   * when the issuer holds `:` or the key would pass 256 characters: a namespace of its own, so the
   * store can be shared with the API guard's act assertion and DPoP proof claims.
   */
  replayStore?: ReplayStore | undefined;
  /**
   * Per-human cut-offs set by `endDelegation`: an act JWT for a human issued at or before that
   * human's cut-off, or within `clockToleranceSeconds` after it (the application's clock may run
   * that far ahead: fail closed), is refused (`revoked`). Share it (Redis) across agent
   * instances, with the same store as `endDelegation`. Default: none.
   */
  cutoffStore?: DelegationCutoffStore | undefined;
  /** Accept an `http://` JWKS URL on loopback (local development). Default false. */
  allowInsecureLoopback?: boolean | undefined;
  /** Used for the JWKS; looked up at call time. */
  fetch?: typeof globalThis.fetch | undefined;
  clock?: Clock | undefined;
  logger?: Logger | undefined;
}

/** The option names of {@link ActJwtVerifierOptions}, for `refuseUnknownOptions`. */
export const ACT_JWT_VERIFIER_OPTIONS = {
  publicKey: true,
  algorithm: true,
  jwksUrl: true,
  jwksCooldownSeconds: true,
  algorithms: true,
  expectedAudience: true,
  expectedIssuer: true,
  clockToleranceSeconds: true,
  maxTokenBytes: true,
  maxLifetimeSeconds: true,
  replayStore: true,
  cutoffStore: true,
  allowInsecureLoopback: true,
  jwksCacheMaxAgeSeconds: true,
  jwksStaleIfErrorSeconds: true,
  fetch: true,
  clock: true,
  logger: true,
} as const satisfies KnownOptions<ActJwtVerifierOptions>;

/** Per-call overrides of {@link ActJwtVerifier.verify}. */
export interface VerifyActJwtOptions {
  expectedAudience?: string | undefined;
  expectedIssuer?: string | undefined;
  /**
   * The caller's: when it aborts, the verification stops waiting for the app's key (its import,
   * or the JWKS fetch), the human's cut-off read and the `jti` claim, and rejects with
   * `signal.reason` (also when already aborted). What was sent goes on: a claim already sent may
   * still spend the `jti`, so the act JWT may not be presented again.
   */
  signal?: AbortSignal | undefined;
}

const VERIFY_OPTIONS = {
  expectedAudience: true,
  expectedIssuer: true,
  signal: true,
} as const satisfies KnownOptions<VerifyActJwtOptions>;

// What `verify(token)` reads when given no options: nothing of the caller's to check or copy.
const NO_OPTIONS: VerifyActJwtOptions = /* @__PURE__ */ Object.freeze(
  /* @__PURE__ */ Object.create(null),
);

// The caller's per-call options, checked, own properties only: an `expectedAudience` set on a
// polluted Object.prototype would override the verifier's own and accept act JWTs sent to
// another agent.
function callOptions(given: VerifyActJwtOptions): VerifyActJwtOptions {
  checkValue(given, 'options', 'object');
  const options = readOptions(given, VERIFY_OPTIONS, 'ActJwtVerifier.verify');
  checkValue(options.signal, 'options.signal', 'signal');
  refuseInexactAudience(options.expectedAudience, 'expectedAudience');
  return options;
}

/** A verified act JWT. */
export interface VerifiedActJwt {
  act: Act;
  jti: string;
  /** Seconds since the epoch. */
  exp: number;
  /** When the act JWT was issued (the delegation began), in seconds since the epoch. */
  iat: number;
  /**
   * The human's delegation cut-off read while verifying (with a `cutoffStore`), in ms since the
   * epoch; absent when none is kept. It is before `iat`: tokens issued at or before it are stale.
   */
  cutoffMs?: number | undefined;
}

/** Longest JWKS response read, in bytes: ample for dozens of keys. */
const MAX_JWKS_BYTES = 65_536; // 64 * 1024

const ALGORITHMS: readonly AsymmetricAlgorithm[] = ['RS256', 'PS256', 'ES256', 'EdDSA'];
const JWKS_ALGORITHMS: readonly AsymmetricAlgorithm[] = ['RS256', 'ES256', 'EdDSA'];

const EVENTS: Partial<Record<ActVerificationReason, string>> = {
  expired: 'jwt_expired',
  wrong_audience: 'jwt_invalid_audience',
  bad_signature: 'jwt_invalid_signature',
  replayed: 'jwt_replay_detected',
  invalid_act: 'jwt_invalid_act',
  revoked: 'jwt_delegation_ended',
};

interface KeySet {
  readonly keys: VerificationKeys;
  readonly algorithms: readonly AsymmetricAlgorithm[];
}

// The keys themselves once known, so a verification does not wait a turn for a settled import.
type KeySource = () => KeySet | Promise<KeySet>;

/** What one verification is checked against. */
interface VerifyContext extends KeySet {
  readonly audience: string;
  readonly issuer: string;
}

const LABEL = 'Act JWT';
// What to do, after what happened: an act JWT lives for one request (HybridSender signs one per
// call, its jti claimed once by the verifier's replay store).
const EXPIRED =
  'has expired ("exp"): sign a new act JWT for each request; if new ones are refused too, check the clocks (NTP)';
const REPLAYED =
  'was already used (replayed jti): each act JWT is single-use; sign a new one for each request, a retry too';

/**
 * Refuses a JWT whose `typ` names another kind of token (RFC 8725 §3.11: a DPoP proof, an ID-JAG,
 * a logout token, a security event token; see `otherJwtKindOf`) signed with the app's key: it is
 * not an act JWT. `act+jwt` is one (`HybridSender`'s `typ`), and so is any other `typ`, `JWT` the
 * Python library's.
 */
function refuseOtherJwtKind(typ: unknown): void {
  const kind = otherJwtKindOf(typ, 'act+jwt');
  if (kind === undefined) return;
  refuseJwt(
    LABEL,
    'malformed',
    `is ${kind}, not an act JWT: send the act JWT that HybridSender signed`,
    {
      claim: 'typ',
    },
  );
}

/**
 * A `wrong_issuer` refusal told what to align: core's message says only that the issuer is
 * unexpected, and a receiver ported with the Python README's `expected_issuer='your-app'` refuses
 * every act JWT of a sender left at its default. Quotes the expected issuer (configuration), never
 * the token's `iss`.
 */
function withIssuerAdvice(error: unknown, issuer: string): unknown {
  if (!ActVerificationError.isInstance(error) || error.reason !== 'wrong_issuer') return error;
  return new ActVerificationError({
    reason: 'wrong_issuer',
    message:
      `${error.message}: expectedIssuer is ${JSON.stringify(issuer)}; give the sender's ` +
      `HybridSender issuer (default "application", as in Python) the same value`,
    claim: 'iss',
  });
}
// `act-jwt:<iss>:<jti>` or `act-jwt-sha256:…`: a store shared with a guard (its `act-assertion`
// and `dpop-proof-sha256` keys) never lets an act JWT spend an act assertion's or a proof's key.
const REPLAY_NAMESPACE = 'act-jwt';

/**
 * Verifies signed act JWTs from a web app (`HybridSender.prepareOutOfSessionAct`, Python's too)
 * with core's one verification routine (`verifyJwt` of `@dual-auth/core/jwt`, the one
 * `@dual-auth/resource` uses): size cap, strict compact form, an algorithm allow-list fixed by the
 * key, every JWKS candidate tried, the signature, `iss`, `aud`, `exp`, `iat`, `nbf` with a small
 * leeway, a lifetime cap, a mandatory `jti` claimed once in a {@link ReplayStore}, and an `act`
 * by core's act rules (`findActProblem`: a nested `act` is refused, never ignored). Every refusal
 * is an `ActVerificationError` with a `reason`; no message contains the token.
 *
 * @example
 * const verifier = new ActJwtVerifier({ publicKey: appPublicKeyPem, expectedAudience: 'https://agent.example.com/invoke' });
 * const { act } = await verifier.verify(actJwt);
 */
export class ActJwtVerifier {
  readonly #keySource: KeySource;
  readonly #audience: string | undefined;
  readonly #issuer: string;
  readonly #leeway: number;
  readonly #maxTokenBytes: number;
  readonly #maxLifetime: number;
  readonly #replayStore: ReplayStore;
  readonly #cutoffStore: DelegationCutoffStore | undefined;
  readonly #clock: Clock;
  readonly #logger: Logger;
  readonly #logSwitch = new LogSwitchMemo();

  constructor(given: ActJwtVerifierOptions) {
    checkValue(given, 'options', 'object');
    // Own properties only: a polluted Object.prototype must set no expectedIssuer, publicKey or
    // allowInsecureLoopback of this verifier.
    const options = readOptions(given, ACT_JWT_VERIFIER_OPTIONS, 'new ActJwtVerifier');
    if (
      options === undefined ||
      (options.publicKey === undefined) === (options.jwksUrl === undefined)
    ) {
      throw new TypeError('ActJwtVerifier: give exactly one of publicKey and jwksUrl');
    }
    for (const name of ['expectedAudience', 'expectedIssuer'] as const) {
      checkOption(options, name, 'string');
    }
    refuseInexactAudience(options.expectedAudience, 'expectedAudience');
    checkOption(options, 'allowInsecureLoopback', 'boolean');
    checkOption(options, 'fetch', 'function');
    checkOption(options, 'replayStore', 'replayStore');
    if (options.cutoffStore !== undefined) {
      requireValue(options.cutoffStore.cutoffOf, 'options.cutoffStore.cutoffOf', 'function');
    }
    if (options.algorithm !== undefined && !ALGORITHMS.includes(options.algorithm)) {
      throw new TypeError(`ActJwtVerifier: algorithm must be one of ${ALGORITHMS.join(', ')}`);
    }
    for (const name of [
      'algorithms',
      'jwksCooldownSeconds',
      'jwksCacheMaxAgeSeconds',
      'jwksStaleIfErrorSeconds',
    ] as const) {
      if (options[name] !== undefined && options.jwksUrl === undefined) {
        throw new TypeError(`ActJwtVerifier: ${name} applies to jwksUrl, not to publicKey`);
      }
    }
    checkOption(options, 'clock', 'clock');
    checkOption(options, 'logger', 'logger');
    this.#audience = options.expectedAudience;
    this.#issuer = options.expectedIssuer ?? 'application';
    this.#leeway = actJwtClockTolerance(options);
    this.#maxTokenBytes = checkOption(options, 'maxTokenBytes', 'positiveInteger') ?? 8192;
    this.#maxLifetime =
      checkSecondsOption(
        options,
        'maxLifetimeSeconds',
        'positiveInteger',
        MAX_ACT_JWT_LIFETIME_SECONDS,
        ACT_JWT_LIVES_MINUTES,
      ) ?? 300;
    this.#clock = options.clock ?? systemClock;
    this.#replayStore = options.replayStore ?? defaultReplayStore(this.#clock);
    this.#cutoffStore = options.cutoffStore;
    this.#logger = loggerOrDefault(options.logger);
    this.#keySource =
      options.publicKey === undefined
        ? jwksSource(options, this.#clock, this.#logger)
        : publicKeySource(options, this.#logger);
  }

  /**
   * Verifies `actJwt` and claims its `jti`. Resolves the act and the token's `jti` and `exp`.
   *
   * @throws ActVerificationError with a `reason` when the token is refused.
   * @throws ConfigurationError when the configured key cannot be used, or `expectedAudience`
   *   holds whitespace or an invisible character.
   * @throws TypeError when no expected audience is known, `options.signal` is no `AbortSignal`,
   *   or `options` has a key that is not an option.
   * @throws `options.signal.reason` when the signal aborts before the verification is done.
   */
  async verify(actJwt: string, given?: VerifyActJwtOptions): Promise<VerifiedActJwt> {
    const options = given === undefined ? NO_OPTIONS : callOptions(given);
    const { signal } = options;
    const audience = options.expectedAudience ?? this.#audience;
    if (typeof audience !== 'string' || audience === '') {
      throw new TypeError(
        'expectedAudience is required, the URL of this agent endpoint as the sender signed for it: pass { expectedAudience } to this call or to the constructor (new OutOfSessionTokenRequest({ …, expectedAudience }))',
      );
    }
    const issuer = options.expectedIssuer ?? this.#issuer;
    const source = this.#keySource();
    const { keys, algorithms } =
      source instanceof Promise ? await raceAbort(source, signal) : source;
    const context: VerifyContext = { keys, algorithms, audience, issuer };
    try {
      const verified = await withSpan(
        'dual_auth.act_jwt.verify',
        // Built only when a span is made: nothing per token while tracing is off.
        { attributes: () => ({ 'dual_auth.audience': audience, 'dual_auth.issuer': issuer }) },
        (span) => this.#verify(actJwt, context, signal, span),
      );
      this.#logSwitch.activeLogger(this.#logger, this.#clock.now())?.info('jwt_verified', {
        human_id: humanIdForLogging(verified.act),
        exp: verified.exp,
        jti: verified.jti,
        audience,
      });
      return verified;
    } catch (error) {
      if (ActVerificationError.isInstance(error)) {
        countMetric('dual_auth.verification.failures', {
          'dual_auth.credential': 'act_jwt',
          'dual_auth.reason': error.reason,
        });
        this.#logger.warn(EVENTS[error.reason] ?? 'jwt_invalid', {
          reason: error.reason,
          audience,
        });
      }
      throw error;
    }
  }

  // One async frame from the parse to the replay claim: each frame more is main-thread work on
  // every token (docs/performance.md, Session 21).
  async #verify(
    token: unknown,
    context: VerifyContext,
    signal: AbortSignal | undefined,
    span: TelemetrySpan,
  ): Promise<VerifiedActJwt> {
    let act: Act | undefined;
    try {
      // The JWKS lookup is inside: a fetch deaf to the signal is not waited for.
      const verifying = verifyJwt(token, {
        label: LABEL,
        keys: context.keys,
        algorithms: context.algorithms,
        issuer: context.issuer,
        audience: context.audience,
        nowMs: this.#clock.now(),
        clockToleranceSeconds: this.#leeway,
        maxTokenBytes: this.#maxTokenBytes,
        maxLifetimeSeconds: this.#maxLifetime,
        requireJti: true,
        expired: EXPIRED,
      });
      const { header, claims, checked } = await raceAbort(verifying, signal);
      refuseOtherJwtKind(header.typ);
      act = readActClaim(LABEL, claims.act);
      // Off Node, the digest an email-shaped id is logged as: computed once, before every line and
      // audit record about this human (core's humanIdForLogging reads it from the object).
      const preparing = prepareHumanIdForLogging(act);
      if (preparing !== undefined) await preparing;
      // The signature verified: a refusal from here on (an ended delegation, a replay, a store
      // down) names the human it verified for in the request's audit record.
      const cutoffMs =
        this.#cutoffStore === undefined
          ? undefined
          : await raceAbort(
              refuseEndedDelegation(this.#cutoffStore, act, checked.iat, this.#leeway),
              signal,
            );
      const jti = checked.jti as string;
      const expiresAt = (checked.exp + this.#leeway) * 1000;
      const first = await raceAbort(this.#claim(jti, expiresAt, context.issuer), signal);
      if (!first) refuseJwt(LABEL, 'replayed', REPLAYED, { claim: 'jti' });
      span.setAttributes({ 'dual_auth.human.id': humanIdForLogging(act) });
      const verified = { act, jti, exp: checked.exp, iat: checked.iat };
      return cutoffMs === undefined ? verified : { ...verified, cutoffMs };
    } catch (caught) {
      const error = withIssuerAdvice(caught, context.issuer);
      if (ActVerificationError.isInstance(error)) span.fail(error.reason);
      throw act === undefined ? error : withVerifiedAct(error, act);
    }
  }

  // Claims `jti` until `expiresAt` (ms) in the share of `issuer` (verified: the token's `iss`),
  // under a key of the act JWT's own namespace (see namespacedReplayKey: a store shared with a
  // guard keeps act assertions and DPoP proofs apart); a store that throws refuses the token.
  async #claim(jti: string, expiresAt: number, issuer: string): Promise<boolean> {
    try {
      const key = namespacedReplayKey(REPLAY_NAMESPACE, issuer, jti);
      // No binding: an act JWT is strictly single-use, whoever presents it again.
      return await this.#replayStore.claim(typeof key === 'string' ? key : await key, expiresAt, {
        partition: issuer,
      });
    } catch (cause) {
      // A clock that made the store refuse is named (core's replayStoreClockAdvice): the fix is NTP.
      const clock = replayStoreClockAdvice(cause);
      if (StoreUnavailableError.isInstance(cause)) {
        const why = clock ?? 'the replay store did not answer';
        refuseJwt(
          LABEL,
          'replay_store_unavailable',
          `could not be checked for replay: ${why}; refused`,
          { cause },
        );
      }
      // Another failure, as a ReplayStoreFullError (full, or its clock went back).
      const because = clock === undefined ? '' : `: ${clock}`;
      refuseJwt(
        LABEL,
        'replay_check_failed',
        `could not be checked for replay${because}; refused`,
        {
          cause,
        },
      );
    }
  }
}

/**
 * The clock tolerance an act JWT verifier built from `options` applies, in seconds (default 5).
 *
 * @throws TypeError when `clockToleranceSeconds` is not a finite number >= 0.
 */
export function actJwtClockTolerance(options: ActJwtVerifierOptions): number {
  return checkOption(options, 'clockToleranceSeconds', 'toleranceSeconds') ?? 5;
}

// The key is checked now and its import starts now, so a bad key fails the constructor.
function publicKeySource(options: ActJwtVerifierOptions, logger: Logger): KeySource {
  const { publicKey, algorithm } = options;
  // A KeyObject (it has export()) is read by importVerificationKey alone.
  const keyObject =
    typeof publicKey === 'object' &&
    publicKey !== null &&
    typeof (publicKey as { export?: unknown }).export === 'function';
  const failed = (error: unknown): void =>
    logger.error('public_key_load_error', {
      error_type: errorClassOf(error),
    });
  if (!keyObject) {
    try {
      checkKeyInput(publicKey as KeyInput, { kind: 'public', alg: algorithm, name: 'publicKey' });
    } catch (error) {
      failed(error);
      throw error;
    }
  }
  let ready: KeySet | undefined;
  const imported = importVerificationKey(publicKey as VerificationKeyInput, algorithm).then(
    ({ key, algorithm }) => {
      ready = { keys: key, algorithms: [algorithm] };
      return ready;
    },
  );
  imported.then(({ algorithms }) => logger.info('public_key_loaded', { algorithms }), failed);
  return () => ready ?? imported;
}

// 2^31-1 ms, the longest timer, in whole seconds: checked here so that the message names the
// option the caller passed, not core's `cacheMaxAgeMs` (a day in milliseconds, 86_400_000, would
// otherwise hold keys 1000 days).
const MAX_JWKS_AGE_SECONDS = 2_147_483;

function jwksAgeOf(
  options: ActJwtVerifierOptions,
  name: 'jwksCacheMaxAgeSeconds' | 'jwksStaleIfErrorSeconds',
): number | undefined {
  return checkSecondsOption(
    options,
    name,
    'number',
    MAX_JWKS_AGE_SECONDS,
    '2^31-1 ms, the longest timer, about 24.8 days',
  );
}

function jwksSource(options: ActJwtVerifierOptions, clock: Clock, logger: Logger): KeySource {
  const url = assertHttpsUrl(options.jwksUrl as string | URL, {
    name: 'jwksUrl',
    allowInsecureLoopback: options.allowInsecureLoopback,
  });
  const algorithms = options.algorithms ?? JWKS_ALGORITHMS;
  if (!Array.isArray(algorithms) || algorithms.some((alg) => !ALGORITHMS.includes(alg))) {
    throw new TypeError('ActJwtVerifier: algorithms must be a list of RS256, PS256, ES256, EdDSA');
  }
  const given = checkOption(options, 'jwksCooldownSeconds', 'number');
  const maxAge = jwksAgeOf(options, 'jwksCacheMaxAgeSeconds');
  const stale = jwksAgeOf(options, 'jwksStaleIfErrorSeconds');
  const cooldownMs = checkJwksCooldown({
    name: 'ActJwtVerifier: jwksCooldownSeconds',
    unit: 'seconds',
    rangeNames: 'jwksCacheMaxAgeSeconds + jwksStaleIfErrorSeconds',
    cooldown: given,
    cacheMaxAge: maxAge,
    staleIfError: stale,
  });
  const jwks = createRemoteJwks(url, {
    allowInsecureLoopback: options.allowInsecureLoopback === true,
    cooldownMs,
    ...(maxAge === undefined ? {} : { cacheMaxAgeMs: Math.round(maxAge * 1000) }),
    ...(stale === undefined ? {} : { staleIfErrorMs: Math.round(stale * 1000) }),
    clock,
    logger,
    maxBytes: MAX_JWKS_BYTES,
    ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
  });
  const source: KeySet = { keys: jwks, algorithms };
  return () => source;
}
