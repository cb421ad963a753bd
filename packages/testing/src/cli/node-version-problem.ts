/** The oldest Node the local IdP runs on: undici 8, which its trusting fetch is built on, needs it. */
export const MINIMUM_NODE_VERSION = '22.19.0';

/**
 * Why this Node cannot run `dual-auth-idp`, checked before anything that imports undici is loaded:
 * on an older Node undici 8 fails at import with a `TypeError` from its own code
 * (`createZstdDecompress`), which says nothing of the version.
 *
 * @param version `process.versions.node`, e.g. `22.12.0` (a pre-release tag is ignored)
 * @returns the message for the user, or `undefined` when this Node is recent enough
 */
export function nodeVersionProblem(version: string): string | undefined {
  const have = version.split('-')[0]?.split('.').map(Number) ?? [];
  const need = MINIMUM_NODE_VERSION.split('.').map(Number);
  for (let part = 0; part < need.length; part += 1) {
    const found = have[part] ?? 0;
    const wanted = need[part] ?? 0;
    if (found > wanted) return undefined;
    if (found < wanted) {
      return `needs Node ≥ ${MINIMUM_NODE_VERSION} (undici 8, its HTTPS client, does not load on older versions); this is Node ${version}: run it with a newer Node (the dual-auth repository brings one: npx -y pnpm@12.20.0 idp)`;
    }
  }
  return undefined;
}
