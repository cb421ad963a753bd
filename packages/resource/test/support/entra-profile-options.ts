import { createSigningKey, NOW, PROFILE } from './token-kit.js';

/**
 * Guard options (rfc8693 layout, every agent and human allowed) on Entra ID's token profile with
 * `fields` over it: for the checks a guard makes of its profile when it is made.
 */
export async function entraProfileGuardOptions(fields: Record<string, unknown>) {
  return {
    profile: { ...PROFILE.entraid, layouts: ['rfc8693' as const], ...fields } as never,
    layout: 'rfc8693' as const,
    issuer: 'https://sts.windows.net/tenant-id/',
    audience: 'api://finance',
    keys: (await createSigningKey('idp')).publicKey,
    clock: { now: () => NOW },
    agentAllowed: () => true,
    humanAllowed: () => true,
  };
}
