import { requireValue } from '@dual-auth/core';

// The realm URL of a token URL, for the plugin and the adapter, which pass a string.
export function realmUrlOf(tokenUrl: string): string {
  const cut = tokenUrl.lastIndexOf('/protocol/');
  return cut === -1 ? tokenUrl : tokenUrl.slice(0, cut);
}

/**
 * The Keycloak client-assertion audience the reference derives from the token URL: everything
 * before the last `/protocol/`, i.e. the realm URL. A URL without `/protocol/` is returned whole.
 *
 * @throws TypeError when `tokenUrl` is not a string (`tokenUrl must be a string, got number`).
 * @example
 * keycloakAudienceFromTokenUrl('https://kc.example/realms/agents/protocol/openid-connect/token');
 * // 'https://kc.example/realms/agents'
 */
export function keycloakAudienceFromTokenUrl(tokenUrl: string): string {
  return realmUrlOf(requireValue(tokenUrl, 'tokenUrl', 'string'));
}
