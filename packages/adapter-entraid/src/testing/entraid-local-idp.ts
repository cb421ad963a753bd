import { guideHumans, type LocalIdpProfile, resolveProfileOptions } from '@dual-auth/testing';
import { entraIdTokenProfile } from '../entraid-token-profile.js';

// AADSTS codes for the OAuth errors the local IdP can answer.
const aadsts: Record<string, { code: number; text: string }> = {
  invalid_client: {
    code: 7000215,
    text: 'Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID.',
  },
  invalid_request: { code: 900144, text: 'The request body is not valid.' },
  unauthorized_client: { code: 700016, text: 'Application was not found in the directory.' },
  unsupported_grant_type: { code: 70003, text: 'The app requested an unsupported grant type.' },
  invalid_scope: {
    code: 1002012,
    text: 'The provided value for scope is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).',
  },
  invalid_resource: {
    code: 500011,
    text: 'The resource principal was not found in the tenant.',
  },
  temporarily_unavailable: {
    code: 90033,
    text: 'A transient error has occurred. Please try again.',
  },
  server_error: { code: 90000, text: 'An internal error occurred.' },
};

/** The Entra ID options of `startLocalIdp` (`vendorOptions`). */
export interface EntraIdLocalIdpOptions {
  /** The tenant id. Default `00000000-0000-4000-8000-0000000000e1`. */
  readonly tenantId: string;
  /**
   * How many seconds before minting a token its `iat` and `nbf` are dated: 300 (the default) as
   * Entra ID does (`entraIdTokenProfile.iatBackdateSeconds`), 0 for tokens dated when minted.
   * A whole number from 0 to 600.
   */
  readonly iatBackdateSeconds: number;
}

/**
 * The local IdP shaped like Entra ID: an app registration with a client secret and no custom
 * claims; `act` travels apart, in the app-signed act assertion (`docs/wire-format.md#entra-id`).
 * As Entra ID, it dates `iat` and `nbf` 5 minutes before it mints a token (vendor option
 * `iatBackdateSeconds`, 0 to turn off).
 *
 * @example
 * const idp = await startLocalIdp({ vendor: entraIdLocalIdp });
 */
export const entraIdLocalIdp: LocalIdpProfile<EntraIdLocalIdpOptions> = {
  kind: 'local-idp-profile',
  vendor: 'entraid',
  accessTokenTtlSeconds: 3599,
  // Entra ID's token endpoint has no RFC 9449 DPoP: its metadata lists no
  // dpop_signing_alg_values_supported, and the proof-of-possession it offers is Microsoft's own,
  // a signed HTTP request (`token_type=pop`, `req_cnf`) or mTLS-bound tokens
  // (learn.microsoft.com/entra/msal/dotnet/advanced/proof-of-possession-tokens).
  supportsDpop: false,
  defaultAudience: 'https://api.example.com/finance',
  resolveOptions(options) {
    const resolved = resolveProfileOptions('entraid', options, {
      tenantId: '00000000-0000-4000-8000-0000000000e1',
      iatBackdateSeconds: entraIdTokenProfile.iatBackdateSeconds ?? 0,
    });
    const seconds = resolved.iatBackdateSeconds;
    if (!Number.isInteger(seconds) || seconds < 0 || seconds > 600) {
      throw new TypeError('startLocalIdp: iatBackdateSeconds must be a whole number from 0 to 600');
    }
    return resolved;
  },
  iatBackdateSeconds: ({ options }) => options.iatBackdateSeconds,
  humans: () =>
    guideHumans({
      alice: 'alice@contoso.example',
      bob: 'bob@contoso.example',
      oids: {
        alice: 'a11ce000-0000-4000-8000-00000000a11c',
        bob: 'b0b00000-0000-4000-8000-000000000b0b',
      },
    }),
  surface(origin, { options }) {
    const base = `/${encodeURIComponent(options.tenantId)}`;
    return {
      issuer: `${origin}${base}/`,
      tokenPath: `${base}/oauth2/v2.0/token`,
      jwksPath: `${base}/discovery/v2.0/keys`,
    };
  },
  authMethod: () => 'client_secret_post',
  checkForm(form, { audience }) {
    const scope = form.get('scope') ?? '';
    if (!scope.endsWith('/.default') || scope.includes(' ')) {
      return { status: 400, error: 'invalid_scope', description: aadsts.invalid_scope?.text ?? '' };
    }
    if (scope.slice(0, -'/.default'.length) !== audience) {
      return {
        status: 400,
        error: 'invalid_resource',
        description: aadsts.invalid_resource?.text ?? '',
      };
    }
    return undefined;
  },
  checkAssertion: () => undefined,
  grantedScopes: () => [],
  accessTokenClaims({ issuer, settings, agent, iat, exp, jti }) {
    return {
      aud: settings.audience,
      iss: issuer,
      iat,
      nbf: iat,
      exp,
      aio: jti.slice(0, 20),
      appid: agent.clientId,
      appidacr: '1',
      idp: issuer,
      oid: agent.objectId,
      rh: '0.local.',
      roles: [...agent.roles],
      sub: agent.objectId,
      tid: settings.options.tenantId,
      uti: jti.slice(0, 22),
      ver: '1.0',
    };
  },
  // As Entra ID names a signed-in user (ID token claims reference,
  // https://learn.microsoft.com/entra/identity-platform/id-token-claims-reference): `sub` is a
  // pairwise id, unique to the app the token is for; `oid` the user's object id, the same in
  // every app; the UPN only as a display name, `preferred_username` in a v2.0 ID token and `upn`
  // (with `unique_name`) in a v1.0 access token
  // (https://learn.microsoft.com/entra/identity-platform/access-token-claims-reference).
  humanTokenClaims: (human, kind, { pairwiseSubject }) => ({
    sub: pairwiseSubject,
    ...(human.oid === undefined ? {} : { oid: human.oid }),
    ...(kind === 'id'
      ? { preferred_username: human.sub, ver: '2.0' }
      : { upn: human.sub, unique_name: human.sub, ver: '1.0' }),
  }),
  // Agent ID on-behalf-of: the user in `oid` and in a `sub` of this API's own (pairwise: not the
  // UPN nor the ID token's `sub`), the agent identity in `appid` (and `azp`), the agent facets
  // `xms_act_fct`/`xms_sub_fct` as Microsoft's sample token shows them; no `act`. As in any
  // delegated Entra token, `roles` are the user's app-role assignments, not the agent's.
  delegatedTokenClaims: ({
    issuer,
    audience,
    settings,
    agent,
    subject,
    human,
    pairwiseSubject,
    iat,
    exp,
    jti,
  }) => ({
    aud: audience,
    iss: issuer,
    iat,
    nbf: iat,
    exp,
    aio: jti.slice(0, 20),
    appid: agent.clientId,
    azp: agent.clientId,
    appidacr: '1',
    idp: issuer,
    idtyp: 'user',
    oid: subject.oid ?? subject.sub,
    ...(human !== undefined && human.roles.length > 0 ? { roles: [...human.roles] } : {}),
    scp: 'access_as_user',
    sub: pairwiseSubject,
    tid: settings.options.tenantId,
    uti: jti.slice(0, 22),
    ver: '1.0',
    xms_act_fct: '3 9 11',
    xms_sub_fct: '9 3 11',
  }),
  successBody: (accessToken) => ({
    token_type: 'Bearer',
    expires_in: 3599,
    ext_expires_in: 3599,
    access_token: accessToken,
  }),
  errorBody({ error, description }) {
    const known = aadsts[error];
    const code = known?.code ?? 90000;
    const traceId = globalThis.crypto.randomUUID();
    const correlationId = globalThis.crypto.randomUUID();
    const timestamp = `${new Date().toISOString().slice(0, 19).replace('T', ' ')}Z`;
    return {
      error,
      error_description: `AADSTS${code}: ${known?.text ?? description} Trace ID: ${traceId} Correlation ID: ${correlationId} Timestamp: ${timestamp}`,
      error_codes: [code],
      timestamp,
      trace_id: traceId,
      correlation_id: correlationId,
      error_uri: `https://login.microsoftonline.com/error?code=${code}`,
    };
  },
  env: ({ tokenUrl, agent, settings, appPrivateKeyPem }) => ({
    DUAL_AUTH_VENDOR: 'entraid',
    ENTRAID_TOKEN_URL: tokenUrl,
    AGENT_CLIENT_ID: agent.clientId,
    AGENT_CLIENT_SECRET: agent.clientSecret,
    API_SCOPE: `${settings.audience}/.default`,
    APP_ID: agent.clientId,
    APP_PRIVATE_KEY: appPrivateKeyPem,
    API_AUDIENCE: settings.audience,
  }),
  conformance: {
    tokenClaims: (clientId) => ({ appid: clientId, roles: ['FinanceAgent'] }),
    clientAssertion: false,
    actAssertion: true,
  },
  nativeDelegation: {
    subjectToken: 'access',
    env: ({ tokenUrl, agent, settings }) => ({
      OAUTH_TOKEN_URL: tokenUrl,
      AGENT_CLIENT_ID: agent.clientId,
      AGENT_CLIENT_SECRET: agent.clientSecret,
      OAUTH_PRESET: 'entraid',
      API_AUDIENCE: settings.audience,
    }),
  },
  agentGrant: { kind: 'role', name: 'FinanceAgent', describe: 'app role FinanceAgent' },
};
