import { type Logger, type SubjectToken, TokenRequestError, type Vendor } from '@dual-auth/core';
import { jwtPayloadOf } from '@dual-auth/core/adapter-kit';

const PAST_EXP =
  "the ID-JAG is past its exp: check this host's clock and the enterprise IdP's (NTP)";

/**
 * Refuses an ID-JAG (`id-jag` step one) whose numeric `exp` is not after `nowMs` (ms since the
 * epoch, by the adapter's clock): the resource's server would refuse it (RFC 7519 §4.1.4;
 * draft-ietf-oauth-identity-assertion-authz-grant §3 requires `exp`). Called after the checks of
 * whom it names (`checkIdJagHuman`, `checkIdJagAudience`, `checkIdJagClient`), so an ID-JAG both
 * expired and for another human or client is that security event (`token_subject_mismatch`), not
 * a clock to check. Logged `<vendor>_response_error` (`oauth_response_error`) (`status_code` 200, `error_type` the reason), as
 * the adapter kit logs a 200 answer it cannot use.
 *
 * @throws TokenRequestError (status 200) naming the clocks to check.
 */
export function refuseIdJagPastExp(
  grant: SubjectToken,
  { vendor, logger, nowMs }: { vendor: Vendor; logger: Logger; nowMs: number },
): void {
  const exp = jwtPayloadOf(grant.value)?.exp;
  if (typeof exp !== 'number' || !Number.isFinite(exp) || exp * 1000 > nowMs) return;
  logger.error(`${vendor}_response_error`, { status_code: 200, error_type: PAST_EXP });
  throw new TokenRequestError({
    vendor,
    status: 200,
    message: `Invalid response from id-jag step 1 at OAUTH_IDP_TOKEN_URL: ${PAST_EXP}`,
  });
}
