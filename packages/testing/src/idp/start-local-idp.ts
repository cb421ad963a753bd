import type { IncomingMessage, ServerResponse } from 'node:http';
import { importJWK } from 'jose';
import { startHttpsServer } from '../tls/https-server.js';
import type { TestCa } from '../tls/test-ca.js';
import type { TrustingFetch } from '../tls/trusting-fetch.js';
import { createProvider } from './create-provider.js';
import { defaultAgents } from './default-directory.js';
import type { SubjectTokenOptions } from './delegation-grants.js';
import {
  type AgentInput,
  type HumanInput,
  type LocalIdpAgent,
  LocalIdpDirectory,
  type LocalIdpHuman,
  randomSecret,
} from './directory.js';
import { FailureQueue, type InjectedFailure } from './failure-injection.js';
import type { IssuedTokenRecord } from './issued-token-record.js';
import { loadLocalIdpProfile } from './load-local-idp-profile.js';
import type { LocalIdpProfile, LocalIdpSettings } from './local-idp-profile.js';
import { type LocalIdpMisconfiguration, misconfigureProfile } from './misconfiguration.js';
import { generateRsaKeyPair, type RsaKeyPair } from './rsa-key-pair.js';
import { handleTokenRequest } from './token-endpoint.js';
import type { MutableTokenRequestRecord, TokenRequestRecord } from './token-request-record.js';

/** Options of {@link startLocalIdp}. */
export interface StartLocalIdpOptions {
  /**
   * The vendor to look like: its name (the profile is loaded from
   * `@dual-auth/adapter-<vendor>/testing`) or its {@link LocalIdpProfile}.
   */
  readonly vendor: string | LocalIdpProfile;
  /** CA for the server certificate. Default: a fresh one. */
  readonly ca?: TestCa;
  /**
   * The loopback port to listen on, so the issuer stays the same across restarts (a standalone
   * IdP other processes are configured for). Default: a free port chosen by the system.
   */
  readonly port?: number;
  /**
   * The API's audience (`aud` of access tokens; an Auth0 `audience`, an Entra `<audience>/.default`).
   * Default: the profile's.
   */
  readonly audience?: string;
  /** The vendor's own options (a realm, a tenant, a strict mode…): see its profile. */
  readonly vendorOptions?: Readonly<Record<string, unknown>>;
  /** Agents instead of the defaults (`finance-agent` with FinanceAgent, `intern-agent` without). */
  readonly agents?: readonly AgentInput[];
  /** Humans instead of the profile's (`alice` with FinanceUser, `bob` without). */
  readonly humans?: readonly HumanInput[];
  /** IdP-side mistakes to reproduce (`act` not copied, wrong audience, missing role…). */
  readonly misconfigure?: LocalIdpMisconfiguration;
  /**
   * `opaque`: client-credentials access tokens for the API are reference tokens, which the API
   * reads at {@link LocalIdp.introspectionUrl} (RFC 7662). Default `jwt`.
   */
  readonly accessTokenFormat?: 'jwt' | 'opaque';
}

/** The API's client for introspection with a client secret (`client_secret_basic`). */
export interface LocalIdpApiClient {
  readonly clientId: string;
  readonly clientSecret: string;
}

/** The API's client for introspection with `private_key_jwt` (RS256). */
export interface LocalIdpApiKeyClient {
  readonly clientId: string;
  readonly privateKey: CryptoKey;
  readonly privateJwk: JsonWebKey & { kid: string };
}

/** A running local IdP. */
export interface LocalIdp {
  readonly vendor: string;
  /** The vendor's profile, with what a correct adapter shows (`profile.conformance`). */
  readonly profile: LocalIdpProfile;
  /** The `iss` of its access tokens. */
  readonly issuer: string;
  readonly tokenUrl: string;
  readonly jwksUrl: string;
  /** The API identifier: `aud` of its access tokens. */
  readonly audience: string;
  /** Same as {@link LocalIdp.audience} (Auth0's name for it). */
  readonly apiIdentifier: string;
  /**
   * How many seconds before minting a token this IdP dates its `iat`: the profile's
   * `iatBackdateSeconds` (Entra ID's 300 unless its vendor option says otherwise), else 0.
   */
  readonly iatBackdateSeconds: number;
  readonly ca: TestCa;
  readonly caPem: string;
  /** A fetch that trusts the IdP's CA. */
  readonly fetch: TrustingFetch;
  /** The application key pair (Entra ID act assertions, out-of-session act JWTs). */
  readonly app: RsaKeyPair;
  readonly agents: ReadonlyMap<string, LocalIdpAgent>;
  readonly humans: ReadonlyMap<string, LocalIdpHuman>;
  /** Every token request received, oldest first. */
  readonly requests: readonly TokenRequestRecord[];
  /** RFC 7662 token introspection, at the vendor's path (Okta: `…/v1/introspect`); it reads opaque tokens (oidc-provider refuses JWTs there). */
  readonly introspectionUrl: string;
  /**
   * RFC 7009 token revocation; an agent revokes its own opaque tokens. At the token path with
   * `/token` replaced by `/revoke`, where Keycloak and Okta serve it.
   */
  readonly revocationUrl: string;
  /** The API's introspection client, with a client secret. */
  readonly apiClient: LocalIdpApiClient;
  /** The API's introspection client, with `private_key_jwt`. */
  readonly apiKeyClient: LocalIdpApiKeyClient;
  /** The token log: every opaque access token issued, oldest first, revoked ones marked. */
  readonly tokens: readonly IssuedTokenRecord[];
  /** The reference library's environment variables for an agent (default `finance-agent`). */
  env(agentId?: string): Record<string, string>;
  /**
   * The human's own token (access token by default, or ID token), signed by this IdP as if the
   * human had logged in to `clientId`: the subject token of a token exchange. The login itself is
   * not run (oidc-provider's interactions are off); everything after it is the IdP's real path.
   */
  issueSubjectToken(options: SubjectTokenOptions): Promise<string>;
  /** Makes the next token request(s) fail as described. */
  failNext(failure: InjectedFailure): void;
  addAgent(agent: AgentInput): LocalIdpAgent;
  addHuman(human: HumanInput): LocalIdpHuman;
  /** Whether the human (by `sub` or `oid`) holds `role` (default `FinanceUser`). */
  isHumanAuthorized(id: string, role?: string): boolean;
  /** Whether the agent holds `role` (default `FinanceAgent`). */
  isAgentAuthorized(clientId: string, role?: string): boolean;
  /** Stops the server; pending delays end and open sockets are destroyed. */
  close(): Promise<void>;
}

/**
 * Starts a real OAuth 2.0 authorization server (oidc-provider) over HTTPS on 127.0.0.1, shaped
 * like the given vendor: its paths, issuer, client authentication, access-token claims (with
 * `act` copied from the client assertion as the IdP guides configure), lifetimes and error bodies.
 *
 * @example
 * ```ts
 * import { startLocalIdp } from '@dual-auth/testing';
 *
 * const idp = await startLocalIdp({ vendor: 'acme' }); // the profile of @dual-auth/adapter-acme/testing
 * const env = idp.env(); // ACME_TOKEN_URL, AGENT_CLIENT_ID, AGENT_CLIENT_SECRET, …
 * // … give `idp.fetch` to the adapter under test, verify tokens against `idp.jwksUrl` …
 * await idp.close();
 * ```
 */
export async function startLocalIdp(options: StartLocalIdpOptions): Promise<LocalIdp> {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError('startLocalIdp: options must be an object');
  }
  const profile = misconfigureProfile(
    await loadLocalIdpProfile(options.vendor),
    options.misconfigure,
  );
  const settings = resolveSettings(profile, options);
  const directory = new LocalIdpDirectory();
  for (const agent of options.agents ?? defaultAgents()) directory.addAgent(agent);
  for (const human of options.humans ?? profile.humans()) directory.addHuman(human);

  const accessTokenFormat = options.accessTokenFormat ?? 'jwt';
  if (accessTokenFormat !== 'jwt' && accessTokenFormat !== 'opaque') {
    throw new TypeError("startLocalIdp: accessTokenFormat must be 'jwt' or 'opaque'");
  }
  const [signingKeys, app, apiKeys] = await Promise.all([
    generateRsaKeyPair(),
    generateRsaKeyPair(),
    generateRsaKeyPair(),
  ]);
  const apiClient: LocalIdpApiClient = {
    clientId: 'local-idp-api',
    clientSecret: randomSecret(),
  };
  const apiKeyClient: LocalIdpApiKeyClient = {
    clientId: 'local-idp-api-key',
    privateKey: await importJWK(apiKeys.privateJwk, 'RS256').then((key) => key as CryptoKey),
    privateJwk: apiKeys.privateJwk,
  };
  const issuedTokens: IssuedTokenRecord[] = [];
  const failures = new FailureQueue();
  const requests: TokenRequestRecord[] = [];
  const records = new WeakMap<object, MutableTokenRequestRecord>();
  const sleeping = new Set<() => void>();
  let closed = false;
  const sleep = (ms: number) =>
    new Promise<boolean>((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        sleeping.delete(wake);
        resolve(!closed);
      };
      const timer = setTimeout(wake, ms);
      sleeping.add(wake);
    });

  // The issuer holds the port, so the server listens before oidc-provider exists; until then it
  // answers 503.
  let route: (req: IncomingMessage, res: ServerResponse) => Promise<void> = async (_req, res) => {
    res.writeHead(503).end();
  };
  const server = await startHttpsServer((req, res) => route(req, res), {
    ...(options.ca === undefined ? {} : { ca: options.ca }),
    ...(options.port === undefined ? {} : { port: options.port }),
  });
  const surface = profile.surface(server.url, settings);
  const tokenUrl = `${server.url}${surface.tokenPath}`;
  const introspectionPath = surface.introspectionPath ?? `${surface.tokenPath}/introspect`;
  let created: ReturnType<typeof createProvider>;
  try {
    created = createProvider({
      profile,
      settings,
      directory,
      issuer: surface.issuer,
      tokenPath: surface.tokenPath,
      tokenUrl,
      jwksPath: surface.jwksPath,
      signingJwk: signingKeys.privateJwk,
      publicJwk: signingKeys.publicJwk,
      records,
      accessTokenFormat,
      introspectionPath,
      revocationPath: revocationPathOf(surface.tokenPath),
      apiClients: [apiClient, { clientId: apiKeyClient.clientId, publicJwk: apiKeys.publicJwk }],
      issuedTokens,
    });
  } catch (cause) {
    await server.close();
    throw cause;
  }
  const providerCallback = created.provider.callback() as (
    req: IncomingMessage,
    res: ServerResponse,
  ) => Promise<void>;
  const tokenSetup = {
    profile,
    settings,
    failures,
    requests,
    records,
    sleep,
    provider: providerCallback,
  };
  route = async (req, res) => {
    const path = new URL(req.url ?? '/', server.url).pathname;
    if (req.method === 'POST' && path === surface.tokenPath) {
      await handleTokenRequest(tokenSetup, req, res, path);
    } else {
      await providerCallback(req, res);
    }
  };

  return {
    vendor: profile.vendor,
    profile,
    issuer: surface.issuer,
    tokenUrl,
    jwksUrl: `${server.url}${surface.jwksPath}`,
    audience: settings.audience,
    apiIdentifier: settings.audience,
    iatBackdateSeconds: profile.iatBackdateSeconds?.(settings) ?? 0,
    ca: server.ca,
    caPem: server.ca.caPem,
    fetch: server.fetch,
    app,
    agents: directory.agents,
    humans: directory.humans,
    requests,
    introspectionUrl: `${server.url}${introspectionPath}`,
    revocationUrl: `${server.url}${revocationPathOf(surface.tokenPath)}`,
    apiClient,
    apiKeyClient,
    tokens: issuedTokens,
    env(agentId = 'finance-agent') {
      const agent = directory.agents.get(agentId);
      if (agent === undefined) throw new TypeError(`env: no agent with client id ${agentId}`);
      return profile.env({ tokenUrl, agent, settings, appPrivateKeyPem: app.privateKeyPem });
    },
    issueSubjectToken: (subject) => created.issueSubjectToken(subject),
    failNext: (failure) => failures.push(failure),
    addAgent: (agent) => directory.addAgent(agent),
    addHuman: (human) => directory.addHuman(human),
    isHumanAuthorized: (id, role) => directory.isHumanAuthorized(id, role),
    isAgentAuthorized: (clientId, role) => directory.isAgentAuthorized(clientId, role),
    async close() {
      closed = true;
      for (const wake of [...sleeping]) wake();
      await server.close();
    },
  };
}

function resolveSettings(
  profile: LocalIdpProfile,
  options: StartLocalIdpOptions,
): LocalIdpSettings {
  const { audience = profile.defaultAudience, vendorOptions = {} } = options;
  if (typeof audience !== 'string' || audience === '') {
    throw new TypeError('startLocalIdp: audience must be a non-empty string');
  }
  if (typeof vendorOptions !== 'object' || vendorOptions === null) {
    throw new TypeError('startLocalIdp: vendorOptions must be an object');
  }
  return { audience, options: profile.resolveOptions(vendorOptions) };
}

// Keycloak (`…/openid-connect/revoke`) and Okta (`…/v1/revoke`) serve revocation beside `/token`.
function revocationPathOf(tokenPath: string): string {
  return tokenPath.endsWith('/token')
    ? `${tokenPath.slice(0, -'token'.length)}revoke`
    : `${tokenPath}/revoke`;
}
