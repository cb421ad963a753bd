import { type SubjectToken, SubjectTokenRequiredError } from '@dual-auth/core';
import {
  type ActContext,
  currentSignedInAtMs,
  currentSubjectToken,
} from '@dual-auth/session/context';

/**
 * The human's token of `context` (default: the one of `runWithAct`), read now, to be awaited: what
 * `runWithAct(act, fn, { subjectToken })` was given, its function called; `undefined` when none
 * was, or the context predates `subjectToken()`.
 *
 * @throws TypeError (rejects) when the context's function resolves to something else than a token.
 */
export function subjectTokenInContext(
  context: ActContext | undefined,
): Promise<SubjectToken | undefined> | undefined {
  return context === undefined ? currentSubjectToken() : context.subjectToken?.();
}

/**
 * The human's sign-in time of `context` (default: the one of `runWithAct`), in ms since the
 * epoch: what `runWithAct(act, fn, { signedInAtMs })` was given; `undefined` when none was, or the
 * context predates `signedInAtMs()`.
 */
export function signedInAtInContext(context: ActContext | undefined): number | undefined {
  return context === undefined ? currentSignedInAtMs() : context.signedInAtMs?.();
}

/**
 * An adapter of a delegation mode (`OAUTH_MODE` `token-exchange`, `on-behalf-of`, `id-jag`)
 * refuses a request without the human's token, or with one its IdP would plainly refuse (unsigned,
 * long expired: `refuseUnusableSubjectToken`); here that token comes from the act context, so the
 * error says what to do there: give the context the human's token when `given` is false, have it
 * return a fresh one when the context gave the one refused. Any other error is thrown as it is.
 */
export function explainSubjectToken(error: unknown, given: boolean): never {
  if (SubjectTokenRequiredError.isInstance(error)) {
    const advice = given
      ? "the act context's token is the one refused: have runWithAct(act, fn, { subjectToken }) return a fresh one"
      : "give the act context the human's token, runWithAct(act, fn, { subjectToken })";
    throw new SubjectTokenRequiredError(
      `${error.message}: ${advice} (@dual-auth/session/context)`,
      { cause: error },
    );
  }
  throw error;
}
