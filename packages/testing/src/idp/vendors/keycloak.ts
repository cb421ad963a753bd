import { actObject, intersectScopes, type VendorProfile } from '../vendor-profile.js';

const descriptions: Record<string, string> = {
  invalid_client: 'Invalid client or Invalid client credentials',
  unauthorized_client: 'Client not allowed for direct access grants',
};

/** Keycloak: a realm with a confidential client using "Signed Jwt with Client Secret". @internal */
export const keycloakProfile: VendorProfile = {
  vendor: 'keycloak',
  accessTokenTtl: 300,
  defaultAudience: 'account',
  surface(origin, { realm }) {
    const base = `/realms/${encodeURIComponent(realm)}`;
    return {
      issuer: `${origin}${base}`,
      tokenPath: `${base}/protocol/openid-connect/token`,
      jwksPath: `${base}/protocol/openid-connect/certs`,
    };
  },
  authMethod: (agent) => (agent.publicJwk ? 'private_key_jwt' : 'client_secret_jwt'),
  checkForm: () => undefined,
  checkAssertion: () => undefined,
  grantedScopes: (agent, requested) => [
    ...new Set(['profile', 'email', ...intersectScopes(agent.scopes, requested)]),
  ],
  accessTokenClaims({ issuer, settings, agent, grantedScopes, act, iat, exp, jti }) {
    const copied = actObject(act);
    return {
      exp,
      iat,
      jti,
      iss: issuer,
      aud: settings.audience,
      sub: agent.objectId,
      typ: 'Bearer',
      azp: agent.clientId,
      ...(copied ? { act: copied } : {}),
      scope: grantedScopes.join(' '),
      realm_access: { roles: [...agent.roles, `default-roles-${settings.realm}`] },
      resource_access: { account: { roles: ['manage-account', 'view-profile'] } },
      clientId: agent.clientId,
      clientHost: '127.0.0.1',
      email_verified: false,
      preferred_username: `service-account-${agent.clientId}`,
    };
  },
  successBody: (accessToken, grantedScopes) => ({
    access_token: accessToken,
    expires_in: 300,
    refresh_expires_in: 0,
    token_type: 'Bearer',
    'not-before-policy': 0,
    scope: grantedScopes.join(' '),
  }),
  errorBody: ({ error, description }) => ({
    error,
    error_description: descriptions[error] ?? description,
  }),
  env: ({ tokenUrl, agent }) => ({
    DUAL_AUTH_VENDOR: 'keycloak',
    KEYCLOAK_TOKEN_URL: tokenUrl,
    AGENT_CLIENT_ID: agent.clientId,
    AGENT_CLIENT_SECRET: agent.clientSecret,
  }),
};
