import { ConfigurationError } from '@dual-auth/core';
import { assertHttpsUrl } from '@dual-auth/core/adapter-kit';

/**
 * Refuses an `OAUTH_ISSUER` that no RFC 8414 §2 `issuer` can equal, at configuration rather than
 * at every token: an HTTPS URL (`http:` only on a loopback host with `allowInsecureLoopback`, the
 * rule of `OAUTH_TOKEN_URL`, `assertHttpsUrl`) without query, fragment or surrounding spaces (it
 * is compared byte for byte with the token's `iss`).
 *
 * @throws ConfigurationError naming `OAUTH_ISSUER` (never its value) and what to set.
 */
export function checkIssuerUrl(
  issuer: string,
  options: { readonly allowInsecureLoopback?: boolean | undefined },
): void {
  assertHttpsUrl(issuer, {
    name: 'OAUTH_ISSUER',
    allowInsecureLoopback: options.allowInsecureLoopback,
  });
  if (/[?#\s]/.test(issuer)) {
    throw new ConfigurationError({
      message:
        'OAUTH_ISSUER must be the "issuer" of the server\'s RFC 8414 metadata as it is written: an https URL without query, fragment or spaces',
      variable: 'OAUTH_ISSUER',
    });
  }
}
