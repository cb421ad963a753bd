import type { Act, DualSubjectToken, IssuedTokenMismatch, SubjectToken } from '@dual-auth/core';
import { MAX_CLOCK_TOLERANCE_SECONDS, TokenRequestError } from '@dual-auth/core';
import { jwtPayloadOf, refuseOtherApi } from '@dual-auth/core/adapter-kit';
import { actChainProblem } from './act-chain-problem.js';
import type { DelegatedTokenIssuer } from './delegated-token-issuer.js';
import {
  askedHumans,
  humanIdsOf,
  humanMatches,
  namesNoHuman,
  nonEmptyStrings,
} from './human-matches.js';
import type { OAuthMode } from './oauth-config.js';
import { priorActorsProblem } from './prior-actors-problem.js';
import { quoteIssuer } from './quote-issuer.js';
import { receivedIssuer } from './received-issuer.js';
import { subjectClaimsOf } from './subject-claims-of.js';

type Claims = Readonly<Record<string, unknown>>;

const EXCHANGE = 'the token-exchange configuration';

/** What the answer is compared with, besides the request: the adapter's settings and clock. */
export interface DelegatedTokenExpectations {
  /** The grant: in `on-behalf-of` (Entra) `sub` is pairwise, so the human is told by `oid`. */
  readonly mode: OAuthMode;
  /**
   * Where the token names its client when it has no `act` (the token profile's `clientIdClaims`):
   * any of them must be the agent.
   */
  readonly clientIdClaims: readonly string[];
  /** `API_AUDIENCE` and `OAUTH_RESOURCE` as configured: the token's `aud` must name one. */
  readonly audiences: readonly (string | undefined)[];
  /**
   * The `iss` the token must carry, any of `issuers` (`delegatedTokenIssuer`), named by `source`
   * in the refusal; none: `iss` is not compared.
   */
  readonly issuer?: DelegatedTokenIssuer | undefined;
  /** Now, in ms since the epoch (the adapter's clock). */
  readonly nowMs: number;
  /**
   * `OAUTH_HUMAN_ID_CLAIM`: the claim that holds the human's id in place of `sub` (Okta's `uid`);
   * none: `sub`.
   */
  readonly humanIdClaim?: string | undefined;
}

// Without an id the token cannot be tied to the human: refused, saying where the id must be.
// Keycloak's lightweight access tokens drop sub unless its mapper adds it to them:
// https://www.keycloak.org/docs/latest/server_admin/#_using_lightweight_access_token
function refuseNoHuman(humanIdClaim: string | undefined): never {
  refuse(
    `naming no human (no ${humanIdClaim === undefined ? 'sub or oid' : `${humanIdClaim}, OAUTH_HUMAN_ID_CLAIM`})`,
    humanIdClaim === undefined
      ? 'sub in its access tokens (Keycloak: the "basic" client scope\'s "sub" mapper, added to lightweight access tokens)'
      : `${humanIdClaim} in its access tokens`,
    'human',
  );
}

function refuse(what: string, check: string, mismatch?: IssuedTokenMismatch): never {
  throw new TokenRequestError({
    vendor: 'oauth',
    status: 200,
    ...(mismatch === undefined ? {} : { mismatch }),
    message: `the IdP issued a token ${what}; check ${check} on the IdP`,
  });
}

function checkServerClaims(claims: Claims, expected: DelegatedTokenExpectations): void {
  const issuers = expected.issuer?.issuers ?? [];
  if (issuers.length > 0 && !issuers.includes(claims.iss as string)) {
    const { source, variable } = expected.issuer as DelegatedTokenIssuer;
    throw new TokenRequestError({
      vendor: 'oauth',
      status: 200,
      message: `the IdP issued a token of another server: iss ${receivedIssuer(claims.iss)} is not ${source} ${issuers.map(quoteIssuer).join(' or ')}; set ${variable} to the server's metadata issuer (exact match)`,
    });
  }
  refuseOtherApi(
    claims,
    expected.audiences,
    'names neither API_AUDIENCE nor OAUTH_RESOURCE',
    'the audience its exchange gives',
    'oauth',
  );
  // Not yet valid at any guard (RFC 7519 §4.1.5: none tolerates more skew), or of no lifetime. An
  // `exp` already past is the adapter kit's refusal, after this check (a clock to check).
  const { exp, nbf } = claims;
  if (
    (exp !== undefined && typeof exp !== 'number') ||
    (nbf !== undefined &&
      !(typeof nbf === 'number' && nbf <= expected.nowMs / 1000 + MAX_CLOCK_TOLERANCE_SECONDS))
  ) {
    refuse(
      `not yet valid or of no readable lifetime (nbf over ${MAX_CLOCK_TOLERANCE_SECONDS} s ahead, or exp or nbf not a number)`,
      "the token lifetime and the IdP's and this host's clocks",
    );
  }
}

/**
 * Checks a delegated access token before it is handed out, when it is a JWT (an opaque token
 * passes: the API verifies it), so that the agent refuses what the API would:
 * - `iss` is the expected issuer, when there is one (`delegatedTokenIssuer`: `OAUTH_ISSUER`,
 *   Entra's tenant issuers in `on-behalf-of`, `OAUTH_RESOURCE_ISSUER` in `id-jag`);
 * - `aud` names `API_AUDIENCE` or `OAUTH_RESOURCE`, when either is configured (RFC 8707 §2);
 * - `exp`, when present, is a number (RFC 7519 §4.1.4; one already past is refused by the
 *   adapter kit after this check, `<vendor>_response_error`), and `nbf`, when present, at most
 *   `MAX_CLOCK_TOLERANCE_SECONDS` ahead (§4.1.5: every guard would refuse it);
 * - every client it names (`expected.clientIdClaims`, present) is the agent (RFC 8693 §4.3);
 * - its human (`sub` and Entra `oid`, each when present, each a non-empty string) is the one asked
 *   for, `act.sub`/`act.oid` (and the `oid` of a subject token whose `sub` is `act.sub` when act
 *   has none, `askedHumans`; never the ID-JAG's in `id-jag`); in `on-behalf-of` the pairwise
 *   `sub` is not compared; under `expected.humanIdClaim` that claim (Okta's `uid`) takes the place
 *   of `sub`, a login, never compared; a token with no human id at all is refused, saying where
 *   the IdP must put it (a Keycloak lightweight access token without `sub`, an Okta token without
 *   `uid`);
 * - an `act` is an RFC 8693 §4.1 actor chain of objects with an actor id in `sub`, the human in none
 *   of them (`actChainProblem`), whose `act.sub` is the agent; without `act`, a client claim
 *   (`expected.clientIdClaims`) is the agent;
 * - in `token-exchange`, the earlier actors (`act.act`, …) are the subject token's `act`, actor by
 *   actor, or (a subject token without `act`) none or its client, as Auth0 nests it
 *   (`priorActorsProblem`), when the subject token is a JWT.
 * The human, the actor chain and the client are checked before the issuer, audience and times, so
 * that a token for someone else is refused as such (`mismatch`) whatever else is wrong with it.
 * The token is decoded, not verified: this catches an IdP configured to issue for someone else,
 * not a forgery.
 *
 * @throws TokenRequestError (status 200; `mismatch` `'human'` or `'agent'` when the token names
 *   another human or actor) naming the claims compared and what to check on the IdP: an IdP
 *   misconfiguration. Of the values only the issuers are shown (the expected ones, `quoteIssuer`,
 *   and `iss` when it may be one, `receivedIssuer`): public URLs, where a trailing slash is the
 *   usual typo.
 */
export function checkDelegatedToken(
  token: DualSubjectToken,
  request: { act: Act; agentId: string; subjectToken?: SubjectToken | undefined },
  expected: DelegatedTokenExpectations,
): void {
  const claims = jwtPayloadOf(token.accessToken);
  if (claims === undefined) return;
  // Whom it is for before the rest: a token for another human or client is the security event
  // (`token_subject_mismatch` `human`/`agent`), whatever else is wrong with it.
  const { humanIdClaim } = expected;
  if (namesNoHuman(claims, humanIdClaim)) refuseNoHuman(humanIdClaim);
  const asked = askedHumans(request.act, request.subjectToken, undefined, humanIdClaim);
  if (!humanMatches(claims, asked, expected.mode, humanIdClaim)) {
    refuse(`for another human (${humanIdClaim ?? 'sub'}/oid not the act's)`, EXCHANGE, 'human');
  }
  if (claims.act !== undefined) {
    const problem = actChainProblem(claims.act, humanIdsOf(claims, humanIdClaim));
    if (problem !== undefined) {
      refuse(`with an act the API refuses (${problem})`, 'how its exchange fills act');
    }
  }
  // In a token exchange the earlier actors are the subject token's (RFC 8693 §4.1), when it can
  // be read: an opaque subject token's chain is the server's word.
  const subject =
    expected.mode === 'token-exchange' && request.subjectToken !== undefined
      ? subjectClaimsOf(request.subjectToken)
      : undefined;
  if (subject !== undefined && claims.act !== undefined) {
    const problem = priorActorsProblem(claims.act, subject);
    if (problem !== undefined) {
      refuse(
        `with other earlier actors than the subject token's (${problem})`,
        "how its exchange fills act: behind this agent, the subject token's own act (RFC 8693 §4.1)",
      );
    }
  }
  // RFC 8693 §4.3: `client_id` (OIDC `azp`, Entra `appid`, Okta `cid`) is the client the token
  // was issued to, the requester: each present is the agent, act or not (a guard's rfc8693
  // layout compares it with `act.sub`); without `act`, one names the actor.
  const clients = expected.clientIdClaims.map((name) => claims[name]);
  const actors = nonEmptyStrings(claims.act === undefined ? clients : [(claims.act as Claims).sub]);
  if (
    !actors.includes(request.agentId) ||
    clients.some((id) => id !== undefined && id !== request.agentId)
  ) {
    refuse(
      `for another actor or client (act.sub, or without act one of ${expected.clientIdClaims.join('/')}; each present)`,
      EXCHANGE,
      'agent',
    );
  }
  checkServerClaims(claims, expected);
}
