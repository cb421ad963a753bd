import { checkSecondsOption } from '../config/check-option.js';
import type { Act } from '../contracts/act.js';
import type { Clock } from '../contracts/clock.js';
import { systemClock } from '../contracts/clock.js';
import type { RandomBytes } from '../contracts/random.js';
import { ConfigurationError } from '../errors/configuration-error.js';
import { utf8Encoder } from '../jwt/utf8.js';
import type { FormFields } from './encode-form.js';
import type { AsymmetricAlgorithm, KeyInput } from './import-key.js';
import { importPrivateKey } from './import-key.js';
import { randomJti } from './random-jti.js';
import type { SigningAlgorithm } from './sign-jwt.js';
import { signJwt } from './sign-jwt.js';

/** The assertion's lifetime in the reference: `exp` = `iat` + 300. */
export const CLIENT_ASSERTION_TTL_SECONDS = 300;
// An assertion is made for one token request and its `exp` "limits the time window during which
// the JWT can be used" (RFC 7523 section 3): 300_000 (five minutes in milliseconds) would sign one
// usable for 3.5 days.
const MAX_CLIENT_ASSERTION_TTL_SECONDS = 3600;

/** `client_assertion_type` of RFC 7523 client authentication. */
export const JWT_BEARER_ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

/** What {@link clientAssertionClaims} takes. */
export interface ClientAssertionClaimsOptions {
  /** The agent: `iss` and `sub`. */
  agentId: string;
  audience: string;
  act?: Act | undefined;
  clock?: Clock | undefined;
  random?: RandomBytes | undefined;
  /**
   * The assertion's lifetime (`exp` − `iat`), in seconds; default 300, the reference's. A whole
   * number from 1 to 3600 (an hour: an assertion is made for one token request, RFC 7523 section
   * 3; a larger value is milliseconds by mistake), else a `TypeError` saying "seconds, not
   * milliseconds?".
   */
  ttlSeconds?: number | undefined;
}

/** The claims of a client assertion, in the reference's order. */
export interface ClientAssertionClaims {
  readonly iss: string;
  readonly sub: string;
  readonly aud: string;
  readonly exp: number;
  readonly iat: number;
  readonly jti: string;
  readonly act?: Act;
}

/** How a client assertion is signed: a client secret (HS256) or a private key, and a `kid`. */
export type ClientAssertionKey = { kid?: string | undefined } & (
  | { alg?: 'HS256' | undefined; secret: string; privateKey?: undefined }
  | { alg: AsymmetricAlgorithm; privateKey: KeyInput; secret?: undefined }
);

/** What {@link createClientAssertion} takes. */
export type CreateClientAssertionOptions = ClientAssertionClaimsOptions & ClientAssertionKey;

/**
 * The claims of a client assertion in the reference's order: `iss` = `sub` = agent, `aud`,
 * `exp` = `iat` + 300, `iat` (whole seconds of the clock), a fresh `jti`, then `act` as given.
 *
 * @throws TypeError when `agentId` or `audience` is not a non-empty string, or `ttlSeconds` is not
 *   a whole number from 1 to 3600.
 */
export function clientAssertionClaims(
  options: ClientAssertionClaimsOptions,
): ClientAssertionClaims {
  const { agentId, audience, act } = options;
  if (typeof agentId !== 'string' || agentId === '') {
    throw new TypeError('agentId must be a non-empty string');
  }
  if (typeof audience !== 'string' || audience === '') {
    throw new TypeError('audience must be a non-empty string');
  }
  const ttl =
    checkSecondsOption(
      options,
      'ttlSeconds',
      'positiveInteger',
      MAX_CLIENT_ASSERTION_TTL_SECONDS,
      'an hour; a client assertion is made for one token request',
      '',
    ) ?? CLIENT_ASSERTION_TTL_SECONDS;
  const iat = Math.floor((options.clock ?? systemClock).now() / 1000);
  const jti = randomJti(options.random);
  const claims = { iss: agentId, sub: agentId, aud: audience, exp: iat + ttl, iat, jti };
  return act === undefined ? claims : { ...claims, act };
}

/**
 * Signs `claims` with a client secret (HS256 over its UTF-8 bytes, `client_secret_jwt`) or a
 * private key (`private_key_jwt`), with the reference's header bytes.
 *
 * @throws ConfigurationError when the secret is empty or the key cannot sign with `alg`.
 */
export async function signClientAssertion(
  claims: ClientAssertionClaims,
  options: ClientAssertionKey,
): Promise<string> {
  const alg: SigningAlgorithm = options.alg ?? 'HS256';
  if (alg === 'HS256') {
    if (typeof options.secret !== 'string' || options.secret === '') {
      throw new ConfigurationError({
        message: 'A client secret is needed to sign an HS256 client assertion',
        variable: 'AGENT_CLIENT_SECRET',
      });
    }
    const key = utf8Encoder.encode(options.secret);
    return signJwt({ claims, alg, key, kid: options.kid });
  }
  if (options.privateKey === undefined) {
    throw new ConfigurationError({ message: `A private key is needed to sign with ${alg}` });
  }
  const key = await importPrivateKey(options.privateKey, alg, { name: 'privateKey' });
  return signJwt({ claims, alg, key, kid: options.kid });
}

/**
 * A client assertion JWT (RFC 7523) exactly as the reference builds it, with a fresh `jti` on
 * every call. HS256 with the client secret by default; RS256/ES256/PS256/EdDSA with `privateKey`.
 *
 * @example
 * const assertion = await createClientAssertion({
 *   agentId: 'finance-agent',
 *   audience: 'https://kc.example/realms/agents',
 *   act: { sub: 'f1c7…' },
 *   secret: clientSecret,
 * });
 */
export async function createClientAssertion(
  options: CreateClientAssertionOptions,
): Promise<string> {
  return signClientAssertion(clientAssertionClaims(options), options);
}

/**
 * An RFC 7523 client-credentials form: `grant_type=client_credentials`, the vendor's `fields`,
 * then `client_assertion_type` and `client_assertion`, in that order.
 *
 * @example
 * jwtBearerForm([['scope', 'finance.read']], assertion);
 */
export function jwtBearerForm(fields: FormFields, assertion: string): FormFields {
  return [
    ['grant_type', 'client_credentials'],
    ...fields,
    ['client_assertion_type', JWT_BEARER_ASSERTION_TYPE],
    ['client_assertion', assertion],
  ];
}
