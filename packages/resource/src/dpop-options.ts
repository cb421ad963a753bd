import {
  type Clock,
  ConfigurationError,
  checkSecondsOption,
  checkValue,
  InMemoryReplayStore,
  type KnownOptions,
  ownOptions,
  type ReplayStore,
} from '@dual-auth/core';
import { isLoopbackHost } from '@dual-auth/core/adapter-kit';
import { isJwsAlgorithm, type JwsAlgorithm } from '@dual-auth/core/jwt';
import { type DpopNonceOptions, type DpopNonces, resolveDpopNonces } from './dpop-nonce.js';

/**
 * How the guard checks DPoP proofs itself (RFC 9449 §4.3, §7.1): `Authorization: DPoP <token>`
 * with exactly one `DPoP: <proof>` header. Without `nonce` (default) no `DPoP-Nonce` is sent or
 * required, so a proof's freshness rests on its `iat` and its `jti`.
 */
export interface DpopOptions {
  /**
   * The proof signature algorithms accepted, also sent as the challenge's `algs` (§7.1); default
   * every asymmetric one (ES256, ES384, ES512, EdDSA, Ed25519, PS256…PS512, RS256…RS512). `none`
   * and HMAC are never accepted (§4.3 point 5). A wrong list throws a `TypeError` at creation.
   */
  algorithms?: readonly JwsAlgorithm[];
  /**
   * How long after its `iat` a proof is accepted, in seconds, plus the guard's
   * `clockToleranceSeconds`; a proof dated later than now plus that tolerance is refused too
   * (§4.3 point 11, §11.1). Default 60. Its `jti` is remembered that long. A number > 0 and at
   * most 3600 (an hour; a larger value is milliseconds by mistake: 60 000 would admit proofs made
   * 16 hours ahead), else a `TypeError` at creation. With `nonce`, the nonce dates the proof instead, unless
   * `nonce.creationTimeFrom` is `'iat'` (see {@link DpopNonceOptions.creationTimeFrom}).
   */
  proofMaxAgeSeconds?: number;
  /**
   * Remembers each proof's `jti` (with its key's thumbprint) until the proof is too old, so a
   * proof is accepted once (§11.1). Default one core `InMemoryReplayStore` per guard; several
   * instances of the API share one (`RedisReplayStore` of `@dual-auth/store-redis`), else a proof
   * replayed to another instance is accepted there.
   */
  replayStore?: ReplayStore;
  /**
   * The URL clients call this API at, when a proxy or load balancer in front changes what the
   * server sees (`https://api.example.com`, or with the prefix the proxy strips,
   * `https://api.example.com/finance`): the proof's `htu` is compared with it followed by the
   * request's path. Default: the request's own URL (`GuardInput.url`), which the Node
   * middlewares build from the `Host` header the client writes: set this in production. An
   * absolute `https:` URL without query or fragment, else a `TypeError` at creation; `http:` only
   * on a loopback host (`localhost`, 127.0.0.0/8, `[::1]`: local development), and no
   * `user:password@`, else a `ConfigurationError` (RFC 9449 §11.1, RFC 6750 §5.3: a token and its
   * proof sent in clear text can be read and replayed).
   */
  publicBaseUrl?: string;
  /**
   * Requires a server-provided nonce in every proof (RFC 9449 §8, §9; see {@link DpopNonceOptions}
   * for the shape): a proof without one, or with a stale or forged one, is refused 401
   * `WWW-Authenticate: DPoP error="use_dpop_nonce"` with a `DPoP-Nonce` header, audited
   * `dpop_proof.<reason>` (`missing_claim`, `malformed`, `expired`, `issued_in_future`); every
   * other answer to a DPoP request whose proof did not carry the current nonce (an admission once
   * it rotated) carries the current one too (§8.2). Checked after the proof's size, encoding and
   * `alg`, before its key is imported and its signature verified: one HMAC, cheaper than what an
   * unauthenticated proof costs without it. A proof is then dated by its nonce, not its `iat`
   * (§4.3 point 11; `nonce.creationTimeFrom`), so a client whose clock is wrong is admitted.
   * Default: off.
   */
  nonce?: DpopNonceOptions;
}

/** The option names of {@link DpopOptions}, for `refuseUnknownOptions`. */
export const DPOP_OPTIONS = {
  algorithms: true,
  proofMaxAgeSeconds: true,
  replayStore: true,
  publicBaseUrl: true,
  nonce: true,
} as const satisfies KnownOptions<DpopOptions>;

/** {@link DpopOptions} with their defaults, as the guard uses them. */
export interface ResolvedDpop {
  algorithms: readonly JwsAlgorithm[];
  proofMaxAgeSeconds: number;
  replayStore: ReplayStore;
  publicBaseUrl: URL | undefined;
  nonces: DpopNonces | undefined;
}

const DEFAULT_ALGORITHMS: readonly JwsAlgorithm[] = [
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
  'Ed25519',
  'PS256',
  'PS384',
  'PS512',
  'RS256',
  'RS384',
  'RS512',
];
const DEFAULT_PROOF_MAX_AGE_SECONDS = 60;

// Seconds: 60_000, a minute written in milliseconds, would admit proofs made 16 hours ahead (RFC
// 9449 §11.1). An hour is far past any clock skew a proof needs (a clock tolerance is 300 s at most).
const MAX_PROOF_MAX_AGE_SECONDS = 3600;

const PUBLIC_BASE_URL = 'options.dpop.publicBaseUrl';

function publicBaseUrlOf(value: unknown): URL | undefined {
  if (value === undefined) return undefined;
  const text = typeof value === 'string' ? value : '';
  const url = URL.canParse(text) ? new URL(text) : undefined;
  if (url === undefined || !/^https?:$/.test(url.protocol) || /[?#]/.test(text)) {
    throw new TypeError(
      `${PUBLIC_BASE_URL} must be the absolute https: URL clients call this API at, without query or fragment (https://api.example.com)`,
    );
  }
  // The base URL is named in refusals sent to clients (verify-dpop-proof.ts): no userinfo.
  if (url.username !== '' || url.password !== '') {
    throw new ConfigurationError({
      message: `${PUBLIC_BASE_URL} must not contain credentials: give the URL clients call without user:password@`,
      variable: PUBLIC_BASE_URL,
    });
  }
  // A proof and its token cross the network in clear text to an http: URL (RFC 9449 §11.1,
  // RFC 6750 §5.3): only a loopback host, which never leaves the machine, may use it.
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    throw new ConfigurationError({
      message: `${PUBLIC_BASE_URL} must be an https: URL (http: only on localhost, 127.0.0.0/8 or [::1]): set it to the https:// URL clients call, and serve the API over TLS, or through a proxy that terminates it`,
      variable: PUBLIC_BASE_URL,
    });
  }
  return url;
}

/**
 * The guard's `dpop` option checked (own properties only; unknown ones the guard refused) and
 * resolved.
 *
 * @throws TypeError naming the wrong member.
 * @throws ConfigurationError when `publicBaseUrl` is `http:` off loopback or holds credentials.
 */
export function resolveDpopOptions(
  given: DpopOptions | undefined,
  clock: Clock | undefined,
): ResolvedDpop | undefined {
  if (given === undefined) return undefined;
  checkValue(given, 'options.dpop', 'object');
  const options = ownOptions(given);
  const { algorithms = DEFAULT_ALGORITHMS } = options;
  if (!Array.isArray(algorithms) || algorithms.length === 0 || !algorithms.every(isJwsAlgorithm)) {
    throw new TypeError(
      'options.dpop.algorithms must list asymmetric JWS algorithms (ES256, EdDSA, PS256, RS256…)',
    );
  }
  return {
    algorithms: [...algorithms],
    proofMaxAgeSeconds:
      checkSecondsOption(
        options,
        'proofMaxAgeSeconds',
        'positive',
        MAX_PROOF_MAX_AGE_SECONDS,
        'an hour',
        'options.dpop.',
      ) ?? DEFAULT_PROOF_MAX_AGE_SECONDS,
    replayStore:
      checkValue(options.replayStore, 'options.dpop.replayStore', 'replayStore') ??
      new InMemoryReplayStore(clock === undefined ? {} : { clock }),
    publicBaseUrl: publicBaseUrlOf(options.publicBaseUrl),
    nonces: resolveDpopNonces(options.nonce),
  };
}
