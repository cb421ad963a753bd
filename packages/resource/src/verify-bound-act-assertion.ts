import type { Act } from '@dual-auth/core';
import { namespacedReplayKey, readActClaim, refuseJwt, verifyJwt } from '@dual-auth/core/jwt';
import { accessTokenDigest } from './access-token-digest.js';
import { claimFirstUse } from './claim-first-use.js';
import { DualSubjectVerificationError } from './dual-subject-verification-error.js';
import { withVerifiedHuman } from './verified-human-of-refusal.js';
import type { BoundActAssertionOptions, VerificationKeys } from './verify-options.js';

/** What {@link verifyBoundActAssertion} binds the assertion to. */
export interface BoundAssertionContext {
  bound: BoundActAssertionOptions;
  /** The verified access token's `iat` and `exp`, in seconds. */
  tokenIat: number;
  tokenExp: number;
  /** The access token as sent: the assertion's `jti` is bound to its digest. */
  rawAccessToken: string;
  agentId: string;
  /** The access token's own `sub` and `oid` (Entra: the agent's service principal), when strings. */
  agentSubjects: readonly string[];
  clockToleranceSeconds: number;
  nowMs: number;
  maxTokenBytes: number;
  /** The request's: the replay claim is no longer waited for once it aborts (refused, unavailable). */
  signal?: AbortSignal | undefined;
}

const LABEL = 'Act assertion';
// `act-assertion:<app id>:<jti>` or `act-assertion-sha256:…`: apart from the `act-jwt` keys of an
// ActJwtVerifier and the `dpop-proof-sha256` keys of DPoP proofs in a shared store.
const REPLAY_NAMESPACE = 'act-assertion';
const DEFAULT_MAX_LIFETIME_SECONDS = 300;

// Claims the verified assertion's `jti`, bound to the access token it came with.
async function claimAssertion(
  jti: string,
  expSeconds: number,
  context: BoundAssertionContext,
): Promise<void> {
  const { bound, agentId } = context;
  const binding = await accessTokenDigest(context.rawAccessToken);
  const first = await claimFirstUse(
    LABEL,
    bound.replayStore,
    await namespacedReplayKey(REPLAY_NAMESPACE, agentId, jti),
    (expSeconds + context.clockToleranceSeconds) * 1000,
    // Each agent application counts against its own share of a bounded store.
    { binding, partition: agentId },
    context.signal,
  );
  if (!first) {
    // The assertion may come again with its own token only (retries, a cache): a new token needs a new one.
    refuseJwt(
      LABEL,
      'replayed',
      'was already used with another access token (replayed "jti"): each act assertion goes with one access token; sign a new one with each new token',
      { claim: 'jti' },
    );
  }
}

/**
 * The keys that may sign for `agentId`: its own entry of a per-application map; keys given
 * directly (a key, a JWKS, a resolver) are ONE application's key set, each key trusted for it.
 */
function appKeysOf(bound: BoundActAssertionOptions, agentId: string): VerificationKeys {
  if (!(bound.appKeys instanceof Map)) return bound.appKeys as VerificationKeys;
  const keys = bound.appKeys.get(agentId);
  if (keys === undefined) {
    refuseJwt(LABEL, 'unknown_key', 'is for an agent application that has no key in appKeys', {
      claim: 'iss',
    });
  }
  return keys;
}

/**
 * The agent application signs the assertion itself: naming its own application id or service
 * principal (the access token's `sub`, `oid`) as the human would leave one identity in both roles.
 * Entra's ids are GUIDs, which its directory reads in any case, so they are compared so too.
 */
function refuseAgentAsHuman(act: Act, context: BoundAssertionContext): void {
  const own = new Set([context.agentId, ...context.agentSubjects].map((id) => id.toLowerCase()));
  for (const claim of ['sub', 'oid'] as const) {
    const id = act[claim];
    if (id !== undefined && own.has(id.toLowerCase())) {
      refuseJwt(
        LABEL,
        'invalid_act',
        `has an "act.${claim}" naming the agent application itself: the agent cannot be the human it acts for; name the signed-in human in the act assertion`,
        { claim: `act.${claim}` },
      );
    }
  }
}

// Entra ID's object id as it writes one: a GUID in RFC 9562 §4's text form, lower case.
const ENTRA_OBJECT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * The human's `oid` in the one spelling Entra ID writes object ids: a lower-case hyphenated GUID
 * (Microsoft identity platform "Access token claims reference", `oid`; RFC 9562 §4 text form).
 * The agent application writes it, and a GUID Microsoft Graph reads in another case, without
 * hyphens or in braces would miss the cut-off `endDelegation` recorded and every list keyed on
 * Entra's spelling.
 */
function refuseNonCanonicalOid(act: Act): void {
  if (act.oid !== undefined && !ENTRA_OBJECT_ID.test(act.oid)) {
    refuseJwt(
      LABEL,
      'invalid_act',
      'has an "act.oid" that is not an object id as Entra ID writes it: write its "oid" claim as it is, a GUID in lower case with hyphens (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx), no braces',
      { claim: 'act.oid' },
    );
  }
}

/**
 * Verifies a bound act assertion with core's one routine and binds it to the access token it came
 * with: signed by the agent application's key (its entry of a per-application `appKeys` map; keys
 * given directly are that one application's, any `kid` or none), for `actAudience`, `iss` = `sub` = the token's
 * agent, issued within the token's lifetime, not longer-lived than `maxLifetimeSeconds`, its `act`
 * not naming the agent itself (its app id, or the token's `sub` or `oid`, in any case), its
 * `act.oid` a lower-case hyphenated GUID as Entra ID writes it (a cut-off keyed on that spelling is found), and its
 * `jti` never seen before with any other access token. The `jti` is claimed with the SHA-256 of
 * the access token as binding: the same token + assertion pair may be sent again while the
 * assertion lives (cached tokens, retries), but the assertion can never be paired with another
 * token. The replay claim comes last, so a refused assertion does not burn its `jti`; its refusal
 * (a `DualSubjectVerificationError` of the `act_assertion`) is marked with the verified human and
 * agent for the audit record.
 *
 * @throws ActVerificationError with the reason (`binding_mismatch`, `invalid_act`, `replayed`, …;
 *   `replay_store_unavailable` when a shared replay store throws `StoreUnavailableError`, or when
 *   `context.signal` aborts before it answers, with the signal's reason as `cause`).
 */
export async function verifyBoundActAssertion(
  assertion: string,
  context: BoundAssertionContext,
): Promise<Act> {
  const { bound, agentId, clockToleranceSeconds: tolerance } = context;
  const keys = appKeysOf(bound, agentId);
  const { claims, checked } = await verifyJwt(assertion, {
    label: LABEL,
    keys,
    algorithms: bound.algorithms ?? ['RS256'],
    audience: bound.actAudience,
    nowMs: context.nowMs,
    clockToleranceSeconds: tolerance,
    maxTokenBytes: context.maxTokenBytes,
    maxLifetimeSeconds: bound.maxLifetimeSeconds ?? DEFAULT_MAX_LIFETIME_SECONDS,
    maxLifetimeOption: 'boundActAssertion.maxLifetimeSeconds',
    requireJti: true,
  });
  if (claims.iss !== agentId || claims.sub !== agentId) {
    refuseJwt(
      LABEL,
      'binding_mismatch',
      "was not issued by the access token's agent application: its iss and sub must both be the token's agent (client) id, for Entra ID the Application (client) ID, not an App ID URI",
      {
        claim: claims.iss === agentId ? 'sub' : 'iss',
      },
    );
  }
  if (checked.iat < context.tokenIat - tolerance || checked.iat > context.tokenExp) {
    refuseJwt(LABEL, 'binding_mismatch', "was not issued within the access token's lifetime", {
      claim: 'iat',
    });
  }
  const act = readActClaim(LABEL, claims.act);
  refuseAgentAsHuman(act, context);
  refuseNonCanonicalOid(act);
  // The assertion verified: a refusal from here on (replayed, the store down) names whom it
  // verified for in the audit record.
  await DualSubjectVerificationError.refusing('act_assertion', () =>
    claimAssertion(checked.jti as string, checked.exp, context),
  ).catch((error: unknown) => {
    throw typeof error === 'object' && error !== null
      ? withVerifiedHuman(error, act, agentId)
      : error;
  });
  return act;
}
