import { MAX_CLOCK_TOLERANCE_SECONDS } from '../config/check-option.js';
import { jwtPayloadOf } from './check-issued-token.js';

/**
 * Which time claim makes the JWT `token` unusable at `nowMs` (ms since the epoch), the one rule of
 * every "out of time" refusal of a token the agent holds: `'exp'` when its numeric `exp` is not
 * after `nowMs` less `expLeewaySeconds` (RFC 7519 §4.1.4; default 0: a token handed out must still
 * be valid), `'iat'` when its numeric `iat` is more than `MAX_CLOCK_TOLERANCE_SECONDS` (300 s)
 * after `nowMs` (§4.1.6 makes `iat` informational, but `@dual-auth/resource` refuses a token
 * issued further ahead than its `clockToleranceSeconds`, which is at most that: a clock to fix);
 * `undefined` for an opaque token, one without those claims, or one in time. Callers word it
 * for what the token is (`access_token is past its exp`, `the ID-JAG is issued in the future`).
 *
 * @example
 * jwtTimeFault(idJag, clock.now()); // 'iat' when the IdP's clock runs 6 min ahead
 */
export function jwtTimeFault(
  token: string,
  nowMs: number,
  expLeewaySeconds = 0,
): 'exp' | 'iat' | undefined {
  const { exp, iat } = jwtPayloadOf(token) ?? {};
  const now = nowMs / 1000;
  if (typeof exp === 'number' && exp <= now - expLeewaySeconds) return 'exp';
  return typeof iat === 'number' && iat > now + MAX_CLOCK_TOLERANCE_SECONDS ? 'iat' : undefined;
}
