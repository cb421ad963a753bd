import { ConfigurationError } from '@dual-auth/core';
import { assertHttpsUrl } from '@dual-auth/core/adapter-kit';

/**
 * Refuses an `OAUTH_ISSUER` that no RFC 8414 §2 `issuer` can equal, at configuration rather than
 * at every token: an HTTPS URL (`http:` only on a loopback host with `allowInsecureLoopback`, the
 * rule of `OAUTH_TOKEN_URL`, `assertHttpsUrl`) without query or fragment.
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
  if (/[?#]/.test(issuer)) {
    throw new ConfigurationError({
      message: 'OAUTH_ISSUER must be an RFC 8414 issuer: an https URL without query or fragment',
      variable: 'OAUTH_ISSUER',
    });
  }
}
