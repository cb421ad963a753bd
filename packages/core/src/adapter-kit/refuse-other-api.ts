import type { Vendor } from '../contracts/vendor.js';
import { TokenRequestError } from '../errors/token-request-error.js';
import type { IssuedTokenCheck } from './base-adapter.js';
import { checkIssuedToken, jwtPayloadOf } from './check-issued-token.js';

const named = (values: readonly unknown[]): string[] =>
  values.filter((value): value is string => typeof value === 'string' && value !== '');

/**
 * Refuses a token for another API: its `aud` (a string, or an array of them: RFC 7519 §4.1.3)
 * must name one of `audiences` (the configured `API_AUDIENCE`, `OAUTH_RESOURCE`; unset ones left
 * out), exactly. None configured: nothing to compare. Sent on, a token for another API would let
 * the API called replay it where it is valid (RFC 8707 §1).
 *
 * @param which - What `aud` is not, for the message (`names neither API_AUDIENCE nor OAUTH_RESOURCE`).
 * @param check - What to check on the IdP, for the message.
 * @throws TokenRequestError (status 200, no `mismatch`) naming the settings, never a value.
 * @example
 * refuseOtherApi(claims, [config.audience], 'is not API_AUDIENCE', 'the audience of its grant', 'oauth');
 */
export function refuseOtherApi(
  claims: Readonly<Record<string, unknown>>,
  audiences: readonly (string | undefined)[],
  which: string,
  check: string,
  vendor: Vendor,
): void {
  const configured = named(audiences);
  const aud = named(Array.isArray(claims.aud) ? claims.aud : [claims.aud]);
  if (configured.length === 0 || aud.some((value) => configured.includes(value))) return;
  throw new TokenRequestError({
    vendor,
    status: 200,
    message: `the IdP issued a token for another API (aud ${which}); check ${check} on the IdP`,
  });
}

/** What {@link apiTokenCheck} compares a legacy-layout token with, besides the request. */
export interface ApiTokenExpectation {
  readonly vendor: Vendor;
  /** The IdP setting that puts `act` in the token, for the message ({@link checkIssuedToken}). */
  readonly actSetting: string;
  /** `API_AUDIENCE`, sent as the `audience` parameter: a JWT's `aud` must name it. */
  readonly audience: string;
  /** What to check on the IdP when `aud` does not name it, for the message. */
  readonly audienceCheck: string;
}

/**
 * The `issuedToken.check` of an adapter that asks for a legacy-layout token for `API_AUDIENCE`:
 * {@link checkIssuedToken} (its client claim and `act.sub`), then, for a JWT,
 * {@link refuseOtherApi} (its `aud` names `API_AUDIENCE`, `'is not API_AUDIENCE'`). An opaque
 * token passes: there is nothing to read.
 *
 * @example
 * issuedToken: { profile, actSetting, check: apiTokenCheck({ vendor: 'auth0', actSetting, audience, audienceCheck }) }
 */
export function apiTokenCheck(expected: ApiTokenExpectation): IssuedTokenCheck {
  const { vendor, actSetting, audience, audienceCheck } = expected;
  return (token, request, { profile }) => {
    checkIssuedToken(token.accessToken, {
      profile,
      actSetting,
      agentId: request.agentId,
      human: request.act.sub,
      vendor,
    });
    const claims = jwtPayloadOf(token.accessToken);
    if (claims !== undefined) {
      refuseOtherApi(claims, [audience], 'is not API_AUDIENCE', audienceCheck, vendor);
    }
  };
}
