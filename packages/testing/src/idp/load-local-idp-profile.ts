import { loadPluginExport } from '../plugins/load-plugin-export.js';
import type { LocalIdpProfile } from './local-idp-profile.js';

/** Whether `value` is a {@link LocalIdpProfile}. */
export function isLocalIdpProfile(value: unknown): value is LocalIdpProfile {
  const profile = value as Partial<LocalIdpProfile> | null;
  return (
    typeof profile === 'object' &&
    profile !== null &&
    profile.kind === 'local-idp-profile' &&
    typeof profile.vendor === 'string' &&
    typeof profile.surface === 'function'
  );
}

/**
 * The local IdP profile of `vendor`: given as is, or the one `@dual-auth/adapter-<vendor>/testing`
 * exports (from the workspace's sources, else the installed package).
 *
 * @throws TypeError when no such profile can be found.
 */
export async function loadLocalIdpProfile(vendor: unknown): Promise<LocalIdpProfile> {
  if (isLocalIdpProfile(vendor)) return vendor;
  if (typeof vendor !== 'string' || !/^[a-z0-9][a-z0-9-]*$/.test(vendor)) {
    throw new TypeError('startLocalIdp: vendor must be a vendor name or a LocalIdpProfile');
  }
  const profile = await loadPluginExport({
    kind: 'adapter',
    name: vendor,
    subpath: './testing',
    matches: (value): value is LocalIdpProfile =>
      isLocalIdpProfile(value) && value.vendor === vendor,
  });
  if (profile === undefined) {
    throw new TypeError(
      `startLocalIdp: no local IdP profile for ${vendor}: install @dual-auth/adapter-${vendor} (its /testing subpath exports it) or pass the profile as vendor`,
    );
  }
  return profile;
}
