/**
 * What to do about an HTTP 5xx that a retry will not cure, or `undefined` for any other status:
 * 511 Network Authentication Required (RFC 6585 §6: a proxy or captive portal between this machine
 * and the server wants a sign-in, and answers for it) and 505 HTTP Version Not Supported (RFC 9110
 * §15.6.6: what answers does not take the HTTP that `fetch` speaks, so it is not the server the URL
 * should name). The doctor fails these with this text (exit 1), not "retry later" (exit 3).
 *
 * @param setting - what names the URL, as the operator changes it: `KEYCLOAK_TOKEN_URL`,
 *   `--app-jwks-uri`.
 * @example
 * statusNoRetryCures(511, 'KEYCLOAK_TOKEN_URL');
 * // 'Network Authentication Required: a proxy or captive portal …'
 */
export function statusNoRetryCures(status: number, setting: string): string | undefined {
  if (status === 511) {
    return `Network Authentication Required: a proxy or captive portal between this machine and the host of ${setting} wants a sign-in, and answers in its place until it gets one (RFC 6585 §6); sign in to the network, or give the proxy its credentials (HTTPS_PROXY), then run the doctor again`;
  }
  if (status === 505) {
    return `HTTP Version Not Supported: what answers there does not take the HTTP/1.1 that fetch speaks (RFC 9110 §15.6.6), so it is not the server this URL should name; check that ${setting} names it, and any proxy in between`;
  }
  return undefined;
}
