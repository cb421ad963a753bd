import type { ConfigSetting } from '../contracts/plugin-modules.js';

/**
 * The agent's two settings every vendor reads, in the reference's order: `AGENT_CLIENT_ID`
 * (`clientId`, trimmed) and `AGENT_CLIENT_SECRET` (`clientSecret`, kept byte for byte).
 */
export const AGENT_SETTINGS: readonly ConfigSetting[] = [
  { variable: 'AGENT_CLIENT_ID', field: 'clientId' },
  { variable: 'AGENT_CLIENT_SECRET', field: 'clientSecret', kind: 'secret' },
];

/**
 * The setting of a vendor's token URL (`tokenUrl`, HTTPS only).
 *
 * @example
 * tokenUrlSetting('KEYCLOAK_TOKEN_URL'); // { variable: 'KEYCLOAK_TOKEN_URL', field: 'tokenUrl', kind: 'token-url' }
 */
export function tokenUrlSetting(variable: string): ConfigSetting {
  return { variable, field: 'tokenUrl', kind: 'token-url' };
}
