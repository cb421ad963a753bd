/**
 * The RFC 7009 endpoint an IdP serves beside its token endpoint (Keycloak
 * `…/protocol/openid-connect/revoke`, Okta `…/v1/revoke`): the token URL with its last path
 * segment `token` (a trailing `/` allowed) replaced by `revoke`, its query kept, its fragment
 * dropped. `undefined` when the path does not end in `token` or the URL does not parse: a guess
 * would post the token to the token endpoint, or somewhere else.
 *
 * @example
 * revocationUrlBesideToken('https://kc.example/realms/r/protocol/openid-connect/token/');
 * // 'https://kc.example/realms/r/protocol/openid-connect/revoke'
 */
export function revocationUrlBesideToken(tokenUrl: string): string | undefined {
  let url: URL;
  try {
    url = new URL(tokenUrl);
  } catch {
    return undefined;
  }
  const pathname = url.pathname.replace(/\/token\/?$/, '/revoke');
  if (pathname === url.pathname) return undefined;
  url.pathname = pathname;
  url.hash = '';
  return url.href;
}
