import { ConfigurationError } from '@dual-auth/core';
import { assertHttpsUrl } from '@dual-auth/core/adapter-kit';

/** The issuer settings {@link checkIssuerUrls} checks, each when set. */
export interface IssuerSettings {
  /** `OAUTH_ISSUER`. */
  readonly issuer?: string | undefined;
  /** `OAUTH_RESOURCE_ISSUER`. */
  readonly resourceIssuer?: string | undefined;
}

/**
 * Refuses an `OAUTH_ISSUER` or `OAUTH_RESOURCE_ISSUER` that no RFC 8414 §2 `issuer` can equal, at
 * configuration rather than at every token, and before it is logged or shown: an HTTPS URL
 * (`http:` only on a loopback host with `allowInsecureLoopback`, the rule of `OAUTH_TOKEN_URL`,
 * `assertHttpsUrl`) without credentials, query or fragment.
 *
 * @throws ConfigurationError naming the variable (never its value) and what to set.
 */
export function checkIssuerUrls(
  settings: IssuerSettings,
  options: { readonly allowInsecureLoopback?: boolean | undefined },
): void {
  for (const [variable, issuer] of [
    ['OAUTH_ISSUER', settings.issuer],
    ['OAUTH_RESOURCE_ISSUER', settings.resourceIssuer],
  ] as const) {
    if (issuer === undefined) continue;
    assertHttpsUrl(issuer, {
      name: variable,
      allowInsecureLoopback: options.allowInsecureLoopback,
    });
    if (/[?#]/.test(issuer)) {
      throw new ConfigurationError({
        message: `${variable} must be an RFC 8414 issuer: an https URL without query or fragment`,
        variable,
      });
    }
  }
}
