import {
  ACT_ASSERTION_HEADER,
  type Act,
  countMetric,
  cutoffStoreClockAdvice,
  type DelegationCutoffVerdict,
  delegationCutoffVerdict,
  endedDelegationPhrase,
  humanIdForLogging,
  prepareHumanIdForLogging,
  systemClock,
  type TelemetryAttributes,
  withSpan,
} from '@dual-auth/core';
import { raceAbort } from '@dual-auth/core/adapter-kit';
import {
  checkJwtClaims,
  type JwtClaimRules,
  otherJwtKindOf,
  parseCompactJws,
  refuseJwt,
  type VerificationKeys,
  type VerifiedJwt,
  verifyParsedJwt,
} from '@dual-auth/core/jwt';
import { withAudienceHint } from './audience-hint.js';
import { markCheckedUpstream } from './checked-upstream-subject.js';
import { type ChainLink, createDualSubject, type DualSubject } from './dual-subject.js';
import { DualSubjectVerificationError } from './dual-subject-verification-error.js';
import { type IssuerKeyMap, keysOfIssuer } from './issuer-keys.js';
import {
  legacyHumanFromAct,
  refuseActBesideBoundAssertion,
  refuseUserToken,
} from './legacy-delegation.js';
import { grantsOf, requiredClientIdOf } from './profile-claims.js';
import { type PossessionEvidence, refuseBoundToken } from './refuse-bound-token.js';
import { readRfc8693Delegation } from './rfc8693-delegation.js';
import { withVerifiedAgent, withVerifiedHuman } from './verified-human-of-refusal.js';
import { verifyBoundActAssertion } from './verify-bound-act-assertion.js';
import { type DualSubjectVerifyOptions, needsBoundAssertion } from './verify-options.js';

/** The default `clockToleranceSeconds`. */
export const DEFAULT_TOLERANCE_SECONDS = 15;
const DEFAULT_MAX_LENGTH = 16_384;
const DEFAULT_MAX_CHAIN_DEPTH = 4;
const DEFAULT_MAX_TOKEN_LIFETIME_SECONDS = 86_400;

/** The verified access token and the delegation read from it; `human` waits for a bound assertion. */
interface ReadToken extends VerifiedJwt {
  chain: ChainLink[];
  human: Act | undefined;
  /** Key-bound, its proof left to a gateway (`boundTokens: 'checked-upstream'`). */
  checkedUpstream: boolean;
}

interface Limits {
  nowMs: number;
  tolerance: number;
  maxTokenBytes: number;
  /**
   * The request's: an introspection waiting for the IdP, a cut-off read and a replay claim waiting
   * for their store give up when it aborts.
   */
  signal: AbortSignal | undefined;
  /** What the request proves possession with, for a key-bound token (`cnf`). */
  evidence: PossessionEvidence | undefined;
}

/**
 * True when `token` may be a JWS compact serialization (RFC 7515 §7.1): three parts, two dots, even
 * with an empty part (`h.p.`). Such a token is verified locally and refused when invalid; only
 * what cannot be a JWS goes to introspection, so a malformed JWT never reaches the IdP.
 */
function mayBeCompactJws(token: string): boolean {
  return token.split('.').length === 3;
}

/**
 * The lifetime cap: the configured lifetime plus the tolerance, in seconds, counted from `iat`
 * plus the profile's `iatBackdateSeconds` (the IdP minted the token that long after its `iat`).
 */
function lifetimeRulesOf(
  options: DualSubjectVerifyOptions,
  limits: Limits,
): Pick<JwtClaimRules, 'maxLifetimeSeconds' | 'maxLifetimeOption' | 'iatBackdateSeconds'> {
  return {
    maxLifetimeSeconds:
      (options.maxTokenLifetimeSeconds ?? DEFAULT_MAX_TOKEN_LIFETIME_SECONDS) + limits.tolerance,
    maxLifetimeOption: 'maxTokenLifetimeSeconds',
    iatBackdateSeconds: options.profile.iatBackdateSeconds,
  };
}

// How a token's claims or its introspection answer name a token that is no access token:
// `token_type` (RFC 7662 §2.2; Duende writes "refresh_token", or the RFC 8693 §3 URIs
// `urn:ietf:params:oauth:token-type:refresh_token` / `…:id_token`), `token_use` (Ory Hydra
// "refresh_token"; AWS Cognito "id" for an ID token) or `typ` (Keycloak: "Refresh", "Offline" for
// an offline token, "ID" for an ID token) or `tokenName` (PingAM stateless tokens: "refresh_token",
// "id_token"), compared without that URI's prefix, case, `_`, `-` or spaces.
const REFRESH_TOKEN_TYPES = new Set(['refreshtoken', 'refresh', 'offline', 'offlinetoken']);
const ID_TOKEN_TYPES = new Set(['id', 'idtoken']);
const TOKEN_TYPE_URI = 'urn:ietf:params:oauth:token-type:';

/**
 * Refuses a token whose claims (a JWT's, or its introspection answer's: `source`) say it is a
 * refresh token, which goes to the authorization server only (RFC 6749 §1.5), or an ID token,
 * which is for the client the human signed in to (OpenID Connect Core §2) and never bound to a
 * DPoP key: the IdP may sign either with its access tokens' key and give it the API's `aud`.
 */
function refuseOtherTokenType(
  claims: Readonly<Record<string, unknown>>,
  source: 'claims' | 'introspection',
): void {
  for (const claim of ['token_type', 'token_use', 'typ', 'tokenName']) {
    const value = Object.hasOwn(claims, claim) ? claims[claim] : undefined;
    if (typeof value !== 'string') continue;
    const lower = value.toLowerCase();
    const type = (
      lower.startsWith(TOKEN_TYPE_URI) ? lower.slice(TOKEN_TYPE_URI.length) : lower
    ).replace(/[\s_-]/g, '');
    const where = source === 'claims' ? `its "${claim}" claim` : `"${claim}" of its introspection`;
    if (REFRESH_TOKEN_TYPES.has(type)) {
      refuseJwt(
        'Access token',
        'malformed',
        `is a refresh token (${where}): send an access token; a refresh token goes to the authorization server only (RFC 6749 section 1.5)`,
        { claim },
      );
    }
    if (ID_TOKEN_TYPES.has(type)) {
      refuseJwt(
        'Access token',
        'malformed',
        `is an ID token (${where}): send an access token issued for this API; an ID token is for the client the human signed in to (OpenID Connect Core 1.0 section 2)`,
        { claim },
      );
    }
  }
}

/**
 * Refuses a JWT whose header `typ` names another kind of token (RFC 8725 §3.11: an ID-JAG, a DPoP
 * proof, a logout token, a security event token…; see `otherJwtKindOf`): signed with the IdP's
 * key and given the API's `aud`, it would otherwise pass as an access token.
 */
function refuseOtherJwtKind(header: Readonly<Record<string, unknown>>): void {
  const kind = otherJwtKindOf(header.typ);
  if (kind === undefined) return;
  refuseJwt(
    'Access token',
    'malformed',
    `is ${kind}, sent where an access token was expected: send an access token`,
    { claim: 'typ' },
  );
}

/**
 * The claims of an opaque token from the IdP's introspection answer, with the same registered
 * claim rules as a JWT (RFC 7662 §2.2 names the same claims): `iss`, `aud`, `exp`, `iat`. An
 * answer that says the token is a refresh token or an ID token (`token_type`, `token_use` or `typ`)
 * is refused: the endpoint answers for refresh tokens too, which never go to a resource server
 * (RFC 6749 §1.5).
 */
async function introspectAccessToken(
  token: string,
  options: DualSubjectVerifyOptions,
  limits: Limits,
): Promise<VerifiedJwt> {
  if (token.length > limits.maxTokenBytes) {
    throw new DualSubjectVerificationError({
      credential: 'access_token',
      reason: 'too_large',
      message: `Access token is longer than ${limits.maxTokenBytes} characters`,
    });
  }
  const introspection = options.introspection as NonNullable<
    DualSubjectVerifyOptions['introspection']
  >;
  const claims = await introspection.introspect(
    token,
    limits.signal === undefined ? undefined : { signal: limits.signal },
  );
  refuseOtherTokenType(claims, 'introspection');
  const checked = checkJwtClaims(claims, {
    label: 'Access token',
    // An endpoint told its issuer vouches for that issuer's tokens only (assertVerifyOptions).
    issuer: introspection.issuer ?? options.issuer,
    audience: options.audience,
    nowMs: limits.nowMs,
    clockToleranceSeconds: limits.tolerance,
    ...lifetimeRulesOf(options, limits),
  });
  return { header: {}, claims, checked };
}

// The token is read once: an IssuerKeyMap picks its keys by the parsed `iss`, and the same parts
// are verified.
function verifySignedAccessToken(
  token: string,
  keys: VerificationKeys | IssuerKeyMap,
  options: DualSubjectVerifyOptions,
  limits: Limits,
): Promise<VerifiedJwt> {
  const algorithms = options.algorithms ?? ['RS256'];
  const rules = { label: 'Access token', maxTokenBytes: limits.maxTokenBytes, algorithms };
  const jws = parseCompactJws(token, rules);
  return verifyParsedJwt(jws, {
    ...rules,
    keys: keysOfIssuer(keys, jws),
    audience: options.audience,
    issuer: options.issuer,
    nowMs: limits.nowMs,
    clockToleranceSeconds: limits.tolerance,
    ...lifetimeRulesOf(options, limits),
  });
}

async function readAccessToken(
  token: string,
  options: DualSubjectVerifyOptions,
  limits: Limits,
): Promise<ReadToken> {
  const { keys } = options;
  // No keys: an API that only receives opaque tokens asks the IdP about every token.
  const opaque =
    options.introspection !== undefined && (keys === undefined || !mayBeCompactJws(token));
  const verified = opaque
    ? await introspectAccessToken(token, options, limits)
    : await verifySignedAccessToken(token, keys as NonNullable<typeof keys>, options, limits);
  const { profile } = options;
  const { claims } = verified;
  if (!opaque) {
    refuseOtherJwtKind(verified.header);
    refuseOtherTokenType(claims, 'claims');
  }
  const checkedUpstream = await refuseBoundToken(
    claims,
    options.boundTokens,
    limits.evidence,
    limits.signal,
  );
  if (options.layout === 'rfc8693') {
    const maxChainDepth = options.maxChainDepth ?? DEFAULT_MAX_CHAIN_DEPTH;
    return {
      ...verified,
      ...readRfc8693Delegation(profile, claims, maxChainDepth, options.humanIdClaim),
      checkedUpstream,
    };
  }
  const agentId = requiredClientIdOf(profile, claims);
  refuseUserToken(profile, claims);
  const chain: ChainLink[] = [{ id: agentId, raw: { sub: agentId } }];
  if (!needsBoundAssertion(options)) {
    return { ...verified, chain, human: legacyHumanFromAct(claims, agentId), checkedUpstream };
  }
  return { ...verified, chain, human: undefined, checkedUpstream };
}

async function boundHuman(
  token: string,
  read: ReadToken,
  actAssertion: string | undefined,
  options: DualSubjectVerifyOptions,
  limits: Limits,
): Promise<Act> {
  // The access token verified: a refusal of the human's assertion names its agent alone.
  const agentId = (read.chain[0] as ChainLink).id;
  if (actAssertion === undefined || actAssertion === '') {
    throw withVerifiedAgent(
      new DualSubjectVerificationError({
        credential: 'act_assertion',
        reason: 'missing_claim',
        claim: ACT_ASSERTION_HEADER,
        absent: true,
        message: `Missing ${ACT_ASSERTION_HEADER} header: this IdP's tokens carry the human in an act assertion`,
      }),
      agentId,
    );
  }
  await DualSubjectVerificationError.refusing('access_token', async () =>
    refuseActBesideBoundAssertion(read.claims),
  );
  return DualSubjectVerificationError.refusing('act_assertion', () =>
    verifyBoundActAssertion(actAssertion, {
      bound: options.boundActAssertion as NonNullable<
        DualSubjectVerifyOptions['boundActAssertion']
      >,
      tokenIat: read.checked.iat,
      tokenExp: read.checked.exp,
      rawAccessToken: token,
      agentId,
      agentSubjects: [read.claims.sub, read.claims.oid].filter(
        (id): id is string => typeof id === 'string',
      ),
      clockToleranceSeconds: limits.tolerance,
      nowMs: limits.nowMs,
      maxTokenBytes: limits.maxTokenBytes,
      signal: limits.signal,
    }),
  ).catch((error: unknown) => {
    throw typeof error === 'object' && error !== null ? withVerifiedAgent(error, agentId) : error;
  });
}

/**
 * Refuses a token minted for `human` at or before the human's cut-off (`endDelegation`), kept
 * under any of the human's ids (`act.sub`, and `act.oid` where the layout carries it; case-folded
 * too where the profile's `humanIdsIgnoreCase` says the IdP's ids ignore case), or within
 * the clock tolerance after it: the IdP's clock may run that far ahead of the one that recorded it.
 * The token counts as minted at `iat` plus the profile's `iatBackdateSeconds` (Entra ID dates
 * `iat` 5 minutes back), as the session's in-session cut-off counts the human's token: else every
 * token the IdP mints in the 5 minutes after the cut-off is refused. The trade: should the IdP
 * stop backdating, a token it really minted up to that long before the cut-off is accepted.
 */
async function refuseEndedDelegation(
  human: Act,
  agentId: string,
  iatSeconds: number,
  options: DualSubjectVerifyOptions,
  limits: Limits,
): Promise<void> {
  if (options.cutoffStore === undefined) return;
  const reading = delegationCutoffVerdict({
    store: options.cutoffStore,
    human,
    humanIdsIgnoreCase: options.profile.humanIdsIgnoreCase === true,
    iatSeconds,
    iatBackdateSeconds: options.profile.iatBackdateSeconds,
    clockToleranceSeconds: limits.tolerance,
  });
  // A request that went away stops waiting for a stalled store; nobody reads its refusal.
  const { signal } = limits;
  const verdict = await raceAbort(reading, signal).catch((cause: unknown) => {
    if (cause !== signal?.reason) throw cause;
    return { state: 'unavailable', cause } satisfies DelegationCutoffVerdict;
  });
  // The cut-off is read after the token (and its act assertion) verified: the human is known and
  // proven, as is the agent, so the audit record of either refusal names both.
  if (verdict.state === 'unavailable') {
    throw withVerifiedHuman(
      new DualSubjectVerificationError({
        credential: 'access_token',
        reason: 'cutoff_store_unavailable',
        message:
          "Access token could not be checked against the human's delegation cut-off: the store did not answer",
        // The hosts' clocks, when a clock made the store refuse (core's cutoffStoreClockAdvice).
        hint: cutoffStoreClockAdvice(verdict.cause),
        cause: verdict.cause,
      }),
      human,
      agentId,
    );
  }
  if (verdict.state === 'ended') {
    throw withVerifiedHuman(
      new DualSubjectVerificationError({
        credential: 'access_token',
        reason: 'revoked',
        claim: 'iat',
        message: `Access token ${endedDelegationPhrase(verdict, limits.tolerance)}`,
      }),
      human,
      agentId,
    );
  }
}

/**
 * Verifies an access token (and its bound act assertion, when the profile needs one) with options
 * already checked by `assertVerifyOptions`; the engine of `verifyDualSubjectToken` and the guard.
 * Traced as `dual_auth.access_token.verify` (issuer, audience, then agent and human ids, or the
 * refusal's `<credential>.<reason>`); a refusal counts in `dual_auth.verification.failures`.
 *
 * @param signal - The request's (the guard's input): an introspection, the cut-off read and the
 * act assertion's replay claim give up when it aborts (refused as unavailable, the signal's
 * reason as `cause`).
 * @param evidence - What the request proves possession with (its verified DPoP proof's key
 * thumbprint, its mutual-TLS client certificate): a key-bound token (`cnf`) is admitted only when
 * each of its confirmation methods is proven.
 * @throws DualSubjectVerificationError naming the credential and the reason.
 */
export function verifyDualSubject(
  token: string,
  actAssertion: string | undefined,
  options: DualSubjectVerifyOptions,
  signal?: AbortSignal,
  evidence?: PossessionEvidence,
): Promise<DualSubject> {
  const attributes: TelemetryAttributes = {
    'dual_auth.vendor': options.profile.vendor,
    'dual_auth.issuer': options.issuer,
    'dual_auth.audience': options.audience,
  };
  return withSpan('dual_auth.access_token.verify', { attributes }, async (span) => {
    try {
      const subject = await verifySubjects(token, actAssertion, options, { signal, evidence });
      // Off Node, the digest an email-shaped id is logged as, for every line and record below.
      await prepareHumanIdForLogging(subject.human);
      span.setAttributes({
        'dual_auth.agent.id': subject.agent.id,
        'dual_auth.human.id': humanIdForLogging(subject.human),
        // An earlier actor may be named by an email (RFC 8693 §4.1): its digest, as the human's.
        'dual_auth.delegation.chain': subject.chain.map(
          (link) => humanIdForLogging({ sub: link.id }) as string,
        ),
      });
      return subject;
    } catch (error) {
      if (DualSubjectVerificationError.isInstance(error)) {
        span.fail(error.auditReason);
        countMetric('dual_auth.verification.failures', {
          'dual_auth.vendor': options.profile.vendor,
          'dual_auth.credential': error.credential,
          'dual_auth.reason': error.reason,
        });
      }
      throw error;
    }
  });
}

async function verifySubjects(
  token: string,
  actAssertion: string | undefined,
  options: DualSubjectVerifyOptions,
  request: Pick<Limits, 'signal' | 'evidence'>,
): Promise<DualSubject> {
  const limits: Limits = {
    nowMs: (options.clock ?? systemClock).now(),
    tolerance: options.clockToleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS,
    maxTokenBytes: options.maxTokenLength ?? DEFAULT_MAX_LENGTH,
    ...request,
  };
  const read = await DualSubjectVerificationError.refusing('access_token', () =>
    readAccessToken(token, options, limits),
  ).catch((error: unknown) => {
    throw withAudienceHint(error, options.audience);
  });
  const human = read.human ?? (await boundHuman(token, read, actAssertion, options, limits));
  await refuseEndedDelegation(
    human,
    (read.chain[0] as ChainLink).id,
    read.checked.iat,
    options,
    limits,
  );
  const { profile } = options;
  const layout = options.layout ?? 'legacy';
  const subject = createDualSubject({
    vendor: profile.vendor,
    layout,
    agent: {
      id: (read.chain[0] as ChainLink).id,
      ...grantsOf(profile, read.claims, layout),
      raw: read.claims,
    },
    human: {
      sub: human.sub,
      ...(typeof human.oid === 'string' ? { oid: human.oid } : {}),
      raw: human,
    },
    chain: read.chain,
  });
  return read.checkedUpstream ? markCheckedUpstream(subject) : subject;
}
