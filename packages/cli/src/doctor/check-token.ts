import type { DoctorFix } from '@dual-auth/core';
import type { DelegationLayout, TokenProfile } from '@dual-auth/core/jwt';
import { decodeJwt } from 'jose';
import { claimValues } from './claim-values.js';
import type { DoctorCheckStatus, DoctorReportCheckId } from './doctor-report.js';

/** What the API expects of the token; an unset expectation skips its check. */
export interface TokenExpectations {
  /** The test human's IAM id (`sub`, or the configured human-id claim: Okta's `uid`). */
  readonly human: string;
  /** The agent's client id. */
  readonly clientId: string;
  readonly audience?: string | undefined;
  /**
   * Why the API must never check `audience`, when the IdP puts it in tokens meant for other APIs
   * too (`DoctorAdvice.sharedAudience`): the check then fails, whatever the token holds.
   */
  readonly sharedAudienceReason?: string | undefined;
  readonly scopes?: readonly string[] | undefined;
  readonly role?: string | undefined;
  /** The longest lifetime the API accepts, in seconds. */
  readonly maxLifetimeSeconds: number;
  /** Now, in seconds since the epoch. */
  readonly nowSeconds: number;
}

/**
 * One outcome, before the vendor's fix is attached (a failed `app-key` outcome carries its own:
 * which one depends on what failed).
 */
export interface CheckOutcome {
  readonly id: DoctorReportCheckId;
  readonly status: DoctorCheckStatus;
  readonly detail: string;
  readonly fix?: DoctorFix | undefined;
  /**
   * The failure is this machine's to fix (a CA it does not trust), and `detail` says how: no
   * IdP-side fix is attached.
   */
  readonly local?: true;
  /** The IdP could not be reached or answered that it is unavailable: retry later (exit 3). */
  readonly unavailable?: true;
}

type Claims = Readonly<Record<string, unknown>>;

const objectOf = (value: unknown): Claims | undefined =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Claims)
    : undefined;

/** What {@link checkToken} checks: the decoded token, how to read it, and what the API expects. */
export interface TokenCheckInput {
  /** The access token's decoded claims. */
  readonly claims: Claims;
  /** The act assertion that came with the token (Entra ID), compact JWS. */
  readonly actAssertion: string | undefined;
  readonly profile: TokenProfile;
  readonly layout: DelegationLayout;
  /** `rfc8693`: the claim naming the human by id when `sub` is a login (`DoctorAdvice.humanIdClaim`). */
  readonly humanIdClaim?: string | undefined;
  readonly expect: TokenExpectations;
}

/**
 * Checks a decoded access token (and the act assertion that came with it) one by one: where the
 * human is, audience, scopes, the agent's role, lifetime. Details never repeat the human's id.
 */
export function checkToken(input: TokenCheckInput): CheckOutcome[] {
  const { claims, profile, expect } = input;
  // An rfc8693 token is the human's: only the claims recording the client's grants are the agent's.
  const granted = input.layout === 'rfc8693' ? profile.rfc8693AgentGrantClaims : profile;
  const scopeClaims = granted?.scopeClaims ?? [];
  const roleClaims = granted?.roleClaims ?? [];
  const unknown = (kind: 'scope' | 'role') =>
    input.layout === 'rfc8693' ? unknownGrant(kind) : undefined;
  return [
    checkHuman(input),
    checkAudience(claims, expect.audience, expect.sharedAudienceReason),
    checkList('scopes', 'scope', scopeClaims, claims, expect.scopes ?? [], unknown('scope')),
    checkList(
      'agent-role',
      'role',
      roleClaims,
      claims,
      expect.role ? [expect.role] : [],
      unknown('role'),
    ),
    checkLifetime(claims, expect),
  ];
}

// @dual-auth/resource's agentHasScope/agentHasRole refuse such a token (scopes_not_in_token,
// roles_not_in_token): nothing on the IdP makes the human's token record the agent's grants.
// One advice per check: a profile may record the agent's scopes and not its roles (Entra's scp).
function unknownGrant(kind: 'scope' | 'role'): DoctorFix {
  const [guard, reason] =
    kind === 'scope'
      ? ['agentHasScope', 'scopes_not_in_token']
      : ['agentHasRole', 'roles_not_in_token'];
  return {
    fix: `Nothing to change on the IdP: an exchanged token is the human’s, and no claim of it records the ${kind}s granted to the agent, so the API’s ${guard} refuses it (${reason}). Authorize the agent by its client id with agentIn, and drop --${kind} here.`,
    consolePath: 'API → createDualAuthGuard → agentAllowed: agentIn([<agent client id>])',
    docs: 'https://github.com/dual-auth/dual-auth-js/blob/main/docs/token-layouts.md',
  };
}

function checkHuman(input: TokenCheckInput): CheckOutcome {
  const { claims, profile, layout, expect } = input;
  const fail = (detail: string): CheckOutcome => ({ id: 'human', status: 'fail', detail });
  if (layout === 'rfc8693') return checkRfc8693Human(input, fail);

  if (profile.legacyHuman === 'bound-act-assertion') {
    if (input.actAssertion === undefined) return fail('no act assertion came with the token');
    let act: Claims | undefined;
    try {
      act = objectOf(decodeJwt(input.actAssertion).act);
    } catch {
      return fail('the act assertion is not a JWT');
    }
    if (act?.sub !== expect.human) return fail('the act assertion does not name the human given');
    return { id: 'human', status: 'pass', detail: 'the act assertion names the human' };
  }
  const act = objectOf(claims.act);
  if (act === undefined) {
    return fail('the access token has no "act" claim: the IdP did not copy it from the assertion');
  }
  if (act.sub !== expect.human) return fail('act.sub is not the human given with --human');
  return { id: 'human', status: 'pass', detail: 'act.sub is the human' };
}

// As the API reads it (`@dual-auth/resource`'s rfc8693 reading): under a human-id claim the
// token's sub is a login, replaced by the id; the profile's vendor facet (readDelegation) names
// the human and the actors where it reads them (Entra on-behalf-of: the client, azp/appid); the
// human matches by sub or oid, as humanIn does.
function checkRfc8693Human(
  input: TokenCheckInput,
  fail: (detail: string) => CheckOutcome,
): CheckOutcome {
  const { claims, profile, humanIdClaim, expect } = input;
  const idClaim = humanIdClaim ?? 'sub';
  const service = profile.serviceSubjectClaim?.(claims);
  if (service !== undefined) {
    return fail(`the token is an application's own ("${service}"), not a human's`);
  }
  const named =
    humanIdClaim === undefined
      ? claims
      : { ...claims, sub: Object.hasOwn(claims, humanIdClaim) ? claims[humanIdClaim] : undefined };
  let read: ReturnType<NonNullable<TokenProfile['readDelegation']>>;
  try {
    read = profile.readDelegation?.(named, 'rfc8693');
  } catch (error) {
    return fail(error instanceof Error ? error.message : "the token's delegation is refused");
  }
  const human = read ? objectOf(read.human) : named;
  const actorSub = read ? objectOf(read.actors[0])?.sub : objectOf(claims.act)?.sub;
  // A vendor facet names the actor in its own claims (Entra: azp/appid with xms_act_fct).
  const actorClaim = read ? `the actor (as the ${profile.vendor} profile reads it)` : 'act.sub';
  if (actorSub === undefined) {
    return fail(
      read
        ? `the token names no acting agent where the ${profile.vendor} profile reads it`
        : 'the token has no "act" claim naming the agent (RFC 8693 §4.1)',
    );
  }
  if (actorSub !== expect.clientId) {
    return fail(`${actorClaim} is ${String(actorSub)}, not the agent ${expect.clientId}`);
  }
  if (human?.sub !== expect.human && human?.oid !== expect.human) {
    const names =
      human?.oid === undefined ? `"${idClaim}" is` : `neither "${idClaim}" nor "oid" is`;
    return fail(`${names} the human given with --human`);
  }
  const which = human.sub === expect.human ? idClaim : 'oid';
  return {
    id: 'human',
    status: 'pass',
    detail: `${which} is the human, ${actorClaim} the agent ${expect.clientId}`,
  };
}

function checkAudience(
  claims: Claims,
  expected: string | undefined,
  sharedReason: string | undefined,
): CheckOutcome {
  if (expected === undefined) {
    return { id: 'audience', status: 'skip', detail: 'no expected audience (--audience)' };
  }
  if (sharedReason !== undefined) {
    return { id: 'audience', status: 'fail', detail: `--audience ${expected}: ${sharedReason}` };
  }
  const aud = typeof claims.aud === 'string' ? [claims.aud] : claimValues(claims, 'aud');
  return aud.includes(expected)
    ? { id: 'audience', status: 'pass', detail: `aud includes ${expected}` }
    : {
        id: 'audience',
        status: 'fail',
        detail: `aud is ${aud.join(', ') || '(none)'}, the API expects ${expected}`,
      };
}

function checkList(
  id: 'scopes' | 'agent-role',
  noun: string,
  paths: readonly string[],
  claims: Claims,
  expected: readonly string[],
  unknownFix: DoctorFix | undefined,
): CheckOutcome {
  if (expected.length === 0) {
    return { id, status: 'skip', detail: `no expected ${noun} (--${noun})` };
  }
  if (paths.length === 0) {
    const where = `no claim of this IdP's tokens records the agent's ${noun}s in this layout`;
    return unknownFix === undefined
      ? { id, status: 'fail', detail: `missing ${expected.join(' ')} (${where})` }
      : { id, status: 'fail', detail: `${where}: use agentIn`, fix: unknownFix };
  }
  const held = new Set(paths.flatMap((path) => claimValues(claims, path)));
  const missing = expected.filter((value) => !held.has(value));
  return missing.length === 0
    ? { id, status: 'pass', detail: `${expected.join(' ')} in ${paths.join(', ')}` }
    : { id, status: 'fail', detail: `missing ${missing.join(' ')} (${paths.join(', ')})` };
}

function checkLifetime(claims: Claims, expect: TokenExpectations): CheckOutcome {
  const { exp, iat } = claims;
  if (typeof exp !== 'number') {
    return { id: 'lifetime', status: 'fail', detail: 'the token has no numeric "exp"' };
  }
  if (exp <= expect.nowSeconds) {
    return { id: 'lifetime', status: 'fail', detail: 'the token is already expired (exp)' };
  }
  const lifetime = typeof iat === 'number' ? exp - iat : exp - expect.nowSeconds;
  return lifetime > expect.maxLifetimeSeconds
    ? {
        id: 'lifetime',
        status: 'fail',
        detail: `lives ${lifetime} s, more than ${expect.maxLifetimeSeconds} s`,
      }
    : { id: 'lifetime', status: 'pass', detail: `lives ${lifetime} s` };
}
