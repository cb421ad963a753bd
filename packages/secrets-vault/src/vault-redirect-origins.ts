import { SecretsBackendError } from '@dual-auth/core';
import { assertHttpsUrl } from '@dual-auth/core/adapter-kit';

/**
 * The origins besides Vault's own that the transport follows a 307/308 to: the `redirectOrigins`
 * option, else `DUAL_AUTH_VAULT_REDIRECT_ORIGINS` (comma- or space-separated). Each must be an
 * `https://host[:port]` origin (`http://` only on loopback with `allowInsecureLoopback`), without
 * path, query or credentials: the Vault token and login bodies go there.
 *
 * @throws SecretsBackendError naming the setting when an entry is not such an origin.
 * @throws TypeError when the option is not an array of strings.
 */
export function vaultRedirectOrigins(
  option: unknown,
  variable: string | undefined,
  allowInsecureLoopback: boolean,
): ReadonlySet<string> {
  const name = option === undefined ? 'DUAL_AUTH_VAULT_REDIRECT_ORIGINS' : 'redirectOrigins';
  if (
    option !== undefined &&
    (!Array.isArray(option) || option.some((o) => typeof o !== 'string'))
  ) {
    throw new TypeError('VaultSecretsBackend: options.redirectOrigins must be an array of strings');
  }
  const entries = (option as string[] | undefined) ?? (variable ?? '').split(/[\s,]+/);
  const origins = new Set<string>();
  for (const entry of entries.map((e) => e.trim()).filter((e) => e !== '')) {
    const url = assertHttpsUrl(entry, { name, allowInsecureLoopback });
    if (url.pathname !== '/' || url.search !== '' || url.hash !== '') {
      throw new SecretsBackendError({
        message: `${name} lists a URL with a path, query or fragment; it takes origins only.`,
        backend: 'vault',
        hint: 'List each Vault node as https://host[:port] (its api_addr), nothing after the port.',
      });
    }
    origins.add(url.origin);
  }
  return origins;
}
