import {
  actObject,
  guideHumans,
  intersectScopes,
  type LocalIdpProfile,
  resolveProfileOptions,
} from '@dual-auth/testing';

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

/** The Okta options of `startLocalIdp` (`vendorOptions`). */
export interface OktaLocalIdpOptions {
  /** The custom authorization server id. Default `aus1`. */
  readonly authorizationServerId: string;
  /**
   * The client-assertion `aud` accepted: the authorization server URL (`'issuer'`, the reference
   * library's), the token endpoint URL (`'token-endpoint'`, what Okta documents), or `'both'`
   * (default).
   */
  readonly assertionAudience: 'issuer' | 'token-endpoint' | 'both';
}

/**
 * The local IdP shaped like Okta: a custom authorization server with the
 * `clientAssertion.claims.act` claim (`docs/wire-format.md#okta`); a human's access token carries
 * their login in `sub` and their user id in `uid`, their ID token the user id in `sub`.
 *
 * @example
 * const idp = await startLocalIdp({
 *   vendor: oktaLocalIdp,
 *   vendorOptions: { assertionAudience: 'token-endpoint' },
 * });
 */
export const oktaLocalIdp: LocalIdpProfile<OktaLocalIdpOptions> = {
  kind: 'local-idp-profile',
  vendor: 'okta',
  accessTokenTtlSeconds: 3600,
  defaultAudience: 'https://api.example.com/finance',
  resolveOptions: (options) =>
    resolveProfileOptions(
      'okta',
      options,
      { authorizationServerId: 'aus1', assertionAudience: 'both' } as OktaLocalIdpOptions,
      { assertionAudience: ['issuer', 'token-endpoint', 'both'] },
    ),
  humans: () => guideHumans({ alice: '00ua1ice0000000000x7', bob: '00ub0b00000000000x7' }),
  surface(origin, { options }) {
    const base = `/oauth2/${encodeURIComponent(options.authorizationServerId)}`;
    return {
      issuer: `${origin}${base}`,
      tokenPath: `${base}/v1/token`,
      jwksPath: `${base}/v1/keys`,
      // https://developer.okta.com/docs/api/openapi/okta-oauth/oauth/tag/CustomAS/#tag/CustomAS/operation/introspectCustomAS
      introspectionPath: `${base}/v1/introspect`,
    };
  },
  authMethod: (agent) => (agent.publicJwk ? 'private_key_jwt' : 'client_secret_jwt'),
  checkForm: () => undefined,
  checkAssertion({ aud, issuer, tokenUrl, settings }) {
    const { assertionAudience } = settings.options;
    const accepted =
      assertionAudience === 'issuer'
        ? [issuer]
        : assertionAudience === 'token-endpoint'
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
  // A custom authorization server's access token names the user twice: `sub` is the login (the
  // default `sub` claim maps appuser.userName), `uid` the user id `00u…`; an ID token's `sub` is
  // the user id (https://developer.okta.com/docs/api/openapi/okta-oauth/guides/overview/).
  humanTokenClaims: (human, kind) =>
    kind === 'id' ? { sub: human.sub } : { sub: human.email ?? human.username, uid: human.sub },
  // The resource authorization server's token: for a redeemed ID-JAG the user in `sub`; for an
  // On-Behalf-Of token exchange of the user's access token, its `sub` (the login) and `uid`. The
  // requesting app in `cid` and, as the local IdP shows it, in RFC 8693 `act`.
  delegatedTokenClaims: ({
    issuer,
    audience,
    agent,
    subject,
    act,
    grantedScopes,
    iat,
    exp,
    jti,
  }) => ({
    ver: 1,
    jti: `AT.${jti}`,
    iss: issuer,
    aud: audience,
    iat,
    exp,
    cid: agent.clientId,
    scp: [...grantedScopes],
    sub: subject.sub,
    ...(subject.uid === undefined ? {} : { uid: subject.uid }),
    act,
  }),
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
  conformance: {
    tokenClaims: (clientId) => ({ cid: clientId, sub: clientId, scp: ['finance.read'] }),
    clientAssertion: true,
  },
  nativeDelegation: {
    subjectToken: 'id',
    env: ({ tokenUrl, issuer, agent, settings }) => ({
      OAUTH_TOKEN_URL: tokenUrl,
      AGENT_CLIENT_ID: agent.clientId,
      AGENT_CLIENT_SECRET: agent.clientSecret,
      OAUTH_PRESET: 'okta-xaa',
      API_AUDIENCE: settings.audience,
      OAUTH_IDP_TOKEN_URL: tokenUrl,
      OAUTH_RESOURCE_ISSUER: issuer,
    }),
  },
  agentGrant: { kind: 'scope', name: 'finance.read', describe: 'scope finance.read' },
};
