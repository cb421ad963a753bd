import {
  type Clock,
  checkOption,
  type KnownOptions,
  readOptions,
  requireValue,
  systemClock,
} from '@dual-auth/core';
import {
  type AsymmetricAlgorithm,
  assertHttpsUrl,
  BodyTooLargeError,
  checkKeyInput,
  createClientAssertion,
  encodeForm,
  type FormFields,
  JWT_BEARER_ASSERTION_TYPE,
  type KeyInput,
  readBoundedBody,
  safeFetchCause,
} from '@dual-auth/core/adapter-kit';
import { parseJsonObject } from '@dual-auth/core/jwt';
import { accessTokenDigest } from './access-token-digest.js';
import { clientLeft } from './client-left.js';
import { concurrencyLimit } from './concurrency-limit.js';
import { deepFreeze } from './deep-freeze.js';
import { DualSubjectVerificationError } from './dual-subject-verification-error.js';
import { type AnswerTimes, isFresh } from './fresh-answer.js';
import { setBounded } from './set-bounded.js';
import { SingleFlight } from './single-flight.js';

/** Options of {@link createTokenIntrospection}: where the IdP's RFC 7662 endpoint is, and how the API signs in. */
export interface TokenIntrospectionOptions {
  /** The IdP's introspection endpoint (HTTPS; loopback HTTP only with `allowInsecureLoopback`). */
  endpoint: string;
  /**
   * The issuer whose tokens this endpoint answers for (its `iss`, exactly as the guard's
   * `options.issuer` lists it). An answer naming another issuer is refused `wrong_issuer` (401):
   * one IdP's endpoint never vouches for another IdP's tokens (a mix-up). Required by a guard
   * whose `options.issuer` names issuers of several identity providers (as `IssuerKeyMap` keeps
   * their JWTs apart); with one IdP the answer is checked against `options.issuer` as a JWT is.
   */
  issuer?: string | undefined;
  /** The API's own client id at the IdP (RFC 7662 §2.1: the caller must be authorized). */
  clientId: string;
  /** `client_secret_basic` (RFC 6749 §2.3.1). Give this or `privateKey`. */
  clientSecret?: string | undefined;
  /** `private_key_jwt` (RFC 7523): the API client's private key (PEM, JWK or `CryptoKey`). */
  privateKey?: KeyInput | undefined;
  /** Algorithm of the `private_key_jwt` assertion: `RS256` (default), `PS256`, `ES256` or `EdDSA`. */
  privateKeyAlgorithm?: AsymmetricAlgorithm;
  /** `aud` of the `private_key_jwt` assertion (the IdP's issuer or token URL); default the endpoint. */
  assertionAudience?: string;
  fetch?: typeof fetch;
  /** Allow `http://` to a loopback address (tests only). */
  allowInsecureLoopback?: boolean;
  /**
   * How long one introspection may take, in ms, waiting for a free call included; then the
   * request gets 503. Default 2000.
   */
  timeoutMs?: number;
  /**
   * Most calls to the endpoint in flight at once; more wait in line (first come first served).
   * A flood of distinct made-up tokens then costs the IdP (its rate limit for this client) and
   * this API's sockets at most this many calls at a time. Default 32.
   */
  maxConcurrentIntrospections?: number;
  /**
   * Most introspections waiting for a free call, each for at most `timeoutMs`; one more is shed
   * at once with 503 (`introspection_unavailable`, `Retry-After`). Default 256.
   */
  maxQueuedIntrospections?: number;
  /** Largest answer read, in bytes; a larger one is an outage (503), not an answer. Default 16384. */
  maxResponseBytes?: number;
  /**
   * Longest time a positive answer is reused, in ms (never past the token's `exp`). A revoked
   * token keeps working here for at most this long: a clock stepped back to before the answer
   * came ends its reuse. Default 60 000.
   */
  maxCacheMs?: number;
  /** Most positive answers kept; the oldest go first. Default 10 000. */
  maxEntries?: number;
  /**
   * How long an `active: false` answer is remembered, in ms, so a token the IdP does not know
   * (garbage sent again and again) costs it one call per this long, not one per request. A token
   * the IdP wrongly said inactive (a replica not yet aware of a token just issued) stays refused
   * here for this long too: a longer time spares the IdP more, and refuses such a token longer.
   * Default 5000; `0` asks every time.
   */
  inactiveCacheMs?: number;
  /**
   * Most `active: false` answers kept, apart from the positive ones (a flood of unknown tokens
   * evicts none of those); the oldest go first. Default 10 000.
   */
  maxInactiveEntries?: number;
  clock?: Clock;
}

const OPTIONS = {
  endpoint: true,
  issuer: true,
  clientId: true,
  clientSecret: true,
  privateKey: true,
  privateKeyAlgorithm: true,
  assertionAudience: true,
  fetch: true,
  allowInsecureLoopback: true,
  timeoutMs: true,
  maxConcurrentIntrospections: true,
  maxQueuedIntrospections: true,
  maxResponseBytes: true,
  maxCacheMs: true,
  maxEntries: true,
  inactiveCacheMs: true,
  maxInactiveEntries: true,
  clock: true,
} as const satisfies KnownOptions<TokenIntrospectionOptions>;

/** Reads opaque tokens at the IdP; one per API, shared by its requests (it holds the cache). */
export interface TokenIntrospection {
  /**
   * The issuer this endpoint answers for, when {@link createTokenIntrospection} was given one:
   * the guard checks an answer's `iss` against it alone.
   */
  readonly issuer?: string | undefined;
  /**
   * The claims of an active token, as the IdP answered them (`active: true` included).
   *
   * @param options.signal - The request's: when it aborts, the request leaves the line of
   *   introspections at once, and the IdP call is cancelled unless another request with the same
   *   token still waits for its answer.
   * @throws DualSubjectVerificationError `inactive` (401) when the IdP says `active: false`;
   * `introspection_unavailable` (503) when no usable answer came in time (never cached), or the
   *   `signal` aborted first with a reason other than an `AbortError` (a `TimeoutError`: the
   *   app's deadline, the client still waits).
   * @throws the `signal`'s reason when it aborted first with an `AbortError` (as `fetch` does):
   *   the client went away, which is no outage (the guard audits it `request_aborted`).
   */
  introspect(
    token: string,
    options?: IntrospectOptions,
  ): Promise<Readonly<Record<string, unknown>>>;
}

/** What {@link TokenIntrospection.introspect} takes besides the token. */
export interface IntrospectOptions {
  /** The request's signal: aborting it gives up the wait (see `introspect`). */
  signal?: AbortSignal | undefined;
}

interface CachedAnswer extends AnswerTimes {
  claims: Readonly<Record<string, unknown>>;
}

const DEFAULT_TIMEOUT_MS = 2_000;
const DEFAULT_MAX_RESPONSE_BYTES = 16_384;
const DEFAULT_MAX_CACHE_MS = 60_000;
const DEFAULT_MAX_ENTRIES = 10_000;
const DEFAULT_INACTIVE_CACHE_MS = 5_000;
const DEFAULT_MAX_CONCURRENT_INTROSPECTIONS = 32;
const DEFAULT_MAX_QUEUED_INTROSPECTIONS = 256;

function inactive(): DualSubjectVerificationError {
  return new DualSubjectVerificationError({
    credential: 'access_token',
    reason: 'inactive',
    message: 'Access token is not active (revoked, expired or unknown to the IdP)',
  });
}

// The cause as `safeFetchCause` copies it: what `fetch` threw may keep the request it sent (the
// token introspected in its body, the API's client secret in its header) or quote its URL.
function unavailable(message: string, cause?: unknown): DualSubjectVerificationError {
  return new DualSubjectVerificationError({
    credential: 'access_token',
    reason: 'introspection_unavailable',
    message: `Access token could not be introspected: ${message}`,
    ...(cause === undefined ? {} : { cause: safeFetchCause(cause) }),
  });
}

// What `privateKeyAlgorithm` may be: the client assertion's JWS algorithm (core signs these).
const PRIVATE_KEY_ALGORITHMS: readonly AsymmetricAlgorithm[] = ['RS256', 'PS256', 'ES256', 'EdDSA'];

function checkIntrospectionOptions(options: TokenIntrospectionOptions): void {
  requireValue(options, 'options', 'object');
  requireValue(options.clientId, 'options.clientId', 'string');
  checkOption(options, 'clientSecret', 'string');
  checkOption(options, 'assertionAudience', 'string');
  checkOption(options, 'issuer', 'string');
  checkOption(options, 'fetch', 'function');
  checkOption(options, 'allowInsecureLoopback', 'boolean');
  if ((options.clientSecret === undefined) === (options.privateKey === undefined)) {
    throw new TypeError(
      'Give exactly one of options.clientSecret (client_secret_basic) and options.privateKey (private_key_jwt)',
    );
  }
  const alg = options.privateKeyAlgorithm;
  if (alg !== undefined && !PRIVATE_KEY_ALGORITHMS.includes(alg)) {
    throw new TypeError(
      `options.privateKeyAlgorithm must be one of ${PRIVATE_KEY_ALGORITHMS.join(', ')}`,
    );
  }
  if (options.privateKey !== undefined) {
    // Read now, not on the first request: a key that cannot sign would answer every request 503.
    checkKeyInput(options.privateKey, {
      kind: 'private',
      alg: options.privateKeyAlgorithm ?? 'RS256',
      name: 'options.privateKey',
      algorithmOption: 'privateKeyAlgorithm',
    });
  }
  assertHttpsUrl(requireValue(options.endpoint, 'options.endpoint', 'string'), {
    name: 'options.endpoint',
    allowInsecureLoopback: options.allowInsecureLoopback ?? false,
  });
}

/**
 * Introspects opaque access tokens (RFC 7662) for `@dual-auth/resource`: the API authenticates
 * with a client secret or `private_key_jwt`; a positive answer is reused until the token's `exp`
 * or `maxCacheMs`, whichever comes first; an `active: false` answer for `inactiveCacheMs`, kept
 * apart (at most `maxInactiveEntries`), so the same unknown token sent again costs the IdP no
 * call; concurrent requests with one token share one call; at most
 * `maxConcurrentIntrospections` calls are in flight, the rest wait in line (first come first
 * served, at most `maxQueuedIntrospections`, within `timeoutMs`) or are shed as outages (503);
 * errors, timeouts, non-200 answers, bodies past `maxResponseBytes`, answers that are not a JSON
 * object naming each member once (at any depth, as a JWT's claims: RFC 7519 §4) and answers
 * without a boolean `active` are outages (503), never cached and never read as "inactive". Tokens are cached under
 * their SHA-256 digest, never in clear.
 *
 * @throws TypeError naming a wrong or unknown option.
 * @throws ConfigurationError (or TypeError) when `privateKey` cannot sign `privateKeyAlgorithm`'s
 *   assertion (no private key, not a key, another key type): named, its value never shown.
 * @example
 * const introspection = createTokenIntrospection({
 *   endpoint: 'https://kc.example/realms/agbac/protocol/openid-connect/token/introspect',
 *   clientId: 'finance-api',
 *   clientSecret: process.env.FINANCE_API_SECRET,
 * });
 * const guard = createDualAuthGuard({ ...verify, introspection, agentAllowed, humanAllowed });
 */
export function createTokenIntrospection(given: TokenIntrospectionOptions): TokenIntrospection {
  // Own options only: an inherited fetch would get the client secret, allowInsecureLoopback http:.
  const options = readOptions(given, OPTIONS, 'createTokenIntrospection');
  checkIntrospectionOptions(options);
  const timeoutMs = checkOption(options, 'timeoutMs', 'timeoutMs') ?? DEFAULT_TIMEOUT_MS;
  const maxBytes =
    checkOption(options, 'maxResponseBytes', 'positiveInteger') ?? DEFAULT_MAX_RESPONSE_BYTES;
  const maxCacheMs = checkOption(options, 'maxCacheMs', 'milliseconds') ?? DEFAULT_MAX_CACHE_MS;
  const maxEntries = checkOption(options, 'maxEntries', 'positiveInteger') ?? DEFAULT_MAX_ENTRIES;
  const inactiveCacheMs =
    checkOption(options, 'inactiveCacheMs', 'milliseconds') ?? DEFAULT_INACTIVE_CACHE_MS;
  const maxInactiveEntries =
    checkOption(options, 'maxInactiveEntries', 'positiveInteger') ?? DEFAULT_MAX_ENTRIES;
  const maxConcurrent =
    checkOption(options, 'maxConcurrentIntrospections', 'positiveInteger') ??
    DEFAULT_MAX_CONCURRENT_INTROSPECTIONS;
  const maxQueued =
    checkOption(options, 'maxQueuedIntrospections', 'positiveInteger') ??
    DEFAULT_MAX_QUEUED_INTROSPECTIONS;
  const clock = checkOption(options, 'clock', 'clock') ?? systemClock;
  const inTurn = concurrencyLimit(maxConcurrent, maxQueued);
  const send = options.fetch ?? globalThis.fetch;
  const answers = new Map<string, CachedAnswer>();
  // Digest → until when (ms) the IdP's `active: false` stands.
  const refused = new Map<string, number>();
  const flights = new SingleFlight<Readonly<Record<string, unknown>>>();

  const authentication = async (): Promise<{
    headers: Record<string, string>;
    fields: FormFields;
  }> => {
    if (options.clientSecret !== undefined) {
      // RFC 6749 §2.3.1: each part form-encoded before base64.
      const user = encodeForm([['', options.clientId]]).slice(1);
      const password = encodeForm([['', options.clientSecret]]).slice(1);
      return { headers: { authorization: `Basic ${btoa(`${user}:${password}`)}` }, fields: [] };
    }
    const assertion = await createClientAssertion({
      agentId: options.clientId,
      audience: options.assertionAudience ?? options.endpoint,
      alg: options.privateKeyAlgorithm ?? 'RS256',
      privateKey: options.privateKey as KeyInput,
      clock,
    });
    return {
      headers: {},
      fields: [
        ['client_id', options.clientId],
        ['client_assertion_type', JWT_BEARER_ASSERTION_TYPE],
        ['client_assertion', assertion],
      ],
    };
  };

  const ask = async (
    token: string,
    deadline: AbortSignal,
  ): Promise<Readonly<Record<string, unknown>>> => {
    const { headers, fields } = await authentication();
    let response: Response;
    try {
      response = await send(options.endpoint, {
        method: 'POST',
        headers: {
          ...headers,
          'content-type': 'application/x-www-form-urlencoded',
          accept: 'application/json',
        },
        body: encodeForm([['token', token], ['token_type_hint', 'access_token'], ...fields]),
        redirect: 'error',
        signal: deadline,
      });
    } catch (cause) {
      throw unavailable('the endpoint did not answer in time', cause);
    }
    if (response.status !== 200) {
      await response.body?.cancel().catch(() => undefined);
      throw unavailable(`the endpoint answered HTTP ${response.status}`);
    }
    let bytes: Uint8Array;
    try {
      bytes = await readBoundedBody(response, maxBytes);
    } catch (cause) {
      if (BodyTooLargeError.isInstance(cause)) {
        throw unavailable(`the answer is larger than ${maxBytes} bytes`);
      }
      throw unavailable('the answer was cut off', cause);
    }
    // Read as a JWT's claims are (parseJsonObject): strict UTF-8, a JSON object naming no member
    // twice at any depth (JSON.parse keeps the last `active` of two), every object on a null
    // prototype so that only the IdP's own members count.
    const claims = parseJsonObject(bytes);
    if (claims === undefined) {
      throw unavailable('the answer is not a JSON object, or names a member twice');
    }
    if (typeof claims.active !== 'boolean') throw unavailable('the answer has no boolean "active"');
    if (!claims.active) throw inactive();
    // Frozen all through: the cache hands this very object to every request with the token.
    return deepFreeze(claims);
  };

  const remember = (key: string, claims: Readonly<Record<string, unknown>>): void => {
    const nowMs = clock.now();
    const expMs = typeof claims.exp === 'number' ? claims.exp * 1000 : nowMs;
    const expiresAtMs = Math.min(expMs, nowMs + maxCacheMs);
    if (expiresAtMs <= nowMs) return;
    setBounded(answers, key, { claims, storedAtMs: nowMs, expiresAtMs }, maxEntries);
  };

  const rememberRefusal = (key: string): void => {
    if (inactiveCacheMs === 0) return;
    setBounded(refused, key, clock.now() + inactiveCacheMs, maxInactiveEntries);
  };

  const shed = () =>
    unavailable(`${maxConcurrent} calls are in flight and ${maxQueued} more wait; try again later`);

  // One deadline for the wait in line and the call: the request's answer comes within `timeoutMs`.
  // `abandoned` aborts once no request waits for this token's answer: its place in line and its
  // call go at once, not at the deadline.
  const askInTurn = (token: string, abandoned: AbortSignal) => {
    const deadline = AbortSignal.timeout(timeoutMs);
    const stop = AbortSignal.any([deadline, abandoned]);
    return inTurn(() => ask(token, stop), stop, shed).catch((error: unknown) => {
      // `ask` wraps its own timeout: the deadline's reason itself comes from the wait in line.
      if (error === deadline.reason) throw unavailable(`no call was free within ${timeoutMs} ms`);
      throw error;
    });
  };

  const introspectOnce = async (token: string, key: string, abandoned: AbortSignal) => {
    try {
      const claims = await askInTurn(token, abandoned);
      remember(key, claims);
      return claims;
    } catch (error) {
      if (DualSubjectVerificationError.isInstance(error) && error.reason === 'inactive') {
        rememberRefusal(key);
      }
      throw error;
    }
  };

  return {
    ...(options.issuer === undefined ? {} : { issuer: options.issuer }),
    async introspect(token, introspectOptions) {
      const signal = checkOption<AbortSignal>(introspectOptions ?? {}, 'signal', 'object');
      const key = await accessTokenDigest(token);
      const nowMs = clock.now();
      const cached = answers.get(key);
      if (cached !== undefined) {
        // A clock stepped back never extends the reuse past maxCacheMs (nor a revoked token's life).
        if (isFresh(cached, nowMs)) return cached.claims;
        answers.delete(key);
      }
      const refusedUntilMs = refused.get(key);
      if (refusedUntilMs !== undefined) {
        if (refusedUntilMs > nowMs) throw inactive();
        refused.delete(key);
      }
      try {
        return await flights.run(key, (abandoned) => introspectOnce(token, key, abandoned), signal);
      } catch (error) {
        // A deadline of the app's own (a TimeoutError) gave up on a client still waiting: an
        // outage it may retry, not a client gone.
        if (error === signal?.reason && !clientLeft(signal)) {
          throw unavailable('the request signal aborted before the answer came', error);
        }
        throw error;
      }
    },
  };
}
