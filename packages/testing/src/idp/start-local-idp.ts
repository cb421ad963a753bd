import type { IncomingMessage, ServerResponse } from 'node:http';
import { VENDORS, type Vendor } from '@dual-auth/core';
import { startHttpsServer } from '../tls/https-server.js';
import type { TestCa } from '../tls/test-ca.js';
import type { TrustingFetch } from '../tls/trusting-fetch.js';
import { createProvider } from './create-provider.js';
import { defaultAgents, defaultHumans } from './default-directory.js';
import {
  type AgentInput,
  type HumanInput,
  type LocalIdpAgent,
  LocalIdpDirectory,
  type LocalIdpHuman,
} from './directory.js';
import { FailureQueue, type InjectedFailure } from './failure-injection.js';
import { generateRsaKeyPair, type RsaKeyPair } from './rsa-key-pair.js';
import { handleTokenRequest } from './token-endpoint.js';
import type { MutableTokenRequestRecord, TokenRequestRecord } from './token-request-record.js';
import type { LocalIdpSettings, VendorProfile } from './vendor-profile.js';
import { auth0Profile } from './vendors/auth0.js';
import { entraidProfile } from './vendors/entraid.js';
import { keycloakProfile } from './vendors/keycloak.js';
import { oktaProfile } from './vendors/okta.js';

const profiles: Record<Vendor, VendorProfile> = {
  keycloak: keycloakProfile,
  auth0: auth0Profile,
  okta: oktaProfile,
  entraid: entraidProfile,
};

/** Options of {@link startLocalIdp}. */
export interface StartLocalIdpOptions {
  readonly vendor: Vendor;
  /** CA for the server certificate. Default: a fresh one. */
  readonly ca?: TestCa;
  /** Keycloak realm. Default `agbac`. */
  readonly realm?: string;
  /** Okta custom authorization server id. Default `aus1`. */
  readonly authorizationServerId?: string;
  /** Entra ID tenant id. Default `00000000-0000-4000-8000-0000000000e1`. */
  readonly tenantId?: string;
  /**
   * The API's audience (`aud` of access tokens; Auth0 `audience`, Entra `<audience>/.default`).
   * Default: `account` for Keycloak, `https://api.example.com/finance` for the others.
   */
  readonly audience?: string;
  /** Auth0: accept only `private_key_jwt` (RS256/ES256) like a real tenant. Default false. */
  readonly strict?: boolean;
  /**
   * Okta: the client-assertion `aud` accepted: the authorization server URL (`'issuer'`, the
   * reference library's), the token endpoint URL (`'token-endpoint'`, what Okta documents), or
   * `'both'` (default).
   */
  readonly assertionAudience?: 'issuer' | 'token-endpoint' | 'both';
  /** Agents instead of the defaults (`finance-agent` with FinanceAgent, `intern-agent` without). */
  readonly agents?: readonly AgentInput[];
  /** Humans instead of the defaults (`alice` with FinanceUser, `bob` without). */
  readonly humans?: readonly HumanInput[];
}

/** A running local IdP. */
export interface LocalIdp {
  readonly vendor: Vendor;
  /** The `iss` of its access tokens. */
  readonly issuer: string;
  readonly tokenUrl: string;
  readonly jwksUrl: string;
  /** The API identifier: `aud` of its access tokens. */
  readonly audience: string;
  /** Same as {@link LocalIdp.audience} (Auth0's name for it). */
  readonly apiIdentifier: string;
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
  /** The reference library's environment variables for an agent (default `finance-agent`). */
  env(agentId?: string): Record<string, string>;
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
 * const idp = await startLocalIdp({ vendor: 'keycloak' });
 * const env = idp.env(); // KEYCLOAK_TOKEN_URL, AGENT_CLIENT_ID, AGENT_CLIENT_SECRET, …
 * // … give `idp.fetch` to the adapter under test, verify tokens against `idp.jwksUrl` …
 * await idp.close();
 * ```
 */
export async function startLocalIdp(options: StartLocalIdpOptions): Promise<LocalIdp> {
  const profile = profiles[checkVendor(options?.vendor)];
  const settings = resolveSettings(profile, options);
  const directory = new LocalIdpDirectory();
  for (const agent of options.agents ?? defaultAgents()) directory.addAgent(agent);
  for (const human of options.humans ?? defaultHumans(profile.vendor)) directory.addHuman(human);

  const [signingKeys, app] = await Promise.all([generateRsaKeyPair(), generateRsaKeyPair()]);
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
  const server = await startHttpsServer(
    (req, res) => route(req, res),
    options.ca ? { ca: options.ca } : {},
  );
  const surface = profile.surface(server.url, settings);
  const tokenUrl = `${server.url}${surface.tokenPath}`;
  let provider: ReturnType<typeof createProvider>;
  try {
    provider = createProvider({
      profile,
      settings,
      directory,
      issuer: surface.issuer,
      tokenPath: surface.tokenPath,
      tokenUrl,
      jwksPath: surface.jwksPath,
      signingJwk: signingKeys.privateJwk,
      records,
    });
  } catch (cause) {
    await server.close();
    throw cause;
  }
  const providerCallback = provider.callback() as (
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
    issuer: surface.issuer,
    tokenUrl,
    jwksUrl: `${server.url}${surface.jwksPath}`,
    audience: settings.audience,
    apiIdentifier: settings.audience,
    ca: server.ca,
    caPem: server.ca.caPem,
    fetch: server.fetch,
    app,
    agents: directory.agents,
    humans: directory.humans,
    requests,
    env(agentId = 'finance-agent') {
      const agent = directory.agents.get(agentId);
      if (agent === undefined) throw new TypeError(`env: no agent with client id ${agentId}`);
      return profile.env({ tokenUrl, agent, settings, appPrivateKeyPem: app.privateKeyPem });
    },
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

function checkVendor(vendor: unknown): Vendor {
  if (!VENDORS.includes(vendor as Vendor)) {
    throw new TypeError(`startLocalIdp: vendor must be one of ${VENDORS.join(', ')}`);
  }
  return vendor as Vendor;
}

function resolveSettings(profile: VendorProfile, options: StartLocalIdpOptions): LocalIdpSettings {
  const text = (name: keyof StartLocalIdpOptions, fallback: string): string => {
    const value = options[name];
    if (value === undefined) return fallback;
    if (typeof value !== 'string' || value === '') {
      throw new TypeError(`startLocalIdp: ${name} must be a non-empty string`);
    }
    return value;
  };
  if (options.strict !== undefined && typeof options.strict !== 'boolean') {
    throw new TypeError('startLocalIdp: strict must be a boolean');
  }
  const assertionAudience = options.assertionAudience ?? 'both';
  if (!['issuer', 'token-endpoint', 'both'].includes(assertionAudience)) {
    throw new TypeError(
      "startLocalIdp: assertionAudience must be 'issuer', 'token-endpoint' or 'both'",
    );
  }
  return {
    realm: text('realm', 'agbac'),
    authorizationServerId: text('authorizationServerId', 'aus1'),
    tenantId: text('tenantId', '00000000-0000-4000-8000-0000000000e1'),
    audience: text('audience', profile.defaultAudience),
    strict: options.strict ?? false,
    assertionAudience,
  };
}
