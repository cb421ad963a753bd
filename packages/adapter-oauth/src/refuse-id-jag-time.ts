import {
  type Logger,
  MAX_CLOCK_TOLERANCE_SECONDS,
  type SubjectToken,
  TokenRequestError,
  type Vendor,
} from '@dual-auth/core';
import { jwtTimeFault } from '@dual-auth/core/adapter-kit';

const CLOCKS = "check this host's clock and the enterprise IdP's (NTP)";

/** Why the ID-JAG is unusable at `nowMs` for its time (`jwtTimeFault`), or `undefined`. */
function idJagTimeProblem(grant: SubjectToken, nowMs: number): string | undefined {
  const fault = jwtTimeFault(grant.value, nowMs);
  if (fault === 'exp') return `the ID-JAG is past its exp: ${CLOCKS}`;
  return fault === 'iat'
    ? `the ID-JAG is issued in the future (iat over ${MAX_CLOCK_TOLERANCE_SECONDS} s ahead of this host's clock): ${CLOCKS}`
    : undefined;
}

/**
 * Refuses an ID-JAG (`id-jag` step one) that the resource's server would refuse for its time, by
 * the adapter's clock (`nowMs`, ms since the epoch): a numeric `exp` not after it (RFC 7519
 * §4.1.4; draft-ietf-oauth-identity-assertion-authz-grant §3 requires `exp`), or a numeric `iat`
 * more than `MAX_CLOCK_TOLERANCE_SECONDS` (300 s) after it, the most any guard tolerates, as the
 * adapter kit refuses an access token's (`tokenAnswerProblem`). Called after the checks of whom it
 * names (`checkIdJagHuman`, `checkIdJagAudience`, `checkIdJagClient`), so an ID-JAG both out of
 * time and for another human or client is that security event (`token_subject_mismatch`), not a
 * clock to check. Logged `<vendor>_response_error` (`oauth_response_error`) (`status_code` 200,
 * `error_type` the reason), as the adapter kit logs a 200 answer it cannot use.
 *
 * @throws TokenRequestError (status 200) naming the clocks to check.
 */
export function refuseIdJagTime(
  grant: SubjectToken,
  { vendor, logger, nowMs }: { vendor: Vendor; logger: Logger; nowMs: number },
): void {
  const problem = idJagTimeProblem(grant, nowMs);
  if (problem === undefined) return;
  logger.error(`${vendor}_response_error`, { status_code: 200, error_type: problem });
  throw new TokenRequestError({
    vendor,
    status: 200,
    message: `Invalid response from id-jag step 1 at OAUTH_IDP_TOKEN_URL: ${problem}`,
  });
}
