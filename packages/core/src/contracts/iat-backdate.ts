import { checkValue } from '../config/check-option.js';

/**
 * The largest `iatBackdateSeconds` a delegation cut-off takes (`TokenProfile`, `IamAdapter`): twice
 * Entra ID's 300 s, the only backdating known, so an IdP that widens its skew allowance a little
 * still fits, while a value far above (a day: a unit slip, or a profile that means harm) cannot
 * make the cut-off accept a human's token from long before the logout.
 */
export const MAX_IAT_BACKDATE_SECONDS = 600;

/**
 * Checks an IdP's `iatBackdateSeconds` (`TokenProfile`, `IamAdapter`) and returns it, 0 when
 * absent.
 *
 * @param name - How the refusal names the value (`options.profile.iatBackdateSeconds`); default
 *   `iatBackdateSeconds`.
 * @throws TypeError unless it is absent or a finite number from 0 to {@link MAX_IAT_BACKDATE_SECONDS}.
 */
export function checkIatBackdateSeconds(
  iatBackdateSeconds: unknown,
  name = 'iatBackdateSeconds',
): number {
  const seconds = checkValue(iatBackdateSeconds, name, 'number') ?? 0;
  if (seconds > MAX_IAT_BACKDATE_SECONDS) {
    throw new TypeError(
      `${name} must be at most ${MAX_IAT_BACKDATE_SECONDS} (seconds; Entra ID's is 300)`,
    );
  }
  return seconds;
}

/**
 * When a delegation cut-off judges a token dated `iatSeconds` issued, in whole seconds since the
 * epoch: `iatSeconds` plus its IdP's `iatBackdateSeconds`. Microsoft Entra ID dates `iat` and
 * `nbf` 5 minutes before it mints a token, for clock skew
 * (https://github.com/openid/AppAuth-iOS/issues/264,
 * https://github.com/psignoret/aad-sso-wordpress/issues/34): judged by its raw `iat`, every token
 * minted in the 5 minutes after a human's `endDelegation` would be refused, and signing in again
 * could not help. The trade: should the IdP stop backdating, a token it really minted up to
 * `iatBackdateSeconds` before the cut-off is accepted. A lifetime cap counts from the same instant
 * (`checkJwtClaims`' `iatBackdateSeconds`, the API guard's `maxTokenLifetimeSeconds`).
 *
 * @throws TypeError when `iatBackdateSeconds` is not absent or a finite number from 0 to
 * {@link MAX_IAT_BACKDATE_SECONDS} (see {@link checkIatBackdateSeconds}).
 */
export function cutoffIssuedAtSeconds(iatSeconds: number, iatBackdateSeconds?: number): number {
  return iatSeconds + checkIatBackdateSeconds(iatBackdateSeconds, 'iatBackdateSeconds');
}
