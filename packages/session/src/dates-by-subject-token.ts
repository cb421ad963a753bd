import type { IamAdapter } from '@dual-auth/core';

/**
 * Whether an in-session delegation cut-off may date a session by the subject token's `iat`: only
 * for an adapter of the `rfc8693` layout (`IamAdapter.layout`: token exchange, on-behalf-of,
 * ID-JAG), whose IdP verifies the subject token it is sent. In the `legacy` layout (the client
 * assertion carries `act`), or with no layout declared, the token never reaches the IdP, and its
 * `iat` is whatever the caller wrote: any JWT-shaped string would pass for a fresh sign-in.
 *
 * @throws TypeError when the adapter's `layout` is neither absent, `legacy` nor `rfc8693`.
 */
export function datesBySubjectToken(adapter: IamAdapter): boolean {
  const { layout } = adapter;
  if (layout !== undefined && layout !== 'legacy' && layout !== 'rfc8693') {
    throw new TypeError("options.adapter.layout must be 'legacy' or 'rfc8693'");
  }
  return layout === 'rfc8693';
}
