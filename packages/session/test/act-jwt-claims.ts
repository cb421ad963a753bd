/** The agent endpoint the act JWTs of the verifier tests are sent to (their `aud`). */
export const ACT_AUDIENCE = 'https://agent.example.com/invoke';

/** The verifier tests' fixed time, in seconds since the epoch: the act JWTs are issued at it. */
export const ACT_NOW_S = 1_800_000_000;

/**
 * The claims of an act JWT as the application (`iss` = `sub` = `application`) signs one for
 * {@link ACT_AUDIENCE}: issued at {@link ACT_NOW_S}, valid 60 s, a fresh `jti`, the human
 * `u-1`. An override replaces its claim; an override of `undefined` leaves the claim out.
 */
export function actJwtClaims(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const claims: Record<string, unknown> = {
    iss: 'application',
    sub: 'application',
    aud: ACT_AUDIENCE,
    exp: ACT_NOW_S + 60,
    iat: ACT_NOW_S,
    jti: `jti-${Math.random()}`,
    act: { sub: 'u-1', email: 'alice@example.com' },
  };
  for (const [key, value] of Object.entries(overrides)) {
    if (value === undefined) delete claims[key];
    else claims[key] = value;
  }
  return claims;
}
