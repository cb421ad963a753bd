import { decodeJwt } from 'jose';
import Provider, {
  type AdapterFactory,
  type AdapterPayload,
  type AsymmetricSigningAlgorithm,
  errors,
  type KoaContextWithOIDC,
} from 'oidc-provider';
import { createDelegationGrants, TOKEN_EXCHANGE_GRANT } from './delegation-grants.js';
import type { LocalIdpAgent, LocalIdpDirectory } from './directory.js';
import type { IssuedTokenRecord } from './issued-token-record.js';
import type { LocalIdpProfile, LocalIdpSettings } from './local-idp-profile.js';
import { createMemoryAdapterFactory } from './memory-adapter.js';
import type { MutableTokenRequestRecord } from './token-request-record.js';

/** A client the API (resource server) uses to call the introspection endpoint. @internal */
export interface ApiClientMetadata {
  readonly clientId: string;
  readonly clientSecret?: string;
  readonly publicJwk?: JsonWebKey;
}

/** Everything the oidc-provider instance is built from. @internal */
export interface ProviderSetup {
  readonly profile: LocalIdpProfile;
  readonly settings: LocalIdpSettings;
  readonly directory: LocalIdpDirectory;
  readonly issuer: string;
  readonly tokenPath: string;
  readonly tokenUrl: string;
  readonly jwksPath: string;
  /** The key that signs; built anew with the next key when the IdP rotates it. */
  readonly signingJwk: JsonWebKey & { kid: string };
  /** The IdP's JWK Set as published now, to verify the tokens it issued (subject tokens). */
  readonly publishedKeys: () => readonly (JsonWebKey & { kid: string })[];
  /**
   * oidc-provider's storage ({@link providerStorage}), shared by the providers one IdP builds for
   * its keys, so that a rotation keeps spent client-assertion `jti`s and opaque tokens.
   */
  readonly storage: AdapterFactory;
  /** Records of token requests, keyed by the request object oidc-provider sees. */
  readonly records: WeakMap<object, MutableTokenRequestRecord>;
  /** `opaque`: client-credentials access tokens are reference tokens, read by introspection. */
  readonly accessTokenFormat: 'jwt' | 'opaque';
  readonly introspectionPath: string;
  readonly revocationPath: string;
  /** The API's clients for introspection (client secret, `private_key_jwt`). */
  readonly apiClients: readonly ApiClientMetadata[];
  /** Every opaque token issued, oldest first; revoked ones are marked. */
  readonly issuedTokens: IssuedTokenRecord[];
  /**
   * The 32-byte secret of the DPoP nonces (RFC 9449 §8), when the IdP requires one in every proof;
   * shared by the providers one IdP builds, so a nonce outlives a key rotation.
   */
  readonly dpopNonceSecret: Buffer | undefined;
}

/** The DPoP proof algorithms the token endpoint accepts (RFC 9449 §5, its metadata's list). */
export const DPOP_SIGNING_ALGS: readonly AsymmetricSigningAlgorithm[] = [
  'ES256',
  'ES384',
  'PS256',
  'RS256',
  'EdDSA',
  'Ed25519',
];

// oidc-provider refuses a replayed proof as invalid_grant; RFC 9449 §5 and §11.1 call it an
// invalid proof.
const DPOP_REPLAY_DETAIL = 'DPoP proof JWT Replay detected';

// Every token is for the one API of the local IdP; its audience is set per vendor when shaping.
const apiResource = 'urn:dual-auth:local-idp:api';

/**
 * The in-memory storage of a local IdP's oidc-provider, whose clients are the directory's agents
 * and the API's introspection clients. @internal
 */
export function providerStorage(
  setup: Pick<ProviderSetup, 'profile' | 'directory' | 'apiClients'>,
): AdapterFactory {
  return createMemoryAdapterFactory(
    (id) =>
      apiClientMetadata(setup.apiClients.find((client) => client.clientId === id)) ??
      clientMetadata(setup.profile, setup.directory.agents.get(id)),
  );
}

/** Builds the oidc-provider instance behind a local IdP, with its delegation grants. @internal */
export function createProvider(setup: ProviderSetup): {
  provider: Provider;
  issueSubjectToken: ReturnType<typeof createDelegationGrants>['issueSubjectToken'];
} {
  const { profile, settings, directory, issuer } = setup;
  const iatBackdateSeconds = profile.iatBackdateSeconds?.(settings) ?? 0;
  const agentOf = (clientId: string): LocalIdpAgent => {
    const agent = directory.agents.get(clientId);
    if (agent === undefined) throw new errors.InvalidClient('client not found');
    return agent;
  };
  const grantedScopes = (ctx: KoaContextWithOIDC, agent: LocalIdpAgent) => {
    const requested = String(ctx.oidc.params?.scope ?? '')
      .split(' ')
      .filter(Boolean);
    return profile.grantedScopes(agent, requested);
  };

  const provider = new Provider(issuer, {
    adapter: setup.storage,
    jwks: { keys: [setup.signingJwk] },
    clientAuthMethods: [
      'client_secret_jwt',
      'private_key_jwt',
      'client_secret_post',
      'client_secret_basic',
    ],
    enabledJWA: {
      clientAuthSigningAlgValues: ['HS256', 'HS384', 'HS512', 'RS256', 'PS256', 'ES256'],
      dPoPSigningAlgValues: DPOP_SIGNING_ALGS,
    },
    clockTolerance: 5,
    ttl: { ClientCredentials: profile.accessTokenTtlSeconds },
    routes: {
      token: setup.tokenPath,
      jwks: setup.jwksPath,
      introspection: setup.introspectionPath,
      revocation: setup.revocationPath,
    },
    // RFC 7662 §2.1: the authenticated API reads the answer for any agent's token; RFC 7009 §2.1:
    // an agent revokes its own tokens only.
    features: {
      introspection: { enabled: true, allowedPolicy: async () => true },
      revocation: {
        enabled: true,
        allowedPolicy: async (_ctx, client, token) => token.clientId === client.clientId,
      },
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      // RFC 9449: oidc-provider checks the proof (§4.3), binds the client-credentials token to
      // its key and refuses a replayed jti; nonces (§8) only when the IdP requires them. The
      // delegation grants check and bind with the same code (dpop-binding.ts).
      dPoP: {
        enabled: profile.supportsDpop !== false,
        allowReplay: false,
        ...(setup.dpopNonceSecret === undefined
          ? { requireNonce: () => false }
          : { nonceSecret: setup.dpopNonceSecret, requireNonce: () => true }),
      },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => apiResource,
        useGrantedResource: () => true,
        getResourceServerInfo: (ctx, indicator, client) => {
          if (indicator !== apiResource) throw new errors.InvalidTarget();
          const agent = agentOf(client.clientId);
          return {
            scope: [...agent.scopes, ...grantedScopes(ctx, agent)].join(' '),
            audience: settings.audience,
            accessTokenTTL: profile.accessTokenTtlSeconds,
            accessTokenFormat: setup.accessTokenFormat,
            ...(setup.accessTokenFormat === 'jwt' ? { jwt: { sign: { alg: 'RS256' } } } : {}),
          };
        },
      },
    },
    // An opaque token's introspection answer carries the claims its JWT would (RFC 7662 §2.2 allows
    // any); oidc-provider sets the registered ones (iss, aud, exp, iat, client_id, scope) itself.
    extraTokenClaims: (ctx, token) => {
      if (setup.accessTokenFormat !== 'opaque' || token.kind !== 'ClientCredentials') return;
      const agent = agentOf(String(token.clientId));
      const iat = Math.floor(Date.now() / 1000);
      const {
        iss,
        aud,
        exp,
        iat: _iat,
        jti,
        nbf,
        ...claims
      } = profile.accessTokenClaims({
        issuer,
        settings,
        agent,
        grantedScopes: grantedScopes(ctx, agent),
        act: assertionClaims(ctx)?.act,
        iat,
        exp: iat + profile.accessTokenTtlSeconds,
        jti: String(token.jti),
      });
      return claims;
    },
    formats: {
      customizers: {
        jwt: (ctx, token, jwt) => {
          const agent = agentOf(String(token.clientId));
          const claims = assertionClaims(ctx);
          jwt.header = { typ: 'JWT' };
          // The key binding of a DPoP proof (RFC 9449 §6.1) survives the vendor's shape.
          const { cnf } = jwt.payload;
          jwt.payload = profile.accessTokenClaims({
            issuer,
            settings,
            agent,
            grantedScopes: grantedScopes(ctx, agent),
            act: claims?.act,
            iat: Number(jwt.payload.iat) - iatBackdateSeconds,
            exp: Number(jwt.payload.exp),
            jti: String(jwt.payload.jti),
          });
          if (cnf !== undefined) jwt.payload.cnf = cnf;
        },
      },
    },
    assertJwtClientAuthClaimsAndHeader: (_ctx, claims, header, client) => {
      // The API's own client is this test kit's, not the vendor's: no vendor rule applies to it.
      if (setup.apiClients.some((api) => api.clientId === client?.clientId)) return;
      const refusal = profile.checkAssertion({
        alg: header.alg,
        aud: claims.aud,
        issuer,
        tokenUrl: setup.tokenUrl,
        settings,
      });
      if (refusal !== undefined) throw new errors.InvalidClientAuth(refusal);
    },
  });

  const grants = createDelegationGrants({ ...setup, grantedScopes });
  grants.register(provider);

  const noteError = (
    ctx: KoaContextWithOIDC,
    err: Error & { error_detail?: string | undefined },
  ) => {
    const record = setup.records.get(ctx.req);
    if (record) record.errorDetail = err.error_detail ?? err.message;
  };
  provider.on('grant.error', noteError);
  provider.on('client_credentials.saved', (token) => {
    const act = token.extra?.act as Record<string, unknown> | undefined;
    setup.issuedTokens.push({
      tokenId: String(token.jti),
      clientId: String(token.clientId),
      ...(typeof act?.sub === 'string' ? { human: act.sub } : {}),
      expiresAt: Number(token.exp),
      revoked: false,
    });
  });
  provider.on('client_credentials.destroyed', (token) => {
    const entry = setup.issuedTokens.find((issued) => issued.tokenId === token.jti);
    if (entry) entry.revoked = true;
  });
  provider.on('server_error', noteError);

  provider.use(async (koaCtx, next) => {
    await next();
    const ctx = koaCtx as KoaContextWithOIDC;
    if (ctx.path === setup.introspectionPath) {
      backdateIntrospection(ctx.body, iatBackdateSeconds);
      return;
    }
    if (ctx.path !== setup.tokenPath || ctx.method !== 'POST') return;
    const body = ctx.body as Record<string, unknown> | undefined;
    const record = setup.records.get(ctx.req);
    const clientCredentials = ctx.oidc.params?.grant_type === 'client_credentials';
    if (
      ctx.status === 200 &&
      clientCredentials &&
      typeof body?.access_token === 'string' &&
      ctx.oidc.client
    ) {
      const agent = agentOf(ctx.oidc.client.clientId);
      ctx.body = {
        ...profile.successBody(body.access_token, grantedScopes(ctx, agent)),
        // A bound token is not a Bearer token whatever the vendor's answer says (RFC 9449 §5).
        ...(body.token_type === 'DPoP' ? { token_type: 'DPoP' } : {}),
      };
    } else if (typeof body?.error === 'string') {
      const replayed = record?.errorDetail === DPOP_REPLAY_DETAIL;
      const error = replayed ? 'invalid_dpop_proof' : body.error;
      if (record) record.error = error;
      ctx.body = profile.errorBody({
        status: ctx.status,
        error,
        description: replayed
          ? 'DPoP proof was already used'
          : String(body.error_description ?? ''),
      });
    }
  });
  return { provider, issueSubjectToken: grants.issueSubjectToken };
}

/**
 * An active introspection answer dated as the vendor dates its JWTs: `iat` (and `nbf`) that many
 * seconds before the minting oidc-provider recorded, `exp` kept.
 */
function backdateIntrospection(body: unknown, iatBackdateSeconds: number): void {
  if (iatBackdateSeconds === 0 || typeof body !== 'object' || body === null) return;
  const answer = body as Record<string, unknown>;
  if (answer.active !== true) return;
  for (const claim of ['iat', 'nbf']) {
    const seconds = answer[claim];
    if (typeof seconds === 'number') answer[claim] = seconds - iatBackdateSeconds;
  }
}

function clientMetadata(
  profile: LocalIdpProfile,
  agent: LocalIdpAgent | undefined,
): AdapterPayload | undefined {
  if (agent === undefined) return undefined;
  const method = profile.authMethod(agent);
  return {
    client_id: agent.clientId,
    client_secret: agent.clientSecret,
    grant_types: [
      'client_credentials',
      TOKEN_EXCHANGE_GRANT,
      'urn:ietf:params:oauth:grant-type:jwt-bearer',
    ],
    response_types: [],
    redirect_uris: [],
    token_endpoint_auth_method: method,
    ...(method === 'private_key_jwt' && agent.publicJwk
      ? { jwks: { keys: [agent.publicJwk as Record<string, string>] } }
      : {}),
  };
}

function apiClientMetadata(client: ApiClientMetadata | undefined): AdapterPayload | undefined {
  if (client === undefined) return undefined;
  return {
    client_id: client.clientId,
    grant_types: [],
    response_types: [],
    redirect_uris: [],
    ...(client.publicJwk
      ? {
          token_endpoint_auth_method: 'private_key_jwt',
          jwks: { keys: [client.publicJwk as Record<string, string>] },
        }
      : { token_endpoint_auth_method: 'client_secret_basic', client_secret: client.clientSecret }),
  };
}

function assertionClaims(ctx: KoaContextWithOIDC): Record<string, unknown> | undefined {
  const assertion = ctx.oidc.params?.client_assertion;
  if (typeof assertion !== 'string') return undefined;
  try {
    return decodeJwt(assertion);
  } catch {
    return undefined;
  }
}
