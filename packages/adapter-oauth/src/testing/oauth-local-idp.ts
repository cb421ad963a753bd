import {
  actObject,
  guideHumans,
  intersectScopes,
  type LocalIdpProfile,
  resolveProfileOptions,
} from '@dual-auth/testing';

/** The options of `startLocalIdp` for the standards-based IdP (`vendorOptions`). */
export interface OAuthLocalIdpOptions {
  /** The path of the token endpoint. Default `/oauth2/token`. */
  readonly tokenPath: string;
}

/**
 * The local IdP as a plain standards-based authorization server: issuer = its origin, RFC 7523
 * client assertions whose `aud` is the token URL or the issuer, RFC 9068 access tokens
 * (`client_id`, `scope`) with `act` copied from the client assertion, RFC 6749 error bodies
 * (`docs/wire-format.md#oauth`).
 *
 * @example
 * const idp = await startLocalIdp({ vendor: oauthLocalIdp });
 */
export const oauthLocalIdp: LocalIdpProfile<OAuthLocalIdpOptions> = {
  kind: 'local-idp-profile',
  vendor: 'oauth',
  accessTokenTtlSeconds: 3600,
  defaultAudience: 'https://api.example.com/finance',
  resolveOptions: (options) =>
    resolveProfileOptions('oauth', options, { tokenPath: '/oauth2/token' }),
  humans: () =>
    guideHumans({
      alice: '7c3f1a52-0a1e-4c2b-9f4e-a11ce0000001',
      bob: '7c3f1a52-0a1e-4c2b-9f4e-b0b000000002',
    }),
  surface: (origin, { options }) => ({
    issuer: origin,
    tokenPath: options.tokenPath,
    jwksPath: '/oauth2/jwks',
  }),
  authMethod: (agent) => (agent.publicJwk ? 'private_key_jwt' : 'client_secret_jwt'),
  checkForm(form, { audience }) {
    const requested = form.get('audience');
    return requested === null || requested === audience
      ? undefined
      : { status: 400, error: 'invalid_target', description: 'unknown audience' };
  },
  checkAssertion: ({ aud, issuer, tokenUrl }) => {
    const audiences = Array.isArray(aud) ? aud : [aud];
    return audiences.some((a) => a === tokenUrl || a === issuer)
      ? undefined
      : 'the client assertion aud must be the token endpoint or the issuer';
  },
  grantedScopes: (agent, requested) => intersectScopes(agent.scopes, requested),
  accessTokenClaims({ issuer, settings, agent, grantedScopes, act, iat, exp, jti }) {
    const copied = actObject(act);
    return {
      iss: issuer,
      sub: agent.clientId,
      aud: settings.audience,
      exp,
      iat,
      jti,
      client_id: agent.clientId,
      scope: grantedScopes.join(' '),
      ...(copied ? { act: copied } : {}),
    };
  },
  successBody: (accessToken, grantedScopes) => ({
    access_token: accessToken,
    token_type: 'Bearer',
    expires_in: 3600,
    scope: grantedScopes.join(' '),
  }),
  errorBody: ({ error, description }) => ({ error, error_description: description }),
  env: ({ tokenUrl, agent, settings }) => ({
    DUAL_AUTH_VENDOR: 'oauth',
    OAUTH_TOKEN_URL: tokenUrl,
    AGENT_CLIENT_ID: agent.clientId,
    AGENT_CLIENT_SECRET: agent.clientSecret,
    API_AUDIENCE: settings.audience,
  }),
  conformance: {
    tokenClaims: (clientId) => ({ client_id: clientId, sub: clientId, scope: 'finance.read' }),
    clientAssertion: true,
  },
  nativeDelegation: {
    subjectToken: 'access',
    env: ({ tokenUrl, agent, settings }) => ({
      OAUTH_TOKEN_URL: tokenUrl,
      AGENT_CLIENT_ID: agent.clientId,
      AGENT_CLIENT_SECRET: agent.clientSecret,
      OAUTH_MODE: 'token-exchange',
      API_AUDIENCE: settings.audience,
    }),
  },
  agentGrant: { kind: 'scope', name: 'finance.read', describe: 'scope finance.read' },
};
