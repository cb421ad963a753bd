import type { TokenProfile } from '@dual-auth/core/jwt';
import { oauthTokenProfile } from './oauth-token-profile.js';

/**
 * The OAuth profile as the delegation modes read the tokens they get back (RFC 8693 layout): a
 * token without `act` names its client in any of RFC 9068 / RFC 8693 `client_id`, OIDC `azp`,
 * Entra `appid` or Okta `cid`, whichever the preset's IdP writes. For the adapter's own check of
 * an issued token; `@dual-auth/resource` keeps {@link oauthTokenProfile}. @internal
 */
export const delegatedTokenProfile: TokenProfile = {
  ...oauthTokenProfile,
  clientIdClaims: ['client_id', 'azp', 'appid', 'cid'],
};
