import { apiTokenCheck, type IssuedTokenCheck } from '@dual-auth/core/adapter-kit';
import type { TokenProfile } from '@dual-auth/core/jwt';
import { oauthTokenProfile } from './oauth-token-profile.js';

const ACT_SETTING =
  'the server\'s claim mapping that copies the client assertion\'s "act" into the access token';

/**
 * How a `client-credentials` token (the legacy layout) is checked before it is handed out: its
 * client claim and `act.sub` (the adapter kit's `checkIssuedToken`), and, with `API_AUDIENCE`
 * set (`audience`, sent as the `audience` parameter), that a JWT's `aud` names it (the adapter
 * kit's `apiTokenCheck`), as the delegation modes check it: a token for another API is never sent
 * to this one.
 */
export function clientCredentialsTokenCheck(audience: string | undefined): {
  readonly profile: TokenProfile;
  readonly actSetting: string;
  readonly check?: IssuedTokenCheck;
} {
  const legacy = { profile: oauthTokenProfile, actSetting: ACT_SETTING };
  if (audience === undefined) return legacy;
  return {
    ...legacy,
    check: apiTokenCheck({
      vendor: 'oauth',
      actSetting: ACT_SETTING,
      audience,
      audienceCheck: 'the audience its client credentials grant gives',
    }),
  };
}
