import {
  type Act,
  type Clock,
  ConfigurationError,
  checkOption,
  checkSecondsOption,
  checkValue,
  errorClassOf,
  humanIdForLogging,
  type KnownOptions,
  type Logger,
  loggerOrDefault,
  prepareHumanIdForLogging,
  type RandomBytes,
  readOptions,
  refusePositionalArguments,
  systemClock,
  urlForLogging,
  webCryptoRandomBytes,
} from '@dual-auth/core';
import {
  type AsymmetricAlgorithm,
  assertHttpsUrl,
  checkKeyInput,
  importPrivateKey,
  randomJti,
  signJwt,
  validateAct,
} from '@dual-auth/core/adapter-kit';
import type { JSONWebKeySet } from 'jose';
import { actFromSession, type SessionRecord } from './act-from-session.js';
import { ACT_JWT_LIVES_MINUTES, MAX_ACT_JWT_LIFETIME_SECONDS } from './act-jwt/act-jwt-lifetime.js';
import { refuseInexactAudience } from './exact-audience.js';
import type { SigningKeyInput } from './key-input.js';
import { publicJwkOf, publicJwkThumbprint } from './public-jwk.js';
import { type ActPrivacyOptions, shapeAct } from './shape-act.js';
import type { UserSession } from './user-session.js';

/** What {@link HybridSender} takes; everything is optional. */
export interface HybridSenderOptions extends ActPrivacyOptions {
  /**
   * The application's signing key, for out-of-session act JWTs: PEM text (PKCS#8, or PKCS#1
   * `RSA PRIVATE KEY`), a private JWK or a `CryptoKey` (a file: `loadKeyFile` from
   * `@dual-auth/session/node`). Checked by the constructor. Without it the sender works
   * in-session only.
   */
  privateKey?: SigningKeyInput | undefined;
  /** Default `RS256`, the reference's. */
  algorithm?: AsymmetricAlgorithm | undefined;
  /** `iss` of act JWTs. Default `"application"`, the reference's fixed value. */
  issuer?: string | undefined;
  /** `sub` of act JWTs. Default: the issuer. */
  subject?: string | undefined;
  /**
   * The JWS `typ` header. Default `"JWT"` (the Python library's); `act+jwt` names the kind. A
   * `typ` of another kind of token (`dpop+jwt`, `oauth-id-jag+jwt`, `logout+jwt`, `secevent+jwt`:
   * RFC 8725 §3.11) makes act JWTs that `ActJwtVerifier` refuses (`malformed`).
   */
  typ?: string | undefined;
  /**
   * The JWS `kid` header, also the `kid` of {@link HybridSender.publicJwks}. Default: the JWK's
   * `kid` when the key is a JWK that has one, else the key's RFC 7638 thumbprint (none for a
   * non-extractable `CryptoKey`). `false`: no `kid`, the reference's exact header bytes.
   */
  kid?: string | false | undefined;
  /**
   * Longest `ttlSeconds` allowed, in seconds. Default 300. A whole number from 1 to 3600 (an hour:
   * an act JWT is made for a request and lives minutes, and `ActJwtVerifier` takes a
   * `maxLifetimeSeconds` up to an hour too; a larger value is milliseconds by mistake), else a
   * `TypeError` at construction saying "seconds, not milliseconds?".
   */
  maxTtlSeconds?: number | undefined;
  /** Accept `http://` agent endpoints on loopback hosts (local development). Default false. */
  allowInsecureLoopback?: boolean | undefined;
  clock?: Clock | undefined;
  random?: RandomBytes | undefined;
  logger?: Logger | undefined;
}

/** What {@link HybridSender.prepareOutOfSessionAct} takes. */
export interface PrepareOutOfSessionActOptions {
  act: Act;
  /**
   * The agent's HTTPS endpoint, signed as given as the JWT's `aud`: exactly the agent's
   * `expectedAudience`, without whitespace or invisible characters (a `ConfigurationError`).
   */
  agentEndpoint: string;
  /** Lifetime; default 60, at most `maxTtlSeconds`. */
  ttlSeconds?: number | undefined;
}

const OPTIONS = {
  privateKey: true,
  algorithm: true,
  issuer: true,
  subject: true,
  typ: true,
  kid: true,
  maxTtlSeconds: true,
  allowInsecureLoopback: true,
  clock: true,
  random: true,
  logger: true,
  includeEmail: true,
  includeName: true,
} as const satisfies KnownOptions<HybridSenderOptions>;

const PREPARE_OPTIONS = {
  act: true,
  agentEndpoint: true,
  ttlSeconds: true,
} as const satisfies KnownOptions<PrepareOutOfSessionActOptions>;

const DEFAULT_TTL_SECONDS = 60;
const DEFAULT_MAX_TTL_SECONDS = 300;
const ALGORITHMS: readonly AsymmetricAlgorithm[] = ['RS256', 'PS256', 'ES256', 'EdDSA'];

/** The imported signing key and the `kid` its act JWTs carry. */
interface SigningKey {
  key: CryptoKey;
  kid: string | undefined;
}

/**
 * Turns the logged-in human into an act (Python's `HybridSender`): handed over in memory for
 * in-session agents, or as a short-lived signed act JWT for agents in another process.
 *
 * The act JWT is the reference's — RS256, header `{"alg":"RS256","kid":…,"typ":"JWT"}`, claims
 * `iss`, `sub`, `aud`, `exp`, `iat`, `jti`, `act` in that order — so the Python receiver accepts
 * ours and ours accepts its; with `kid: false` the bytes are the reference's exactly. Unlike the
 * reference, `act` carries only the IAM ids (`sub`, `oid`) unless `includeEmail` / `includeName`
 * say otherwise. The key is checked by the constructor, which throws at once on a key that cannot
 * sign (wrong kind, type, size or a broken PEM) and starts importing a good one; a failure only
 * the import can see is logged (`hybrid_sender_key_error`) and thrown by the first signature.
 *
 * @example
 * const sender = new HybridSender({ privateKey: process.env.APP_PRIVATE_KEY });
 * const act = sender.extractActFromSession(new UserSession({ userId: 'u-1' }));
 * const actJwt = await sender.prepareOutOfSessionAct({ act, agentEndpoint: 'https://agent.example.com/invoke' });
 */
export class HybridSender {
  /** The key as given, PEM normalised to PKCS#8. */
  readonly #key: SigningKeyInput | undefined;
  readonly #signing: Promise<SigningKey> | undefined;
  readonly #algorithm: AsymmetricAlgorithm;
  readonly #issuer: string;
  readonly #subject: string;
  readonly #typ: string;
  readonly #maxTtlSeconds: number;
  readonly #privacy: ActPrivacyOptions;
  readonly #allowInsecureLoopback: boolean;
  readonly #clock: Clock;
  readonly #random: RandomBytes;
  readonly #logger: Logger;

  /**
   * @throws TypeError when an option has the wrong type or is not an option.
   * @throws ConfigurationError when `privateKey` cannot sign with `algorithm`.
   */
  constructor(given: HybridSenderOptions = {}) {
    // biome-ignore lint/complexity/noArguments: the arguments as given; the signature stays as documented
    refusePositionalArguments(arguments, {
      call: 'new HybridSender',
      example: '{ privateKey: await loadKeyFile(privateKeyPemPath) }',
      note: "loadKeyFile from '@dual-auth/session/node'; new HybridSender() for in-session only",
    });
    checkValue(given, 'options', 'object');
    // Own options only: an inherited includeEmail would put every human's email in the act JWTs.
    const options = readOptions(given, OPTIONS, 'new HybridSender');
    const { privateKey, algorithm = 'RS256', issuer = 'application' } = options;
    if (
      privateKey !== undefined &&
      typeof privateKey !== 'string' &&
      typeof privateKey !== 'object'
    ) {
      throw new TypeError('HybridSender: privateKey must be PEM text, a JWK or a CryptoKey');
    }
    if (!ALGORITHMS.includes(algorithm)) {
      throw new TypeError(`HybridSender: algorithm must be one of ${ALGORITHMS.join(', ')}`);
    }
    for (const name of ['issuer', 'subject', 'typ'] as const) {
      checkOption(options, name, 'string');
      if (options[name] === '') throw new TypeError(`HybridSender: ${name} must not be empty`);
    }
    const { kid } = options;
    if (kid !== undefined && kid !== false && (typeof kid !== 'string' || kid === '')) {
      throw new TypeError('HybridSender: kid must be a non-empty string or false');
    }
    for (const name of ['includeEmail', 'includeName', 'allowInsecureLoopback'] as const) {
      checkOption(options, name, 'boolean');
    }
    checkOption(options, 'random', 'function');
    checkOption(options, 'clock', 'clock');
    checkOption(options, 'logger', 'logger');
    // null, like undefined, means in-session only (Python's private_key_pem=None).
    this.#key = normalisedKey(privateKey ?? undefined, algorithm);
    this.#algorithm = algorithm;
    this.#issuer = issuer;
    this.#subject = options.subject ?? issuer;
    this.#typ = options.typ ?? 'JWT';
    this.#maxTtlSeconds =
      checkSecondsOption(
        options,
        'maxTtlSeconds',
        'positiveInteger',
        MAX_ACT_JWT_LIFETIME_SECONDS,
        ACT_JWT_LIVES_MINUTES,
      ) ?? DEFAULT_MAX_TTL_SECONDS;
    this.#privacy = { includeEmail: options.includeEmail, includeName: options.includeName };
    this.#allowInsecureLoopback = options.allowInsecureLoopback === true;
    this.#clock = options.clock ?? systemClock;
    this.#random = options.random ?? webCryptoRandomBytes;
    this.#logger = loggerOrDefault(options.logger);
    this.#signing = this.#key === undefined ? undefined : this.#prepare(this.#key, kid);
    this.#signing?.catch((error: unknown) => {
      this.#logger.error('hybrid_sender_key_error', { error_type: errorClassOf(error) });
    });
    this.#logger.info(
      this.#key === undefined ? 'hybrid_sender_init_insession' : 'hybrid_sender_init_full',
      { algorithm: this.#algorithm, issuer: this.#issuer },
    );
  }

  /**
   * The act of a session: the IAM user id in `sub`, `oid` when the session has one, email and
   * name only when the privacy options let them through. A record session is read by
   * UserSession's field names first, then like the reference (`user_id`/`sub`/`oid`/`uid`,
   * `email`/`user_email`/`userPrincipalName`/`mail`, `name`/`display_name`/`displayName`). A user
   * id is required in both forms: unlike the reference, a record's email is never used as `sub`.
   * A record's fields are its own or its class's, never `Object.prototype`'s.
   *
   * @throws TypeError when the session is not a {@link UserSession} or record, or has no user id
   * (logged as `session_missing_user_id`, with `has_email`), a user id field that is not a string
   * (`session_user_id_not_string`, with `field` and `value_type`) or two user ids that differ
   * (`session_user_ids_differ`, with both `fields`), never a value; or when its act breaks core's act
   * rules (`validateAct`: `sub` and `oid` non-blank, at most 256 characters, without control
   * characters), logged as `invalid_act` with the error class only.
   */
  extractActFromSession(session: UserSession | SessionRecord): Act {
    const act = actFromSession(session, this.#logger);
    // Core's act rules before the act is logged or handed out: a session's id with control
    // characters or a megabyte of text would otherwise reach every log line about the human.
    const shaped = shapeAct(
      this.#logged('invalid_act', () => validateAct(act)),
      this.#privacy,
    );
    this.#logger.info('act_extracted', {
      human_id: humanIdForLogging(shaped),
      // The reference's field; the email fallback it described is gone.
      id_type: 'iam_identifier',
      has_name: act.name !== undefined,
      has_oid: act.oid !== undefined,
    });
    return shaped;
  }

  /**
   * The act for an agent in the same process: a checked copy, shaped by the privacy options.
   *
   * @throws TypeError when `act` has no non-empty string `sub`.
   */
  prepareInSessionAct(act: Act): Act {
    const shaped = shapeAct(validateAct(act), this.#privacy);
    this.#logger.debug('act_prepared_in_session', { human_id: humanIdForLogging(shaped) });
    return shaped;
  }

  /** Runs a check; when it throws, logs `event` (the error class only) and rethrows. */
  #logged<T>(event: string, check: () => T): T {
    try {
      return check();
    } catch (error) {
      this.#logger.warn(event, { error_type: errorClassOf(error) });
      throw error;
    }
  }

  /**
   * A signed act JWT for an agent in another process, addressed to `agentEndpoint` (its `aud`).
   * How it reaches the agent is up to the app; the reference's guides POST `{"act_jwt": "<jwt>"}`.
   *
   * @throws ConfigurationError without a private key, or when the key, the endpoint or the TTL is
   *   refused: the endpoint when it is not HTTPS or holds whitespace or an invisible character
   *   (a trailing line break), which the agent's exact `aud` check would refuse.
   * @throws TypeError when `act` has no non-empty string `sub`, or an option has the wrong type or
   *   is not an option.
   */
  async prepareOutOfSessionAct(options: PrepareOutOfSessionActOptions): Promise<string> {
    // Python's prepare_out_of_session_act(act, agent_endpoint, ttl_seconds).
    // biome-ignore lint/complexity/noArguments: the arguments as given; the signature stays as documented
    refusePositionalArguments(arguments, {
      call: 'prepareOutOfSessionAct',
      example: '{ act, agentEndpoint, ttlSeconds }',
    });
    checkValue(options, 'options', 'object');
    const {
      act,
      agentEndpoint,
      ttlSeconds: ttl,
    } = readOptions(options, PREPARE_OPTIONS, 'HybridSender.prepareOutOfSessionAct') ?? {};
    if (this.#signing === undefined) {
      this.#logger.error('missing_private_key');
      throw new ConfigurationError({
        message: 'HybridSender not configured for out-of-session - create it with a privateKey',
        variable: 'privateKey',
      });
    }
    this.#logged('invalid_act', () => validateAct(act));
    const endpoint = this.#logged('invalid_agent_endpoint', () => {
      // Signed as given: what the URL parser would drop, or refuse, must not reach aud.
      refuseInexactAudience(agentEndpoint, 'agentEndpoint');
      return assertHttpsUrl(agentEndpoint, {
        name: 'agentEndpoint',
        allowInsecureLoopback: this.#allowInsecureLoopback,
      });
    });
    const ttlSeconds = this.#ttl(ttl);
    const iat = Math.floor(this.#clock.now() / 1000);
    const exp = iat + ttlSeconds;
    const jti = randomJti(this.#random);
    const shaped = shapeAct(act, this.#privacy);
    const claims = {
      iss: this.#issuer,
      sub: this.#subject,
      aud: agentEndpoint,
      exp,
      iat,
      jti,
      act: shaped,
    };
    let jws: string;
    try {
      const { key, kid } = await this.#signing;
      jws = await signJwt({ claims, alg: this.#algorithm, key, kid, typ: this.#typ });
    } catch (error) {
      this.#logger.error('act_jwt_error', { error_type: errorClassOf(error) });
      throw error;
    }
    // Off Node, the digest an email-shaped id is logged as (core's humanIdForLogging).
    await prepareHumanIdForLogging(shaped);
    this.#logger.info('act_prepared_out_of_session', {
      human_id: humanIdForLogging(shaped),
      agent_endpoint: urlForLogging(endpoint),
      ttl_seconds: ttlSeconds,
      exp,
      jti,
    });
    return jws;
  }

  /**
   * The JSON Web Key Set of the signing key's public half, for agents that verify by JWKS URL.
   *
   * @throws ConfigurationError without a private key, or when it is a non-extractable `CryptoKey`.
   */
  async publicJwks(): Promise<JSONWebKeySet> {
    if (this.#key === undefined || this.#signing === undefined) {
      throw new ConfigurationError({
        message: 'HybridSender has no privateKey, so it has no public key to publish',
        variable: 'privateKey',
      });
    }
    const { kid } = await this.#signing;
    return { keys: [await publicJwkOf(this.#key, this.#algorithm, kid)] };
  }

  #ttl(value: unknown): number {
    const ttl = checkValue(value, 'options.ttlSeconds', 'positiveInteger') ?? DEFAULT_TTL_SECONDS;
    if (ttl > this.#maxTtlSeconds) {
      this.#logger.warn('unusual_ttl', { ttl_seconds: ttl, max_ttl_seconds: this.#maxTtlSeconds });
      throw new ConfigurationError({
        message: `ttlSeconds ${ttl} is longer than the ${this.#maxTtlSeconds} s allowed; raise maxTtlSeconds if you mean it`,
        variable: 'ttlSeconds',
      });
    }
    return ttl;
  }

  async #prepare(key: SigningKeyInput, kid: string | false | undefined): Promise<SigningKey> {
    const imported = await importPrivateKey(key, this.#algorithm, { name: 'privateKey' });
    if (kid === false) return { key: imported, kid: undefined };
    return {
      key: imported,
      kid: kid ?? jwkKid(key) ?? (await publicJwkThumbprint(key, this.#algorithm)),
    };
  }
}

/**
 * The key after the constructor's synchronous check: PEM comes back as PKCS#8 (PKCS#1 wrapped), so
 * the import and `publicJwks()` read one form.
 *
 * @throws ConfigurationError when it cannot sign with `algorithm`.
 */
function normalisedKey(
  key: SigningKeyInput | undefined,
  algorithm: AsymmetricAlgorithm,
): SigningKeyInput | undefined {
  if (key === undefined) return undefined;
  const checked = checkKeyInput(key, {
    kind: 'private',
    alg: algorithm,
    name: 'privateKey',
    algorithmOption: 'algorithm',
  });
  return checked.form === 'pem' ? checked.pem : key;
}

function jwkKid(key: SigningKeyInput | undefined): string | undefined {
  if (typeof key !== 'object' || key === null) return undefined;
  const kid = (key as { kid?: unknown }).kid;
  return typeof kid === 'string' && kid !== '' ? kid : undefined;
}
