import { actObject, intersectScopes, type VendorProfile } from '../vendor-profile.js';

const descriptions: Record<string, string> = {
  invalid_client: 'The client_assertion token is invalid or the client is unknown.',
};

// Okta's management-style error bodies for statuses its OAuth endpoints answer outside OAuth.
const managementErrors: Record<number, { errorCode: string; errorSummary: string }> = {
  429: {
    errorCode: 'E0000047',
    errorSummary: 'API call exceeded rate limit due to too many requests.',
  },
  500: { errorCode: 'E0000009', errorSummary: 'Internal Server Error' },
  503: { errorCode: 'E0000010', errorSummary: 'Service is in read only mode' },
};

/** Okta: a custom authorization server with the `clientAssertion.claims.act` claim. @internal */
export const oktaProfile: VendorProfile = {
  vendor: 'okta',
  accessTokenTtl: 3600,
  defaultAudience: 'https://api.example.com/finance',
  surface(origin, { authorizationServerId }) {
    const base = `/oauth2/${encodeURIComponent(authorizationServerId)}`;
    return {
      issuer: `${origin}${base}`,
      tokenPath: `${base}/v1/token`,
      jwksPath: `${base}/v1/keys`,
    };
  },
  authMethod: (agent) => (agent.publicJwk ? 'private_key_jwt' : 'client_secret_jwt'),
  checkForm: () => undefined,
  checkAssertion({ aud, issuer, tokenUrl, settings }) {
    const accepted =
      settings.assertionAudience === 'issuer'
        ? [issuer]
        : settings.assertionAudience === 'token-endpoint'
          ? [tokenUrl]
          : [issuer, tokenUrl];
    const audiences = Array.isArray(aud) ? aud : [aud];
    return audiences.some((a) => accepted.includes(a as string))
      ? undefined
      : `The audience [aud] claim in the client_assertion must be ${accepted.join(' or ')}.`;
  },
  grantedScopes: (agent, requested) => intersectScopes(agent.scopes, requested),
  accessTokenClaims({ issuer, settings, agent, grantedScopes, act, iat, exp, jti }) {
    const copied = actObject(act);
    return {
      ver: 1,
      jti: `AT.${jti}`,
      iss: issuer,
      aud: settings.audience,
      iat,
      exp,
      cid: agent.clientId,
      scp: [...grantedScopes],
      sub: agent.clientId,
      ...(copied ? { act: copied } : {}),
    };
  },
  successBody: (accessToken, grantedScopes) => ({
    token_type: 'Bearer',
    expires_in: 3600,
    access_token: accessToken,
    scope: grantedScopes.join(' '),
  }),
  errorBody({ status, error, description }) {
    const management = managementErrors[status];
    if (management) {
      return {
        ...management,
        errorLink: management.errorCode,
        errorId: `oae${globalThis.crypto.randomUUID().replaceAll('-', '').slice(0, 19)}`,
        errorCauses: [],
      };
    }
    return { error, error_description: descriptions[error] ?? description };
  },
  env: ({ tokenUrl, agent, settings }) => ({
    DUAL_AUTH_VENDOR: 'okta',
    OKTA_TOKEN_URL: tokenUrl,
    AGENT_CLIENT_ID: agent.clientId,
    AGENT_CLIENT_SECRET: agent.clientSecret,
    API_AUDIENCE: settings.audience,
  }),
};
