/**
 * The Keycloak client-assertion audience the reference derives from the token URL: everything
 * before the last `/protocol/`, i.e. the realm URL. A URL without `/protocol/` is returned whole.
 *
 * @example
 * keycloakAudienceFromTokenUrl('https://kc.example/realms/agents/protocol/openid-connect/token');
 * // 'https://kc.example/realms/agents'
 */
export function keycloakAudienceFromTokenUrl(tokenUrl: string): string {
  const cut = tokenUrl.lastIndexOf('/protocol/');
  return cut === -1 ? tokenUrl : tokenUrl.slice(0, cut);
}
