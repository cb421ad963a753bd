import {
  type Clock,
  checkIatBackdateSeconds,
  checkOption,
  checkSecondsOption,
  type DelegationCutoffStore,
  type KnownOptions,
  type ReplayStore,
  requireValue,
  SPECIFICATION_VERSION,
} from '@dual-auth/core';
import { isHumanIdClaimName } from '@dual-auth/core/adapter-kit';
import {
  type DelegationLayout,
  isJwsAlgorithm,
  type JwsAlgorithm,
  type TokenProfile,
  type VerificationKeys,
} from '@dual-auth/core/jwt';

import type { IssuerKeyMap } from './issuer-keys.js';
import { IDP_COUNT_RULE, idpCountOf } from './several-idps.js';
import type { TokenIntrospection } from './token-introspection.js';

export type { VerificationKeys };

/** Each agent application's public keys, by application (client) id: `appid`/`azp` of its tokens. */
export type AppKeyMap = ReadonlyMap<string, VerificationKeys>;

/**
 * How to check a bound act assertion (`X-Act-Assertion`): the human half of a request whose
 * token profile takes the human from an assertion the agent's application signs (Entra ID).
 */
export interface BoundActAssertionOptions {
  /** The assertion's expected `aud` (`API_AUDIENCE`). */
  actAudience: string | readonly string[];
  /**
   * The agent applications' public keys. One application: its key(s), PEM, JWK, `CryptoKey` or a
   * JWKS resolver. Several applications: a `Map` from each application (client) id, the `appid`/
   * `azp` of its tokens, to its own keys, so that one application's key never verifies an
   * assertion naming another. Keys given directly (a JWKS or resolver too) are ONE application's
   * key set: every key in it is trusted for every agent application (any `kid`, or none), so a
   * deployment with several agent applications must use the `Map`.
   */
  appKeys: VerificationKeys | AppKeyMap;
  /**
   * Remembers assertion `jti`s, each bound to the digest of the access token it first came with:
   * the same pair is accepted again, the assertion with any other token is a replay. Share one
   * store across requests (and a Redis one across instances): a fresh store per request gives no
   * protection. A store that ignores `claim`'s binding option accepts each assertion once only.
   */
  replayStore: ReplayStore;
  /**
   * Longest accepted assertion lifetime (`exp` − `iat`), in seconds; default 300, what the adapter
   * mints. A number > 0 and at most 3600 (an hour: an act assertion is made for the request and
   * lives minutes; a larger value is milliseconds by mistake, `60_000` would accept assertions
   * living 16 hours), else a `TypeError` at creation saying "seconds, not milliseconds?".
   */
  maxLifetimeSeconds?: number;
  /** Default `['RS256']`. */
  algorithms?: readonly JwsAlgorithm[];
}

/** What verifying a dual-subject access token needs to know about its IdP. */
export interface DualSubjectVerifyOptions {
  /**
   * Where this IdP's tokens keep the agent and the human: the token profile its adapter package
   * exports (`oktaTokenProfile` from `@dual-auth/adapter-okta`, …).
   */
  profile: TokenProfile;
  /**
   * The delegation layout this API accepts, by configuration (never guessed from a token; a token
   * of the other layout is refused): `legacy` (default) or `rfc8693`. Must be one the profile lists.
   */
  layout?: DelegationLayout;
  /** Expected `iss` (Keycloak realm URL, `https://<tenant>/`, the Okta AS URL, `https://sts.windows.net/<tenant>/`). */
  issuer: string | readonly string[];
  /** Expected `aud`: the API identifier. */
  audience: string | readonly string[];
  /**
   * The IdP's signing keys; usually `createRemoteJwks(jwksUri)`, created once and reused. Required
   * unless `introspection` is given: without keys, every token is read through introspection.
   * A token's `kid` header picks the key; a token without `kid` is refused `unknown_key` when more
   * than two keys fit its algorithm (see `VerificationKeys` of `@dual-auth/core`). Keys given
   * directly verify a token of every `issuer`: with several issuers holding different keys (two
   * Keycloak realms, two tenants) give each its own, `new Map([[issuerA, keysA], [issuerB,
   * keysB]])` keyed by `iss`, else whoever holds issuer A's signing key mints issuer B's tokens.
   * The guard logs `shared_keys_across_idps` (a warning, at creation) when one key set serves
   * several issuers, on one host too (two Keycloak realms, WSO2 tenants, Cognito user pools, an
   * Okta org's authorization servers), but an Entra tenant's v1 and v2 issuers, one IdP.
   */
  keys?: VerificationKeys | IssuerKeyMap;
  /** Accepted signature algorithms; default `['RS256']`. `none` and HMAC are never accepted. */
  algorithms?: readonly JwsAlgorithm[];
  /**
   * Leeway for `exp`, `nbf` and `iat`, in seconds; default 15. At most 300 (RFC 7519 §4.1.4:
   * "usually no more than a few minutes"): a larger value (milliseconds by mistake) is a
   * `TypeError` saying "seconds, not milliseconds?".
   */
  clockToleranceSeconds?: number;
  /** Longest accepted token, in characters; default 16384. */
  maxTokenLength?: number;
  /**
   * Longest accepted access-token lifetime (`exp` − `iat`), in seconds, plus
   * `clockToleranceSeconds`; a longer one is refused as `ttl_too_long`, so a token minted to live
   * for years (a leaked signing key, a misconfigured client) is not honoured. Default 86 400
   * (24 h: every supported IdP's default lifetime fits; Auth0's default, the longest, is 86 400 s,
   * and a tenant may raise it to 30 days, 2 592 000 s, Auth0's "Update Access Token Lifetime":
   * raise this cap to match). At most 2 592 000 (those 30 days; Keycloak sets no maximum, and a
   * realm that issues longer-lived access tokens should shorten them and use refresh tokens);
   * a larger value is milliseconds by mistake (`86_400_000` would honour tokens living 2.7 years),
   * a `TypeError` at creation saying "seconds, not milliseconds?".
   * The lifetime counts from `iat` plus the profile's `iatBackdateSeconds`, when the IdP dates
   * `iat` before minting (Microsoft Entra ID: 300 s, so its one-hour token's `exp - iat` is
   * 3 900 s and fits a cap of 3 600): a profile's backdate loosens the cap by at most that many
   * seconds, at most 600 (`MAX_IAT_BACKDATE_SECONDS` of `@dual-auth/core`).
   */
  maxTokenLifetimeSeconds?: number;
  /**
   * Most actors in an RFC 8693 delegation chain (the agent and the earlier actors nested in its
   * `act`); a longer chain is refused as `chain_too_deep`. Default 4.
   */
  maxChainDepth?: number;
  /**
   * `rfc8693` layout only: the claim in which the token names its human by user id when its `sub`
   * is not one. Okta custom authorization server: `'uid'` (its `sub` is the login, often an email,
   * https://developer.okta.com/docs/api/openapi/okta-oauth/guides/overview/), as
   * `OAUTH_HUMAN_ID_CLAIM`/`OAUTH_PRESET=okta` of `@dual-auth/adapter-oauth` names the human. The
   * claim is read as an own property; `sub` is then neither read as the human nor kept in the
   * human. Default: the human is `sub`. Refused (`TypeError`) for the legacy layout, and when it
   * names `sub`, `oid`, `act`, `may_act`, a client claim, an RFC 7519 §4.1 registered claim, a
   * login or email claim or an `Object.prototype` name (`isHumanIdClaimName` of
   * `@dual-auth/core/adapter-kit`).
   */
  humanIdClaim?: string;
  clock?: Clock;
  /** Required when the profile takes the human from a bound act assertion (legacy layout). */
  boundActAssertion?: BoundActAssertionOptions;
  /**
   * Opaque (reference) tokens: a token that is not a JWS compact serialization is read through
   * the IdP's RFC 7662 introspection (`createTokenIntrospection`, one per API); JWTs are still
   * verified locally with `keys`, and without `keys` every token is introspected. The answer must carry `iss`, `aud`, `exp` and `iat`, and the agent and the
   * human where the profile and `layout` say, as a JWT would. Without it, only JWTs are accepted.
   */
  introspection?: TokenIntrospection;
  /**
   * Per-human cut-offs (`endDelegation` of `@dual-auth/session`, or your admin tooling calling
   * the store's `endDelegation`): a token whose `iat` is at or before its human's cut-off, or
   * within `clockToleranceSeconds` after it (the IdP's clock may run that far ahead of the one
   * that recorded the cut-off: fail closed), is refused (`revoked`, 401) although still within its
   * lifetime. Share it (Redis) with the agents; a store that does not answer gives 503. The store
   * must keep a cut-off for the longest token lifetime plus three times `clockToleranceSeconds`
   * (on `iat`, on the lifetime over `maxTokenLifetimeSeconds`, past `exp`): `endDelegation` adds
   * 900 s to its `keepMs`, three times the largest tolerance taken (300 s).
   */
  cutoffStore?: DelegationCutoffStore;
  /**
   * An access token bound to a key of its client (`cnf`: a DPoP key, RFC 9449 §6, or an mTLS
   * certificate, RFC 8705 §3.1), in its claims or its introspection answer, sent as Bearer.
   * `'refuse'` (default): 401 `access_token.binding_mismatch`, since this API checks no proof of
   * possession and would take a stolen bound token without its key (RFC 9449 §7.2).
   * `'checked-upstream'`: admitted, for an API that only a gateway reaches and that gateway
   * checks every bound token's proof and refuses the request otherwise (the client certificate's
   * SHA-256 thumbprint against `cnf["x5t#S256"]`, RFC 8705 §3; the DPoP proof against
   * `cnf.jkt`, RFC 9449 §7.1). Anywhere else it lets a stolen bound token in; the guard logs
   * `bound_tokens_checked_upstream` (warn) at creation so an operator sees it is on.
   */
  boundTokens?: 'refuse' | 'checked-upstream';
}

/** What a {@link DualSubjectVerifyOptions.boundTokens} may be. */
const BOUND_TOKENS = ['refuse', 'checked-upstream'];

// Auth0's longest configurable access-token lifetime, 30 days ("Update Access Token Lifetime"):
// no supported IdP issues longer. 86_400_000 (a day in milliseconds) would honour 2.7 years.
const MAX_TOKEN_LIFETIME_SECONDS = 2_592_000;
// An act assertion is made for the request and lives minutes (300 s by default); 60_000 (a minute
// in milliseconds) would accept assertions living 16 hours.
const MAX_ACT_ASSERTION_LIFETIME_SECONDS = 3600;

/** The option names of {@link DualSubjectVerifyOptions}, for `refuseUnknownOptions`. */
export const DUAL_SUBJECT_VERIFY_OPTIONS = {
  profile: true,
  layout: true,
  issuer: true,
  audience: true,
  keys: true,
  algorithms: true,
  clockToleranceSeconds: true,
  maxTokenLength: true,
  maxTokenLifetimeSeconds: true,
  maxChainDepth: true,
  humanIdClaim: true,
  clock: true,
  boundActAssertion: true,
  introspection: true,
  cutoffStore: true,
  boundTokens: true,
} as const satisfies KnownOptions<DualSubjectVerifyOptions>;

/** The option names of {@link BoundActAssertionOptions}, for `refuseUnknownOptions`. */
export const BOUND_ACT_ASSERTION_OPTIONS = {
  actAudience: true,
  appKeys: true,
  replayStore: true,
  maxLifetimeSeconds: true,
  algorithms: true,
} as const satisfies KnownOptions<BoundActAssertionOptions>;

const LEGACY_HUMAN = ['act-claim', 'bound-act-assertion'];

/** True when the options need a bound act assertion beside the token. */
export function needsBoundAssertion(options: DualSubjectVerifyOptions): boolean {
  return (
    (options.layout ?? 'legacy') === 'legacy' &&
    options.profile.legacyHuman === 'bound-act-assertion'
  );
}

/** Throws `TypeError` naming the first wrong option. */
export function assertVerifyOptions(options: DualSubjectVerifyOptions): void {
  requireValue(options, 'options', 'object');
  assertProfile(options.profile);
  const layout = options.layout ?? 'legacy';
  if (!options.profile.layouts.includes(layout)) {
    throw new TypeError(
      `options.layout "${String(layout)}" is not one the ${options.profile.vendor} token profile issues (${options.profile.layouts.join(', ')})`,
    );
  }
  assertNonEmpty(options.issuer, 'options.issuer');
  assertIssuersReadable(options.profile, options.issuer);
  assertNonEmpty(options.audience, 'options.audience');
  if (options.keys instanceof Map) {
    assertIssuerKeys(options.keys, options.issuer);
  } else if (options.keys !== undefined || options.introspection === undefined) {
    assertKeys(options.keys, 'options.keys');
  }
  assertAlgorithms(options.algorithms, 'options.algorithms');
  if (options.boundTokens !== undefined && !BOUND_TOKENS.includes(options.boundTokens)) {
    throw new TypeError(
      `options.boundTokens must be 'refuse' (default) or 'checked-upstream' (a gateway checks the proof)`,
    );
  }
  checkOption(options, 'clockToleranceSeconds', 'toleranceSeconds');
  checkOption(options, 'maxTokenLength', 'positive');
  checkSecondsOption(
    options,
    'maxTokenLifetimeSeconds',
    'positive',
    MAX_TOKEN_LIFETIME_SECONDS,
    "30 days: access for longer is a refresh token's job",
  );
  checkOption(options, 'maxChainDepth', 'positiveInteger');
  assertHumanIdClaim(options.humanIdClaim, layout);
  checkOption(options, 'clock', 'clock');
  if (options.cutoffStore !== undefined) {
    requireValue(options.cutoffStore.cutoffOf, 'options.cutoffStore.cutoffOf', 'function');
  }
  if (options.introspection !== undefined) {
    requireValue(options.introspection.introspect, 'options.introspection.introspect', 'function');
    assertIntrospectionIssuer(options.introspection.issuer, options.issuer);
  }
  if (needsBoundAssertion(options)) assertBoundAssertion(options.boundActAssertion);
}

// A profile that cannot read an issuer's tokens would refuse each of them at the first request,
// or read them wrong: the app stops at start instead, told which profile reads them.
function assertIssuersReadable(profile: TokenProfile, issuer: string | readonly string[]): void {
  if (profile.issuerRefusal === undefined) return;
  requireValue(profile.issuerRefusal, 'options.profile.issuerRefusal', 'function');
  for (const one of typeof issuer === 'string' ? [issuer] : issuer) {
    const refusal = profile.issuerRefusal(one);
    if (refusal !== undefined) {
      throw new TypeError(
        `options.issuer "${one}" is not one the ${profile.vendor} token profile reads: ${refusal}`,
      );
    }
  }
}

// One IdP's introspection endpoint vouches for its own tokens only: checked against the whole
// issuer list, its answer naming another IdP's issuer would be admitted as that IdP's token (a
// mix-up), as one key set for several IdPs would (IssuerKeyMap).
function assertIntrospectionIssuer(
  introspectionIssuer: string | undefined,
  issuer: string | readonly string[],
): void {
  const issuers = typeof issuer === 'string' ? [issuer] : issuer;
  if (introspectionIssuer === undefined) {
    const idps = idpCountOf(issuers);
    if (idps < 2) return;
    throw new TypeError(
      `options.introspection answers for one identity provider, and options.issuer names issuers of ${idps} (${IDP_COUNT_RULE}): give createTokenIntrospection the issuer its endpoint answers for, createTokenIntrospection({ issuer, endpoint, … }), so that an answer naming another provider's issuer is refused`,
    );
  }
  if (!issuers.includes(introspectionIssuer)) {
    throw new TypeError(
      `options.introspection.issuer "${introspectionIssuer}" is not one of options.issuer: give the issuer its endpoint answers for, as options.issuer lists it`,
    );
  }
}

function assertHumanIdClaim(claim: unknown, layout: DelegationLayout): void {
  if (claim === undefined) return;
  if (layout !== 'rfc8693') {
    throw new TypeError(
      'options.humanIdClaim is read in the rfc8693 layout only: set options.layout to "rfc8693", or unset it',
    );
  }
  if (typeof claim !== 'string' || !isHumanIdClaimName(claim)) {
    throw new TypeError(
      'options.humanIdClaim must name the claim that holds the user id (Okta custom authorization server: "uid"), not sub, oid, act, may_act, a client claim, a registered JWT claim, a login or email claim, or an Object.prototype name',
    );
  }
}

function assertProfile(profile: TokenProfile | undefined): void {
  if (typeof profile !== 'object' || profile === null) {
    throw new TypeError(
      'options.profile is required: the token profile your IdP adapter package exports (<vendor>TokenProfile from @dual-auth/adapter-<vendor>)',
    );
  }
  if (profile.specificationVersion !== SPECIFICATION_VERSION) {
    throw new TypeError(
      `options.profile was written for contract version ${String(profile.specificationVersion)}; this @dual-auth/resource needs ${SPECIFICATION_VERSION}`,
    );
  }
  const lists = [profile.layouts, profile.clientIdClaims, profile.roleClaims, profile.scopeClaims];
  const granted = profile.rfc8693AgentGrantClaims;
  if (
    granted !== undefined &&
    (typeof granted !== 'object' ||
      granted === null ||
      ![granted.roleClaims, granted.scopeClaims].every((l) => l === undefined || Array.isArray(l)))
  ) {
    throw new TypeError(
      'options.profile.rfc8693AgentGrantClaims must be { roleClaims?: string[], scopeClaims?: string[] }',
    );
  }
  // Checked here, not at the first token after a cut-off: a unit slip (a day) must stop the app.
  checkIatBackdateSeconds(profile.iatBackdateSeconds, 'options.profile.iatBackdateSeconds');
  // A "true" read as not true would look the human's cut-off up in one spelling only.
  const { humanIdsIgnoreCase } = profile;
  if (humanIdsIgnoreCase !== undefined && typeof humanIdsIgnoreCase !== 'boolean') {
    throw new TypeError('options.profile.humanIdsIgnoreCase must be true, false or absent');
  }
  if (
    typeof profile.vendor !== 'string' ||
    profile.vendor === '' ||
    !lists.every((list) => Array.isArray(list)) ||
    profile.layouts.length === 0 ||
    !LEGACY_HUMAN.includes(profile.legacyHuman)
  ) {
    throw new TypeError(
      'options.profile must be a TokenProfile: vendor, layouts, clientIdClaims, roleClaims, scopeClaims, legacyHuman',
    );
  }
}

function assertBoundAssertion(bound: BoundActAssertionOptions | undefined): void {
  if (typeof bound !== 'object' || bound === null) {
    throw new TypeError(
      'options.boundActAssertion is required for a profile whose human comes from a bound act assertion: { actAudience, appKeys, replayStore }',
    );
  }
  assertNonEmpty(bound.actAudience, 'options.boundActAssertion.actAudience');
  assertAppKeys(bound.appKeys);
  requireValue(bound.replayStore, 'options.boundActAssertion.replayStore', 'replayStore');
  checkSecondsOption(
    bound,
    'maxLifetimeSeconds',
    'positive',
    MAX_ACT_ASSERTION_LIFETIME_SECONDS,
    'an hour; an act assertion lives minutes',
    'options.boundActAssertion.',
  );
  assertAlgorithms(bound.algorithms, 'options.boundActAssertion.algorithms');
}

function assertAppKeys(appKeys: VerificationKeys | AppKeyMap): void {
  const name = 'options.boundActAssertion.appKeys';
  if (!(appKeys instanceof Map)) {
    assertKeys(appKeys, name);
    return;
  }
  if (appKeys.size === 0 || [...appKeys.keys()].some((id) => typeof id !== 'string' || !id)) {
    throw new TypeError(`${name} must map application (client) ids, non-empty strings, to keys`);
  }
  for (const [appId, keys] of appKeys) assertKeys(keys, `${name}.get(${JSON.stringify(appId)})`);
}

function assertIssuerKeys(keys: IssuerKeyMap, issuer: string | readonly string[]): void {
  const issuers = typeof issuer === 'string' ? [issuer] : issuer;
  if (keys.size === 0 || [...keys.keys()].some((iss) => !issuers.includes(iss))) {
    throw new TypeError('options.keys must map issuers named in options.issuer to their keys');
  }
  for (const [iss, value] of keys) assertKeys(value, `options.keys.get(${JSON.stringify(iss)})`);
}

function assertNonEmpty(value: unknown, name: string): void {
  const list = Array.isArray(value) ? value : [value];
  if (list.length === 0 || !list.every((item) => typeof item === 'string' && item.length > 0)) {
    throw new TypeError(`${name} must be a non-empty string or a non-empty array of them`);
  }
}

function assertKeys(value: unknown, name: string): void {
  const ok =
    typeof value === 'function' ||
    (typeof value === 'string' && /-----BEGIN (PUBLIC KEY|CERTIFICATE)-----/.test(value)) ||
    (typeof value === 'object' && value !== null);
  if (!ok) {
    throw new TypeError(
      `${name} must be a JWKS resolver, a CryptoKey, a JWK, or SPKI/certificate PEM text`,
    );
  }
}

function assertAlgorithms(value: unknown, name: string): void {
  if (value === undefined) return;
  if (!Array.isArray(value) || value.length === 0 || !value.every(isJwsAlgorithm)) {
    throw new TypeError(
      `${name} must list asymmetric JWS algorithms (RS256, PS256, ES256, EdDSA…)`,
    );
  }
}
