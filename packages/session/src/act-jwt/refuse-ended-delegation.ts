import {
  type Act,
  cutoffIdsOf,
  cutoffStoreClockAdvice,
  type DelegationCutoffStore,
  delegationCutoffVerdict,
  endedDelegationPhrase,
  latestCutoffOf,
} from '@dual-auth/core';
import { refuseJwt } from '@dual-auth/core/jwt';

/** The credential a delegation began with, as a refusal names it. */
export interface DelegationCredential {
  /** What the refusal's message starts with: `Act JWT`, `Subject token`. */
  readonly label: string;
  /** Said after a refusal for the cut-off: what the caller does next. */
  readonly advice?: string | undefined;
  /**
   * For a credential that may carry no date: the refusal's words after `label` when it has none
   * and a cut-off is kept for the human (what to pass instead). Without it, an undated credential
   * only reads the cut-off.
   */
  readonly undated?: string | undefined;
  /**
   * For a credential that is no issued token (a sign-in time): the refusal's words after `label`
   * for an ended delegation, instead of core's `endedDelegationPhrase` and `advice`. `acceptedFrom`
   * is when a new one is accepted (ISO 8601), for one within the clock tolerance after the
   * cut-off; `undefined` for one at or before it.
   */
  readonly ended?: ((acceptedFrom: string | undefined) => string) | undefined;
}

const ACT_JWT: DelegationCredential = { label: 'Act JWT' };

/**
 * Refuses a delegation of `act`'s human that began at `iatSeconds` (the `iat` of the credential it
 * began with: an act JWT, the human's subject token) when the human's cut-off (`endDelegation`) is
 * at or after it, or less than `clockToleranceSeconds` before it (the signer's clock may run ahead
 * of the one that recorded the cut-off); a store that cannot answer refuses too. With
 * `iatSeconds` undefined (a credential that carries no date), the cut-off is read, and refuses
 * when one is kept and `credential.undated` says what to pass instead (fail closed). Resolves the
 * cut-off read (ms since the epoch; `undefined` when none).
 *
 * @throws ActVerificationError `revoked` (claim `iat`) when the delegation was ended, or it is
 * undated with `credential.undated` and a cut-off is kept; `cutoff_store_unavailable` when
 * `cutoffStore` did not answer (fail closed), its message naming the hosts' clocks (NTP) when a
 * clock made the store refuse (core's `cutoffStoreClockAdvice`).
 */
export async function refuseEndedDelegation(
  cutoffStore: DelegationCutoffStore,
  act: Act,
  iatSeconds: number | undefined,
  clockToleranceSeconds: number,
  credential: DelegationCredential = ACT_JWT,
): Promise<number | undefined> {
  const verdict =
    iatSeconds === undefined
      ? await latestCutoffOf(cutoffStore, cutoffIdsOf(act)).then(
          (cutoffMs) => ({ state: 'open' as const, cutoffMs }),
          (cause: unknown) => ({ state: 'unavailable' as const, cause }),
        )
      : // No `iatBackdateSeconds`: an act JWT is this library's, dated `iat` when it is signed (no
        // IdP backdates it), and a subject token's `iatSeconds` comes with its IdP's backdating
        // already added (`InSessionTokenRequest`, by core's `cutoffIssuedAtSeconds`).
        await delegationCutoffVerdict({
          store: cutoffStore,
          human: act,
          iatSeconds,
          clockToleranceSeconds,
        });
  if (verdict.state === 'unavailable') {
    refuseJwt(
      credential.label,
      'cutoff_store_unavailable',
      `could not be checked against the human's delegation cut-off: ${cutoffStoreClockAdvice(verdict.cause) ?? 'the store did not answer'}; refused`,
      { cause: verdict.cause },
    );
  }
  if (
    iatSeconds === undefined &&
    verdict.cutoffMs !== undefined &&
    credential.undated !== undefined
  ) {
    refuseJwt(credential.label, 'revoked', credential.undated, { claim: 'iat' });
  }
  if (verdict.state === 'ended') {
    const { ended, advice } = credential;
    const until = verdict.withinToleranceUntilMs;
    const words =
      ended === undefined
        ? `${endedDelegationPhrase(verdict, clockToleranceSeconds)}${advice === undefined ? '' : `: ${advice}`}`
        : ended(until === undefined ? undefined : new Date(until).toISOString());
    refuseJwt(credential.label, 'revoked', words, { claim: 'iat' });
  }
  return verdict.cutoffMs;
}
