import {
  actObject,
  guideHumans,
  intersectScopes,
  type LocalIdpProfile,
  resolveProfileOptions,
} from '@dual-auth/testing';

const descriptions: Record<string, string> = {
  invalid_client: 'Invalid client or Invalid client credentials',
  unauthorized_client: 'Client not allowed for direct access grants',
};

/** The Keycloak options of `startLocalIdp` (`vendorOptions`). */
export interface KeycloakLocalIdpOptions {
  /** The realm. Default `agbac`. */
  readonly realm: string;
  /**
   * Write `account` beside the API in the access tokens' `aud` (`['finance-api', 'account']`), as
   * a real realm does by default: the `roles` client scope's "audience resolve" mapper adds the
   * account console for a service account holding its default roles (Keycloak Server
   * Administration Guide, "Audience support"). Default false: the realm has that audience removed.
   */
  readonly accountAudience: boolean;
}

/**
 * The local IdP shaped like Keycloak: a realm with a confidential client using "Signed Jwt with
 * Client Secret", `act` copied into the token (`docs/wire-format.md#keycloak`).
 *
 * @example
 * const idp = await startLocalIdp({ vendor: keycloakLocalIdp, vendorOptions: { realm: 'demo' } });
 */
export const keycloakLocalIdp: LocalIdpProfile<KeycloakLocalIdpOptions> = {
  kind: 'local-idp-profile',
  vendor: 'keycloak',
  accessTokenTtlSeconds: 300,
  // The API's client id, as the Audience mapper the README asks for writes it into `aud`; never
  // `account` (the account console's, in every token of the realm), which a user would copy from
  // the env file `dual-auth-idp` writes. Like a realm whose `roles` scope no longer adds `account`.
  defaultAudience: 'finance-api',
  resolveOptions: (options) =>
    resolveProfileOptions('keycloak', options, { realm: 'agbac', accountAudience: false }),
  humans: () =>
    guideHumans({
      alice: '5b1f0c2e-7d4a-4e8b-9a31-2f6c8d0e1a11',
      bob: '9c2e1d3f-8e5b-4f9c-8b42-3a7d9e1f2b22',
    }),
  surface(origin, { options }) {
    const base = `/realms/${encodeURIComponent(options.realm)}`;
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
      aud: settings.options.accountAudience ? [settings.audience, 'account'] : settings.audience,
      sub: agent.objectId,
      typ: 'Bearer',
      azp: agent.clientId,
      ...(copied ? { act: copied } : {}),
      scope: grantedScopes.join(' '),
      realm_access: { roles: [...agent.roles, `default-roles-${settings.options.realm}`] },
      resource_access: { account: { roles: ['manage-account', 'view-profile'] } },
      clientId: agent.clientId,
      clientHost: '127.0.0.1',
      email_verified: false,
      // Keycloak keeps usernames in lower case (https://github.com/keycloak/keycloak/issues/41243).
      preferred_username: `service-account-${agent.clientId.toLowerCase()}`,
    };
  },
  // Standard token exchange: the user stays `sub`, the requesting client is `azp`; the delegation
  // the agent's actor_token asks for shows as RFC 8693 `act` (nested for a chain). The roles are
  // the user's (realm roles and the account client's), as in any Keycloak user token.
  delegatedTokenClaims: ({
    issuer,
    audience,
    settings,
    agent,
    subject,
    human,
    act,
    grantedScopes,
    iat,
    exp,
    jti,
  }) => ({
    exp,
    iat,
    jti,
    iss: issuer,
    aud: audience,
    sub: subject.sub,
    typ: 'Bearer',
    azp: agent.clientId,
    act,
    scope: grantedScopes.join(' '),
    realm_access: { roles: [...(human?.roles ?? []), `default-roles-${settings.options.realm}`] },
    resource_access: { account: { roles: ['manage-account', 'view-profile'] } },
  }),
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
  conformance: { tokenClaims: (clientId) => ({ azp: clientId }), clientAssertion: true },
  nativeDelegation: {
    subjectToken: 'access',
    env: ({ tokenUrl, agent, settings }) => ({
      OAUTH_TOKEN_URL: tokenUrl,
      AGENT_CLIENT_ID: agent.clientId,
      AGENT_CLIENT_SECRET: agent.clientSecret,
      OAUTH_PRESET: 'keycloak',
      API_AUDIENCE: settings.audience,
    }),
  },
  agentGrant: { kind: 'role', name: 'FinanceAgent', describe: 'realm role FinanceAgent' },
};
