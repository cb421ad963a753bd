import {
  type Act,
  type DelegationCutoffStore,
  delegationCutoffVerdict,
  endedDelegationPhrase,
} from '@dual-auth/core';
import { refuseJwt } from '@dual-auth/core/jwt';

// What its refusals name, as the act JWT verifier's do.
const LABEL = 'Act JWT';

/**
 * Refuses a delegation of `act`'s human that began at `iatSeconds` (the act JWT's `iat`) when the
 * human's cut-off (`endDelegation`) is at or after it, or less than `clockToleranceSeconds` before
 * it (the signer's clock may run ahead of the one that recorded the cut-off); a store that cannot
 * answer refuses too. Resolves the cut-off read (ms since the epoch; `undefined` when none).
 *
 * @throws ActVerificationError `revoked` (claim `iat`) when the delegation was ended, or
 * `replay_store_unavailable` when `cutoffStore` did not answer (fail closed).
 */
export async function refuseEndedDelegation(
  cutoffStore: DelegationCutoffStore,
  act: Act,
  iatSeconds: number,
  clockToleranceSeconds: number,
): Promise<number | undefined> {
  const verdict = await delegationCutoffVerdict({
    store: cutoffStore,
    human: act,
    iatSeconds,
    clockToleranceSeconds,
  });
  if (verdict.state === 'unavailable') {
    refuseJwt(
      LABEL,
      'replay_store_unavailable',
      "could not be checked against the human's delegation cut-off: the store did not answer; refused",
      { cause: verdict.cause },
    );
  }
  if (verdict.state === 'ended') {
    refuseJwt(LABEL, 'revoked', endedDelegationPhrase(verdict, clockToleranceSeconds), {
      claim: 'iat',
    });
  }
  return verdict.cutoffMs;
}
