import { requireValue } from '@dual-auth/core';
import type { LocalIdp } from './local-idp.js';
import { requireLocalIdp } from './require-local-idp.js';

/**
 * The local IdP's RFC 7662 answer about a token (§2.2: `{ active: false }` for a revoked, expired
 * or unknown one), asked at {@link LocalIdp.introspectionUrl} as the API's introspection client
 * (`client_secret_basic`, RFC 7662 §2.1). The IdP reads opaque tokens there (start it with
 * `accessTokenFormat: 'opaque'`); tests use it to see that a revocation (RFC 7009) took effect.
 *
 * @throws the fetch's error when the IdP cannot be reached; a `SyntaxError` on a body that is not JSON.
 * @example
 * ```ts
 * import { introspectToken, startLocalIdp } from '@dual-auth/testing';
 *
 * const idp = await startLocalIdp({ vendor: 'keycloak', accessTokenFormat: 'opaque' });
 * console.log(await introspectToken(idp, 'not-a-token')); // { active: false }
 * await idp.close();
 * ```
 */
export async function introspectToken(
  idp: LocalIdp,
  token: string,
): Promise<Record<string, unknown>> {
  requireValue(token, 'token', 'string');
  const { clientId, clientSecret } = requireLocalIdp(idp).apiClient;
  const response = await idp.fetch(idp.introspectionUrl, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: `Basic ${btoa(`${encodeURIComponent(clientId)}:${encodeURIComponent(clientSecret)}`)}`,
    },
    body: new URLSearchParams({ token }).toString(),
  });
  return (await response.json()) as Record<string, unknown>;
}
