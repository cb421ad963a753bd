import { actObject, type VendorProfile } from '../vendor-profile.js';

const descriptions: Record<string, string> = {
  invalid_client: 'Client authentication failed',
};

/** Auth0: an M2M application authorized for one API, with the Credentials Exchange Action. @internal */
export const auth0Profile: VendorProfile = {
  vendor: 'auth0',
  accessTokenTtl: 86_400,
  defaultAudience: 'https://api.example.com/finance',
  surface: (origin) => ({
    issuer: `${origin}/`,
    tokenPath: '/oauth/token',
    jwksPath: '/.well-known/jwks.json',
  }),
  authMethod: (agent) => (agent.publicJwk ? 'private_key_jwt' : 'client_secret_jwt'),
  checkForm(form, { audience }) {
    const requested = form.get('audience');
    if (requested === null || requested === '') {
      return {
        status: 403,
        error: 'access_denied',
        description:
          'No audience parameter was provided, and no default audience has been configured',
      };
    }
    if (requested !== audience) {
      return {
        status: 403,
        error: 'access_denied',
        description: `Service not found: ${requested}`,
      };
    }
    return undefined;
  },
  checkAssertion({ alg, settings }) {
    if (settings.strict && typeof alg === 'string' && alg.startsWith('HS')) {
      return 'this tenant accepts only private_key_jwt client assertions (RS256/ES256)';
    }
    return undefined;
  },
  grantedScopes: (agent) => agent.permissions,
  accessTokenClaims({ issuer, settings, agent, grantedScopes, act, iat, exp }) {
    // The guide's Action copies act only when it carries a sub.
    const copied = actObject(act);
    return {
      iss: issuer,
      sub: `${agent.clientId}@clients`,
      aud: settings.audience,
      iat,
      exp,
      scope: grantedScopes.join(' '),
      gty: 'client-credentials',
      azp: agent.clientId,
      permissions: [...agent.permissions],
      ...(copied && typeof copied.sub === 'string' && copied.sub !== '' ? { act: copied } : {}),
    };
  },
  successBody: (accessToken, grantedScopes) => ({
    access_token: accessToken,
    ...(grantedScopes.length > 0 ? { scope: grantedScopes.join(' ') } : {}),
    expires_in: 86_400,
    token_type: 'Bearer',
  }),
  errorBody: ({ error, description }) => ({
    error,
    error_description: descriptions[error] ?? description,
  }),
  env: ({ tokenUrl, agent, settings }) => ({
    DUAL_AUTH_VENDOR: 'auth0',
    AUTH0_TOKEN_URL: tokenUrl,
    AGENT_CLIENT_ID: agent.clientId,
    AGENT_CLIENT_SECRET: agent.clientSecret,
    API_AUDIENCE: settings.audience,
  }),
};
