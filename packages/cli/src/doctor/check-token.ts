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
}

type Claims = Readonly<Record<string, unknown>>;

const objectOf = (value: unknown): Claims | undefined =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Claims)
    : undefined;

/**
 * Checks a decoded access token (and the act assertion that came with it) one by one: where the
 * human is, audience, scopes, the agent's role, lifetime. Details never repeat the human's id.
 */
export function checkToken(input: {
  readonly claims: Claims;
  readonly actAssertion: string | undefined;
  readonly profile: TokenProfile;
  readonly layout: DelegationLayout;
  /** `rfc8693`: the claim naming the human by id when `sub` is a login (`DoctorAdvice.humanIdClaim`). */
  readonly humanIdClaim?: string | undefined;
  readonly expect: TokenExpectations;
}): CheckOutcome[] {
  const { claims, profile, expect } = input;
  // An rfc8693 token is the human's: only the claims recording the client's grants are the agent's.
  const granted = input.layout === 'rfc8693' ? profile.rfc8693AgentGrantClaims : profile;
  const scopeClaims = granted?.scopeClaims ?? [];
  const roleClaims = granted?.roleClaims ?? [];
  return [
    checkHuman(input),
    checkAudience(claims, expect.audience),
    checkList('scopes', 'scope', scopeClaims, claims, expect.scopes ?? []),
    checkList('agent-role', 'role', roleClaims, claims, expect.role ? [expect.role] : []),
    checkLifetime(claims, expect),
  ];
}

function checkHuman(input: {
  readonly claims: Claims;
  readonly actAssertion: string | undefined;
  readonly profile: TokenProfile;
  readonly layout: DelegationLayout;
  readonly humanIdClaim?: string | undefined;
  readonly expect: TokenExpectations;
}): CheckOutcome {
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

// As the API reads it: under a human-id claim the token's sub is a login, replaced by the id.
function checkRfc8693Human(
  input: {
    readonly claims: Claims;
    readonly profile: TokenProfile;
    readonly humanIdClaim?: string | undefined;
    readonly expect: TokenExpectations;
  },
  fail: (detail: string) => CheckOutcome,
): CheckOutcome {
  const { claims, profile, humanIdClaim, expect } = input;
  const idClaim = humanIdClaim ?? 'sub';
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
  const humanSub = read ? read.human.sub : named.sub;
  const actorSub = read ? read.actors[0]?.sub : objectOf(claims.act)?.sub;
  if (actorSub === undefined) {
    return fail('the token has no "act" claim naming the agent (RFC 8693 §4.1)');
  }
  if (actorSub !== expect.clientId) {
    return fail(`act.sub is ${String(actorSub)}, not the agent ${expect.clientId}`);
  }
  if (humanSub !== expect.human) return fail(`"${idClaim}" is not the human given with --human`);
  return {
    id: 'human',
    status: 'pass',
    detail: `${idClaim} is the human, act.sub the agent ${expect.clientId}`,
  };
}

function checkAudience(claims: Claims, expected: string | undefined): CheckOutcome {
  if (expected === undefined) {
    return { id: 'audience', status: 'skip', detail: 'no expected audience (--audience)' };
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
): CheckOutcome {
  if (expected.length === 0) {
    return { id, status: 'skip', detail: `no expected ${noun} (--${noun})` };
  }
  const held = new Set(paths.flatMap((path) => claimValues(claims, path)));
  const missing = expected.filter((value) => !held.has(value));
  const where =
    paths.length > 0
      ? paths.join(', ')
      : `no claim of this IdP's tokens records the agent's ${noun} in this layout`;
  return missing.length === 0
    ? { id, status: 'pass', detail: `${expected.join(' ')} in ${where}` }
    : { id, status: 'fail', detail: `missing ${missing.join(' ')} (${where})` };
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
