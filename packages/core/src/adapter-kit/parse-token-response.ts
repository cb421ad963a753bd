import { MAX_CLOCK_TOLERANCE_SECONDS } from '../config/check-option.js';
import type { Clock } from '../contracts/clock.js';
import { systemClock } from '../contracts/clock.js';
import type { DualSubjectToken } from '../contracts/dual-subject-token.js';
import { createDualSubjectToken } from '../contracts/dual-subject-token.js';
import type { Vendor } from '../contracts/vendor.js';
import { TokenRequestError } from '../errors/token-request-error.js';
import { jwtHeaderOf } from '../jwt/jwt-header-of.js';
import { otherJwtKindOf } from '../jwt/other-jwt-kind.js';
import { jwtPayloadOf } from './check-issued-token.js';
import { jwtTimeFault } from './jwt-time-fault.js';
import { scopeDifference } from './scope-difference.js';
import { scrubCredentials } from './scrub-credentials.js';

/** What a token endpoint answered with status 200: a JSON object with an `access_token`. */
export type TokenEndpointJson = Readonly<Record<string, unknown>> & {
  readonly access_token: string;
};

/**
 * The longest lifetime believed from an IdP, in seconds (one day). A larger `expires_in`
 * (`1e308`, or `Infinity` from `1e400` in JSON) is read as this, so a cache still renews the token.
 */
export const MAX_EXPIRES_IN_SECONDS = 86_400;

const DIGITS = /^\d+$/;
const VISIBLE_ASCII = /^[\x21-\x7e]+$/;
// RFC 6749 §3.3 scope-tokens (NQCHAR, laxer on `"` and `\`) and the spaces between them.
const SCOPE_TEXT = /^[\x20-\x7e]*$/;
const DPOP = /^dpop$/i;
const BEARER = /^bearer$/i;
const DPOP_WITHOUT_OPTION =
  'token_type DPoP needs the adapter option dpop (RFC 9449 §5), or DPoP off for this client at the IdP';
// RFC 8693 §3: the token types an exchange may issue as an access token (a JWT may be one, §2.2.1
// then has `token_type` Bearer or DPoP); any other (an ID token, a SAML assertion, an ID-JAG) is
// not usable as one, and its `token_type` is `N_A`.
const ACCESS_TOKEN_TYPE = /^urn:ietf:params:oauth:token-type:(?:access_token|jwt)$/;
const EXPIRED =
  "expires_in is 0: the IdP issued a token that is already expired; check the client's access-token lifespan on the IdP";

/** Whether `type` is `DPoP` in any case (RFC 9449 §5: the scheme is case-insensitive). */
export function isDpopTokenType(type: unknown): boolean {
  return typeof type === 'string' && DPOP.test(type);
}

/** Whether `type` says Bearer: absent, empty, or `Bearer` in any case (RFC 6749 §7.1). */
export function isBearerTokenType(type: unknown): boolean {
  return (
    type === undefined ||
    type === null ||
    type === '' ||
    (typeof type === 'string' && BEARER.test(type))
  );
}

/** What {@link tokenAnswerProblem} checks besides the token itself. */
export interface TokenAnswerRules {
  /**
   * The `requested_token_type` of an RFC 8693 token exchange: the answer's `issued_token_type`
   * must be this URI (§2.2.1, required in every exchange answer). For an access token or a JWT
   * (`urn:ietf:params:oauth:token-type:access_token`, `…:jwt`, usable as an access token)
   * `token_type` is then checked as any answer's (Bearer, or DPoP when asked for; `N_A`, a token
   * not usable as one, is refused); for any other type it must be `N_A`.
   */
  readonly issuedTokenType?: string | undefined;
  /**
   * What the request sent that must not come back in a message (client secret, assertion,
   * subject and actor tokens): scrubbed from every answer value the problem quotes.
   */
  readonly credentials?: readonly string[] | undefined;
  /**
   * True when the token was asked for with a DPoP proof (RFC 9449 §5): a `DPoP` answer is then
   * a known type (its binding, and a `Bearer` downgrade, are checked by the request's
   * `TokenRequestDpop.answerProblem`). Default false: a `DPoP` answer is refused, naming the
   * adapter's `dpop` option.
   */
  readonly dpopRequested?: boolean | undefined;
  /**
   * Now, in ms since the epoch (the adapter's clock): a JWT `access_token` (an access token, an
   * ID-JAG) whose numeric `exp` is not after it is refused. RFC 7519 §4.1.4's leeway is for
   * accepting a JWT; handed out already expired, the next server refuses it. Default: not checked.
   */
  readonly nowMs?: number | undefined;
}

/** What {@link parseTokenResponse} takes. */
export interface ParseTokenResponseOptions {
  /** The scope reported when the IdP sends none: the requested scopes, joined by spaces. */
  requestedScope: string | readonly string[];
  /** `expires_in` when the IdP sends none (Keycloak 3600, Auth0 86400, Okta 3600, Entra 3599). */
  defaultExpiresInSeconds: number;
  /** The Entra ID act assertion that travels with the token. */
  actAssertion?: string | undefined;
  vendor?: Vendor | undefined;
  /** The IdP's name in messages. Default: `vendor`. */
  label?: string | undefined;
  clock?: Clock | undefined;
  /** The request's credentials, scrubbed from any answer value an error quotes. */
  credentials?: readonly string[] | undefined;
  /** The token was asked for with a DPoP proof: see {@link TokenAnswerRules.dpopRequested}. */
  dpopRequested?: boolean | undefined;
  /**
   * Who the token was asked for (`peopleOf(request)`): blanked in the scope the token's string
   * forms show (`DualSubjectTokenInit.people`), never kept.
   */
  people?: readonly string[] | undefined;
  /**
   * Who the token was asked for, as IAM ids: the request's `act.sub` and `agentId`, kept as the
   * token's `humanId` and `agentId` (`DualSubjectTokenInit.humanId`).
   */
  humanId?: string | undefined;
  /** See {@link ParseTokenResponseOptions.humanId}. */
  agentId?: string | undefined;
  /**
   * False: a JWT access token whose `exp` is not after the clock's now (or whose `iat` is too far
   * after it, `tokenTimeProblem`) is parsed, for a caller that refuses it itself once it has
   * checked whom the token is for (see
   * `RequestTokenEndpointOptions.refusePastExp`). Default true: refused.
   */
  refusePastExp?: boolean | undefined;
}

/**
 * `expires_in` in whole seconds, as far as it is readable: a number or a string of digits, below
 * zero refused, fractions rounded down, above {@link MAX_EXPIRES_IN_SECONDS} capped. `0` stays 0
 * here, for {@link tokenAnswerProblem} to refuse.
 */
function readExpiresIn(value: unknown): number | undefined {
  const seconds = typeof value === 'string' && DIGITS.test(value) ? Number(value) : value;
  if (typeof seconds !== 'number' || Number.isNaN(seconds) || seconds < 0) return undefined;
  return Math.min(Math.floor(seconds), MAX_EXPIRES_IN_SECONDS);
}

// Token types registered with IANA (OAuth Access Token Types; RFC 6749 §7.1, RFC 8693 §2.2.1 N_A,
// RFC 9449 §5 DPoP): the only `token_type` values a message quotes.
const REGISTERED_TOKEN_TYPE = /^(?:bearer|dpop|n_a|mac|pop)$/i;
// An RFC 8693 §3 token type URI: the only `issued_token_type` values a message quotes.
const TOKEN_TYPE_URI = /^urn:ietf:params:oauth:token-type:[\w.-]{1,40}$/;

/**
 * An answer value as a message quotes it: a string only when it has the shape `quotable` allows (a
 * registered token type, a token type URI) and holds none of the request's `credentials`, since any
 * other text may be a person an IdP echoed (an email, a name: nothing of them is logged or kept);
 * `undefined` for such a string; else the value's type.
 */
function shown(
  value: unknown,
  quotable: RegExp,
  credentials: readonly string[],
): string | undefined {
  if (typeof value !== 'string') return typeof value;
  const safe = quotable.test(value) && scrubCredentials(value, credentials) === value;
  return safe ? JSON.stringify(value) : undefined;
}

// A clock ahead of the IdP's by more than the token's lifetime, or an IdP issuing spent tokens.
const PAST_EXP = "access_token is past its exp: check this host's clock and the IdP's (NTP)";
/**
 * Why a JWT access token cannot be handed out at `nowMs` (ms since the epoch), as every API would
 * refuse it: its numeric `exp` is not after it (RFC 7519 §4.1.4), or its numeric `iat` is more
 * than `MAX_CLOCK_TOLERANCE_SECONDS` (300 s) after it. `iat` is informational (§4.1.6), but
 * `@dual-auth/resource` refuses a token issued further in the future than its
 * `clockToleranceSeconds` (`issued_in_future`), which is at most that: a clock fault to fix, as
 * `@dual-auth/adapter-oauth` refuses an `nbf` that far ahead. `undefined` for an opaque token or
 * one without those claims. @internal
 */
export function tokenTimeProblem(accessToken: string, nowMs: number): string | undefined {
  const fault = jwtTimeFault(accessToken, nowMs);
  if (fault === 'exp') return PAST_EXP;
  // A clock behind the IdP's by more than any guard tolerates (the text kept inline: a module-level
  // template of an imported constant is not dropped from a bundle that never calls this).
  return fault === 'iat'
    ? `access_token is issued in the future (iat over ${MAX_CLOCK_TOLERANCE_SECONDS} s ahead of this host's clock): check this host's clock and the IdP's (NTP)`
    : undefined;
}

const UNQUOTED_TOKEN_TYPE =
  'token_type is not a registered token type (not quoted: it may name a person)';

/**
 * Why a token endpoint's 200 answer cannot be used, or `undefined` when it can:
 * - `access_token` missing, or not visible ASCII (RFC 6749 Appendix A.12 allows `%x20-7E`; the
 *   space goes too, since the token travels as `Authorization: Bearer <token>`, RFC 6750 §2.1);
 *   refused here so that no cache keeps a token every later call would fail with;
 * - `token_type` other than `Bearer` in any case (RFC 6749 §7.1: a client must not use a token
 *   type it does not understand); absent means Bearer. With `rules.dpopRequested` (RFC 9449
 *   §5), `DPoP` too; without it, `DPoP` is refused naming the adapter's `dpop` option;
 * - `scope` a string with a character outside `%x20-7E` (RFC 6749 §3.3 scope-tokens and spaces):
 *   a control character would reach the token's `toString()` and the audit events;
 * - `expires_in` present but not a number of seconds, or under one second (a token already
 *   expired: the call would fail with it, and the next call would ask the IdP again);
 * - with `rules.nowMs`, a JWT `access_token` whose `exp` is not after it (the same), or whose
 *   `iat` is more than `MAX_CLOCK_TOLERANCE_SECONDS` after it (every API refuses it:
 *   `tokenTimeProblem`);
 * - when an access token was asked for, a JWT `access_token` whose header `typ` names another
 *   kind of token (an ID-JAG, a DPoP proof, a logout or security event token: RFC 8725 §3.11);
 * - with `rules.issuedTokenType` (a token exchange), an `issued_token_type` other than the one
 *   requested, and a `token_type` other than `N_A` for a token that is neither an access token nor
 *   a JWT (RFC 8693 §2.2.1, §3).
 */
export function tokenAnswerProblem(
  json: Readonly<Record<string, unknown>>,
  rules: TokenAnswerRules = {},
): string | undefined {
  const token = json.access_token;
  if (typeof token !== 'string' || token === '') return 'no access_token';
  if (!VISIBLE_ASCII.test(token)) return 'access_token is not visible ASCII (RFC 6749 Appendix A)';
  const time = rules.nowMs === undefined ? undefined : tokenTimeProblem(token, rules.nowMs);
  if (time !== undefined) return time;
  const type = json.token_type;
  const { issuedTokenType } = rules;
  const credentials = rules.credentials ?? [];
  if (issuedTokenType !== undefined) {
    if (json.issued_token_type !== issuedTokenType) {
      const issued = shown(json.issued_token_type, TOKEN_TYPE_URI, credentials);
      return issued === undefined
        ? `issued_token_type is not a token type URI (not quoted: it may name a person), not the requested ${issuedTokenType} (RFC 8693 §2.2.1)`
        : `issued_token_type ${issued} is not the requested ${issuedTokenType} (RFC 8693 §2.2.1)`;
    }
    const accessToken = ACCESS_TOKEN_TYPE.test(issuedTokenType);
    if (!accessToken && type !== 'N_A') {
      const quoted = shown(type, REGISTERED_TOKEN_TYPE, credentials);
      return quoted === undefined
        ? `${UNQUOTED_TOKEN_TYPE}; a token that is not an access token must be N_A (RFC 8693 §2.2.1)`
        : `token_type ${quoted} of a token that is not an access token must be N_A (RFC 8693 §2.2.1)`;
    }
    if (!accessToken) return undefined;
  }
  const kind = otherJwtKindOf(jwtHeaderOf(token)?.typ);
  if (kind !== undefined) {
    return `access_token is ${kind}, where an access token was asked for: check the IdP's grant settings`;
  }
  const dpop = rules.dpopRequested === true;
  if (!dpop && isDpopTokenType(type)) return DPOP_WITHOUT_OPTION;
  if (!isBearerTokenType(type) && !(dpop && isDpopTokenType(type))) {
    const known = dpop ? 'DPoP or Bearer' : 'Bearer';
    const quoted = shown(type, REGISTERED_TOKEN_TYPE, credentials);
    return quoted === undefined
      ? `${UNQUOTED_TOKEN_TYPE}; only ${known} is supported (RFC 6749 §7.1): check the client's token settings on the IdP`
      : `token_type ${quoted} is not supported, only ${known} (RFC 6749 §7.1)`;
  }
  // A string scope becomes the token's scope: its toString() and audit events show it.
  if (typeof json.scope === 'string' && !SCOPE_TEXT.test(json.scope)) {
    return 'scope is not space-separated visible ASCII (RFC 6749 §3.3)';
  }
  const expiresIn = json.expires_in;
  if (expiresIn === undefined || expiresIn === null) return undefined;
  const seconds = readExpiresIn(expiresIn);
  if (seconds === undefined) return 'expires_in is not a number of seconds';
  // A spent token would fail the call it was asked for, and every call after it asks again.
  if (seconds === 0) return EXPIRED;
  return undefined;
}

/**
 * The {@link DualSubjectToken} of a token endpoint's JSON, with the reference's defaults:
 * `token_type` `Bearer`, the vendor's `expires_in`, the requested scope. `expires_in` may be a
 * number or a numeric string, is rounded down and capped at {@link MAX_EXPIRES_IN_SECONDS};
 * `expiresAt` counts from the clock's now and is no later than the `exp` of a JWT access token,
 * nor, with an act assertion, than the assertion's `exp` — so a cache renews the token before the
 * API refuses it.
 *
 * @throws TokenRequestError when the answer cannot be used ({@link tokenAnswerProblem}, its
 *   `nowMs` the clock's now: a JWT access token whose `exp` is not after it is refused, as
 *   `requestTokenEndpoint` refuses it).
 * @throws TypeError when `actAssertion` is not a compact JWT with a JSON payload.
 * @example
 * const token = parseTokenResponse(json, { requestedScope: ['finance.read'], defaultExpiresInSeconds: 3600 });
 */
export function parseTokenResponse(
  json: TokenEndpointJson,
  options: ParseTokenResponseOptions,
): DualSubjectToken {
  const issuedAt = (options.clock ?? systemClock).now();
  const problem = tokenAnswerProblem(json, {
    credentials: options.credentials,
    dpopRequested: options.dpopRequested,
    nowMs: options.refusePastExp === false ? undefined : issuedAt,
  });
  if (problem !== undefined) {
    const label = options.label ?? options.vendor;
    throw new TokenRequestError({
      message: `Invalid response${label === undefined ? '' : ` from ${label}`}: ${problem}`,
      status: 200,
      ...(options.vendor === undefined ? {} : { vendor: options.vendor }),
    });
  }
  const requested = options.requestedScope;
  const scope =
    typeof json.scope === 'string'
      ? json.scope
      : typeof requested === 'string'
        ? requested
        : requested.join(' ');
  return createDualSubjectToken({
    accessToken: json.access_token,
    tokenType: isDpopTokenType(json.token_type)
      ? 'DPoP'
      : typeof json.token_type === 'string' && json.token_type !== ''
        ? json.token_type
        : 'Bearer',
    expiresIn: readExpiresIn(json.expires_in) ?? options.defaultExpiresInSeconds,
    scope,
    actAssertion: options.actAssertion,
    issuedAt,
    people: options.people,
    humanId: options.humanId,
    agentId: options.agentId,
    notAfter: earliest(assertionExpiry(options.actAssertion), accessTokenExpiry(json.access_token)),
  });
}

/**
 * The requested scopes a token answer's `scope` leaves out: RFC 6749 §5.1 lets the IdP grant less
 * than asked (and must then say which it granted), so a call needing a left-out scope will be
 * refused by the API. Empty when the answer has no string `scope` (then the requested one holds,
 * §5.1) or grants every requested scope. Scope names are the caller's own, never secrets.
 *
 * @example
 * missingScopes(['finance.read', 'finance.write'], 'finance.read'); // ['finance.write']
 */
export function missingScopes(
  requested: string | readonly string[],
  granted: unknown,
): readonly string[] {
  return scopeDifference(requested, granted).missing;
}

function earliest(...times: readonly (number | undefined)[]): number | undefined {
  const known = times.filter((time): time is number => time !== undefined);
  return known.length === 0 ? undefined : Math.min(...known);
}

/**
 * When a JWT access token expires by its own `exp`, in ms; undefined for an opaque token or one
 * without a numeric `exp`. The API refuses it from then on (RFC 7519 §4.1.4), whatever
 * `expires_in` said: a cache must not keep it longer.
 */
function accessTokenExpiry(accessToken: unknown): number | undefined {
  const exp = typeof accessToken === 'string' ? jwtPayloadOf(accessToken)?.exp : undefined;
  return typeof exp === 'number' && Number.isFinite(exp) ? exp * 1000 : undefined;
}

/** When the act assertion (signed by the adapter itself) expires, in ms; it bounds the token's use. */
function assertionExpiry(actAssertion: string | undefined): number | undefined {
  if (actAssertion === undefined) return undefined;
  // The adapter signed it itself (signJwt), so its payload is canonical base64url JSON.
  const claims = jwtPayloadOf(actAssertion);
  if (claims === undefined) {
    throw new TypeError(
      'parseTokenResponse: actAssertion must be a compact JWT (signJwt writes one)',
    );
  }
  return typeof claims.exp === 'number' ? claims.exp * 1000 : undefined;
}
