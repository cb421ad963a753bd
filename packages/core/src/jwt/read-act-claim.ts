import { findActProblem } from '../adapter-kit/validate-act.js';
import type { Act } from '../contracts/act.js';
import { refuseJwt } from './jwt-refusal.js';

/**
 * Reads the `act` claim (the human) of a verified token by the one act rule set
 * (`findActProblem`): a shallow copy of the act, or a refusal.
 *
 * @throws ActVerificationError `missing_claim` (no `act`) or `invalid_act`, naming the claim at
 * fault (`act`, `act.sub`, `act.act`…); the message never contains its values.
 * @example
 * const act = readActClaim('Act JWT', claims.act);
 */
export function readActClaim(label: string, value: unknown): Act {
  const problem = findActProblem(value);
  if (problem?.missing) {
    refuseJwt(
      label,
      'missing_claim',
      'has no "act" claim: it does not say which human the agent acts for',
      {
        claim: 'act',
      },
    );
  }
  if (problem !== undefined) {
    refuseJwt(label, 'invalid_act', `has an invalid act: ${problem.message}`, {
      claim: problem.claim,
    });
  }
  return { ...(value as Act) };
}
