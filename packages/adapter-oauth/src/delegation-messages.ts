import { urlForLogging } from '@dual-auth/core';
import type { StatusMessages } from '@dual-auth/core/adapter-kit';
import { OAUTH_ERROR_ADVICE } from '@dual-auth/core/adapter-kit';

/** A token request of a delegation mode; `id-jag` makes two, at two servers. */
export type DelegationStep = 'token-exchange' | 'on-behalf-of' | 'id-jag-1' | 'id-jag-2';

interface StepWords {
  /** The request, and the variable of the URL it goes to. */
  readonly where: string;
  /** The token `invalid_grant` refuses. */
  readonly what: string;
  /** Why a server refuses that token. */
  readonly why: string;
  readonly fix: string;
}

const SUBJECT_WHY =
  'it is expired, issued to another client (its aud), names another actor (may_act), or is of a type this IdP does not take';

const STEPS: Readonly<Record<DelegationStep, StepWords>> = {
  'token-exchange': {
    where: 'token exchange at OAUTH_TOKEN_URL',
    what: "the subject token (the human's token)",
    why: SUBJECT_WHY,
    fix: "pass the human's live token for this agent (its aud)",
  },
  'on-behalf-of': {
    where: 'on-behalf-of at OAUTH_TOKEN_URL',
    what: "the assertion (the human's token)",
    // Entra answers a missing consent (AADSTS65001) with invalid_grant too.
    why: `${SUBJECT_WHY}, or the human has not consented to this agent`,
    fix: "pass the human's live token for this agent's API (its aud)",
  },
  'id-jag-1': {
    where: 'id-jag step 1 (ID token for an ID-JAG) at OAUTH_IDP_TOKEN_URL',
    what: "the subject token (the human's ID token)",
    why: SUBJECT_WHY,
    fix: "pass UserSession.idToken of a login to the agent's client (aud AGENT_CLIENT_ID)",
  },
  'id-jag-2': {
    where: 'id-jag step 2 (ID-JAG for an access token) at OAUTH_TOKEN_URL',
    what: 'the ID-JAG of step 1',
    why: 'it is expired, for another server (its aud) or client, or from an IdP this server does not trust',
    fix: 'check OAUTH_RESOURCE_ISSUER, and that this server trusts the IdP at OAUTH_IDP_TOKEN_URL',
  },
};

/**
 * The messages of one delegation request: `invalid_grant` (RFC 6749 §5.2) says which token was
 * refused, by which request at which URL, and what to check — never the IdP's free text — instead
 * of the status's generic text (a client assertion is refused as `invalid_client`). In `id-jag`
 * every other message also starts with the step and its URL, as the two servers differ.
 *
 * @param base The adapter's messages, for everything but `invalid_grant`.
 * @param tokenUrl The URL the request goes to, shown as `urlForLogging` gives it.
 * @param options.actorToken Whether the request carries an `actor_token` (`OAUTH_ACTOR_TOKEN`),
 *   which `invalid_grant` may be about too.
 */
export function delegationMessages(
  base: StatusMessages,
  step: DelegationStep,
  tokenUrl: string | URL,
  options: { readonly actorToken?: boolean } = {},
): StatusMessages {
  const words = STEPS[step];
  const at = `${words.where} (${urlForLogging(tokenUrl)})`;
  // The IdP refuses an RFC 8693 actor_token with invalid_grant as well.
  const what = options.actorToken === true ? `${words.what} or the actor token` : words.what;
  const invalidGrant = `${at} refused ${what} (invalid_grant): ${words.why} - ${words.fix}`;
  if (step !== 'id-jag-1' && step !== 'id-jag-2') {
    return { ...base, byError: { ...base.byError, invalid_grant: invalidGrant } };
  }
  const inStep = (message: string) => `${at}: ${message}`;
  // Every standard code gets its step here, as core would word it (OAUTH_ERROR_ADVICE).
  const byCode = Object.entries(OAUTH_ERROR_ADVICE).map(([code, { status, advice }]) => [
    code,
    inStep(
      base.byError?.[code] ?? (status === undefined ? undefined : base.byStatus[status]) ?? advice,
    ),
  ]);
  return {
    byStatus: Object.fromEntries(
      Object.entries(base.byStatus).map(([status, message]) => [status, inStep(String(message))]),
    ),
    byError: { ...Object.fromEntries(byCode), invalid_grant: invalidGrant },
    other: (state) => inStep(base.other(state)),
  };
}
