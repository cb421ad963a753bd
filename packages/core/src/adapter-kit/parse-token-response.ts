import { decodeJwt } from 'jose';
import type { Clock } from '../contracts/clock.js';
import { systemClock } from '../contracts/clock.js';
import type { DualSubjectToken } from '../contracts/dual-subject-token.js';
import { createDualSubjectToken } from '../contracts/dual-subject-token.js';
import type { Vendor } from '../contracts/vendor.js';
import { TokenRequestError } from '../errors/token-request-error.js';
import type { TokenEndpointJson } from './request-token-endpoint.js';

/** What {@link parseTokenResponse} takes. */
export interface ParseTokenResponseOptions {
  /** The scope reported when the IdP sends none: the requested scopes, joined by spaces. */
  requestedScope: string | readonly string[];
  /** `expires_in` when the IdP sends none (Keycloak 3600, Auth0 86400, Okta 3600, Entra 3599). */
  defaultExpiresIn: number;
  /** The Entra ID act assertion that travels with the token. */
  actAssertion?: string | undefined;
  vendor?: Vendor | undefined;
  clock?: Clock | undefined;
}

function expiresIn(value: unknown, fallback: number, vendor: Vendor | undefined): number {
  if (value === undefined || value === null) return fallback;
  const seconds = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds < 0) {
    throw new TokenRequestError({
      message: 'Invalid response: expires_in is not a number of seconds',
      status: 200,
      ...(vendor === undefined ? {} : { vendor }),
    });
  }
  return seconds;
}

/**
 * The {@link DualSubjectToken} of a token endpoint's JSON, with the reference's defaults:
 * `token_type` `Bearer`, the vendor's `expires_in`, the requested scope. `expires_in` may be a
 * number or a numeric string; `expiresAt` counts from the clock's now and, with an act assertion,
 * is no later than the assertion's `exp` — so a cache renews the pair before the API refuses it.
 *
 * @throws TokenRequestError when `expires_in` is not a number of seconds.
 * @example
 * const token = parseTokenResponse(json, { requestedScope: ['finance.read'], defaultExpiresIn: 3600 });
 */
export function parseTokenResponse(
  json: TokenEndpointJson,
  options: ParseTokenResponseOptions,
): DualSubjectToken {
  const requested = options.requestedScope;
  const scope =
    typeof json.scope === 'string'
      ? json.scope
      : typeof requested === 'string'
        ? requested
        : requested.join(' ');
  return createDualSubjectToken({
    accessToken: json.access_token,
    tokenType:
      typeof json.token_type === 'string' && json.token_type !== '' ? json.token_type : 'Bearer',
    expiresIn: expiresIn(json.expires_in, options.defaultExpiresIn, options.vendor),
    scope,
    actAssertion: options.actAssertion,
    issuedAt: (options.clock ?? systemClock).now(),
    notAfter: assertionExpiry(options.actAssertion),
  });
}

/** When the act assertion (signed by the adapter itself) expires, in ms; it bounds the token's use. */
function assertionExpiry(actAssertion: string | undefined): number | undefined {
  if (actAssertion === undefined) return undefined;
  const { exp } = decodeJwt(actAssertion);
  return typeof exp === 'number' ? exp * 1000 : undefined;
}
