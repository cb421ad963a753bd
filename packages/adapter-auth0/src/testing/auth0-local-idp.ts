import {
  actObject,
  guideHumans,
  type LocalIdpProfile,
  resolveProfileOptions,
} from '@dual-auth/testing';

const descriptions: Record<string, string> = {
  invalid_client: 'Client authentication failed',
};

/** The Auth0 options of `startLocalIdp` (`vendorOptions`). */
export interface Auth0LocalIdpOptions {
  /** Accept only `private_key_jwt` (RS256/ES256) like a real tenant. Default false. */
  readonly strict: boolean;
}

/**
 * The local IdP shaped like Auth0: an M2M application authorized for one API, with the Credentials
 * Exchange Action that copies `act` (`docs/wire-format.md#auth0`).
 *
 * @example
 * const idp = await startLocalIdp({ vendor: auth0LocalIdp, vendorOptions: { strict: true } });
 */
export const auth0LocalIdp: LocalIdpProfile<Auth0LocalIdpOptions> = {
  kind: 'local-idp-profile',
  vendor: 'auth0',
  accessTokenTtlSeconds: 86_400,
  defaultAudience: 'https://api.example.com/finance',
  resolveOptions: (options) => resolveProfileOptions('auth0', options, { strict: false }),
  humans: () =>
    guideHumans({ alice: 'auth0|65f1a11ce1a11ce1a11ce1a1', bob: 'auth0|65f1b0bb0bb0bb0bb0bb0bb0' }),
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
    if (settings.options.strict && typeof alg === 'string' && alg.startsWith('HS')) {
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
  // On-Behalf-Of token exchange: the user stays `sub`; `act` names the agent with the originating
  // client (the one the user logged in to) nested in it, or the earlier chain when there is one.
  // A user token: with RBAC, `permissions` are the user's (the local directory keeps them as the
  // human's roles), never the client's grants.
  delegatedTokenClaims: ({ issuer, audience, agent, subject, human, grantedScopes, iat, exp }) => ({
    iss: issuer,
    sub: subject.sub,
    aud: audience,
    iat,
    exp,
    scope: grantedScopes.join(' '),
    azp: agent.clientId,
    permissions: [...(human?.roles ?? [])],
    act: {
      sub: agent.clientId,
      act:
        typeof subject.act === 'object' && subject.act !== null
          ? subject.act
          : { sub: subject.azp },
    },
  }),
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
  conformance: {
    tokenClaims: (clientId) => ({
      sub: `${clientId}@clients`,
      azp: clientId,
      gty: 'client-credentials',
    }),
    clientAssertion: true,
  },
  nativeDelegation: {
    subjectToken: 'access',
    env: ({ tokenUrl, agent, settings }) => ({
      OAUTH_TOKEN_URL: tokenUrl,
      AGENT_CLIENT_ID: agent.clientId,
      AGENT_CLIENT_SECRET: agent.clientSecret,
      OAUTH_PRESET: 'auth0',
      API_AUDIENCE: settings.audience,
      // The local tenant registers HS256 clients; a real one wants private_key_jwt (the preset's).
      OAUTH_TOKEN_AUTH_METHOD: 'client_secret_jwt',
    }),
  },
  agentGrant: {
    kind: 'scope',
    name: 'read:finance-data',
    describe: 'permission read:finance-data',
  },
};
