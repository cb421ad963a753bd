import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { checkOption, type KnownOptions, refuseUnknownOptions, systemClock } from '@dual-auth/core';
import { importJWK } from 'jose';
import { startHttpsServer } from '../tls/https-server.js';
import { allSettledThenThrow } from './all-settled-then-throw.js';
import { createProvider, type ProviderSetup, providerStorage } from './create-provider.js';
import { defaultAgents } from './default-directory.js';
import { LocalIdpDirectory, randomSecret } from './directory.js';
import { FailureQueue } from './failure-injection.js';
import type { IssuedTokenRecord } from './issued-token-record.js';
import { loadLocalIdpProfile } from './load-local-idp-profile.js';
import type {
  LocalIdp,
  LocalIdpApiClient,
  LocalIdpApiKeyClient,
  RotateSigningKeyOptions,
  StartLocalIdpOptions,
} from './local-idp.js';
import type { LocalIdpProfile, LocalIdpSettings } from './local-idp-profile.js';
import { misconfigureProfile } from './misconfiguration.js';
import { generateRsaKeyPair, type RsaKeyPair, rsaKeyPairFromPem } from './rsa-key-pair.js';
import { SigningKeyRing } from './signing-key-ring.js';
import { handleTokenRequest } from './token-endpoint.js';
import type { MutableTokenRequestRecord, TokenRequestRecord } from './token-request-record.js';

/** Every option of {@link startLocalIdp}: an option not listed here is refused (a `TypeError`). */
const START_LOCAL_IDP_OPTIONS = {
  vendor: true,
  ca: true,
  port: true,
  audience: true,
  vendorOptions: true,
  agents: true,
  humans: true,
  misconfigure: true,
  accessTokenFormat: true,
  clock: true,
  requireDpopNonce: true,
  signingKeyPem: true,
} as const satisfies KnownOptions<StartLocalIdpOptions>;

// 0.1.0 took these vendor options beside `vendor`.
const MOVED_TO_VENDOR_OPTIONS = {
  strict: 'pass it in vendorOptions: { strict }',
  realm: 'pass it in vendorOptions: { realm }',
  tenantId: 'pass it in vendorOptions: { tenantId }',
  authorizationServerId: 'pass it in vendorOptions: { authorizationServerId }',
  assertionAudience: 'pass it in vendorOptions: { assertionAudience }',
};

const DISCOVERY_PATH = '/.well-known/openid-configuration';

/** Every option of {@link LocalIdp.rotateSigningKey}; any other is refused (a `TypeError`). */
const ROTATE_SIGNING_KEY_OPTIONS = {
  overlapSeconds: true,
  signingKeyPem: true,
} as const satisfies KnownOptions<RotateSigningKeyOptions>;

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
export async function startLocalIdp(input: StartLocalIdpOptions): Promise<LocalIdp> {
  if (typeof input !== 'object' || input === null) {
    throw new TypeError('startLocalIdp: options must be an object');
  }
  refuseUnknownOptions(input, START_LOCAL_IDP_OPTIONS, 'startLocalIdp', MOVED_TO_VENDOR_OPTIONS);
  // Own properties only: a polluted Object.prototype sets no option.
  const options = Object.fromEntries(Object.entries(input)) as StartLocalIdpOptions;
  const clock = checkOption(options, 'clock', 'clock') ?? systemClock;
  const requireDpopNonce = checkOption(options, 'requireDpopNonce', 'boolean') ?? false;
  const profile = misconfigureProfile(
    await loadLocalIdpProfile(options.vendor),
    options.misconfigure,
  );
  if (requireDpopNonce && profile.supportsDpop === false) {
    throw new TypeError(
      `startLocalIdp: requireDpopNonce needs DPoP, which ${profile.vendor} does not support: leave it out for this vendor`,
    );
  }
  const settings = resolveSettings(profile, options);
  const directory = new LocalIdpDirectory();
  for (const agent of options.agents ?? defaultAgents()) directory.addAgent(agent);
  for (const human of options.humans ?? profile.humans()) directory.addHuman(human);

  const accessTokenFormat = options.accessTokenFormat ?? 'jwt';
  if (accessTokenFormat !== 'jwt' && accessTokenFormat !== 'opaque') {
    throw new TypeError("startLocalIdp: accessTokenFormat must be 'jwt' or 'opaque'");
  }
  // A refused signingKeyPem is thrown only once the other key generations have ended.
  const [firstSigningKey, app, apiKeys] = await allSettledThenThrow([
    signingKeyOf(options, 'startLocalIdp: signingKeyPem'),
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
  const keyRing = new SigningKeyRing(firstSigningKey);
  const issuedTokens: IssuedTokenRecord[] = [];
  const failures = new FailureQueue();
  const requests: TokenRequestRecord[] = [];
  const records = new WeakMap<object, MutableTokenRequestRecord>();
  const sleeping = new Set<() => void>();
  let serving = true;
  let closed = false;
  const sleep = (ms: number) =>
    new Promise<boolean>((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        sleeping.delete(wake);
        resolve(serving);
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
  const apiClients = [apiClient, { clientId: apiKeyClient.clientId, publicJwk: apiKeys.publicJwk }];
  const providerSetup: Omit<ProviderSetup, 'signingJwk'> = {
    profile,
    settings,
    directory,
    issuer: surface.issuer,
    tokenPath: surface.tokenPath,
    tokenUrl,
    jwksPath: surface.jwksPath,
    publishedKeys: () => keyRing.published(clock.now()),
    storage: providerStorage({ profile, directory, apiClients }),
    records,
    accessTokenFormat,
    introspectionPath,
    revocationPath: revocationPathOf(surface.tokenPath),
    apiClients,
    issuedTokens,
    // One secret per IdP, not per key: a nonce handed out before a rotation stays good.
    dpopNonceSecret: requireDpopNonce ? randomBytes(32) : undefined,
  };
  // One oidc-provider per signing key (its keys are fixed when built); all share one storage.
  const build = () => {
    const built = createProvider({ ...providerSetup, signingJwk: keyRing.current.privateJwk });
    const callback = built.provider.callback() as (
      req: IncomingMessage,
      res: ServerResponse,
    ) => Promise<void>;
    return { callback, issueSubjectToken: built.issueSubjectToken };
  };
  let current: ReturnType<typeof build>;
  try {
    current = build();
  } catch (cause) {
    await server.close();
    throw cause;
  }
  const tokenSetup = {
    profile,
    settings,
    failures,
    requests,
    records,
    sleep,
    provider: (req: IncomingMessage, res: ServerResponse) => current.callback(req, res),
  };
  const metadataPath = `${new URL(surface.issuer).pathname.replace(/\/$/, '')}${DISCOVERY_PATH}`;
  route = async (req, res) => {
    const path = new URL(req.url ?? '/', server.url).pathname;
    if (req.method === 'GET' && path === metadataPath && path !== DISCOVERY_PATH) {
      // OpenID Connect Discovery 1.0 §4: the metadata lives under the issuer's path (a realm, an
      // authorization server); oidc-provider serves it at the root of the origin only.
      req.url = DISCOVERY_PATH;
      await current.callback(req, res);
    } else if (req.method === 'POST' && path === surface.tokenPath) {
      await handleTokenRequest(tokenSetup, req, res, path);
    } else if (req.method === 'GET' && path === surface.jwksPath) {
      // Served here, not by oidc-provider, so that a rotated-out key leaves at its time.
      res.writeHead(200, { 'content-type': 'application/jwk-set+json; charset=utf-8' });
      res.end(JSON.stringify({ keys: providerSetup.publishedKeys() }));
    } else {
      await current.callback(req, res);
    }
  };
  const endPendingDelays = () => {
    for (const wake of [...sleeping]) wake();
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
    issueSubjectToken: (subject) => current.issueSubjectToken(subject),
    failNext: (failure) => failures.push(failure),
    addAgent: (agent) => directory.addAgent(agent),
    addHuman: (human) => directory.addHuman(human),
    isHumanAuthorized: (id, role) => directory.isHumanAuthorized(id, role),
    isAgentAuthorized: (clientId, role) => directory.isAgentAuthorized(clientId, role),
    get signingKid() {
      return keyRing.current.publicJwk.kid;
    },
    jwks: () => ({ keys: providerSetup.publishedKeys() }),
    async rotateSigningKey(rotation: RotateSigningKeyOptions = {}) {
      refuseUnknownOptions(rotation, ROTATE_SIGNING_KEY_OPTIONS, 'idp.rotateSigningKey');
      const overlapSeconds =
        checkOption(rotation, 'overlapSeconds', 'number') ?? profile.accessTokenTtlSeconds;
      const next = await signingKeyOf(rotation, 'idp.rotateSigningKey: signingKeyPem');
      const done = keyRing.rotate(next, clock.now(), overlapSeconds * 1000);
      current = build();
      return done;
    },
    async stop() {
      serving = false;
      endPendingDelays();
      await server.stop();
    },
    async start() {
      if (closed) throw new Error('idp.start: the IdP was closed; start a new one');
      serving = true;
      await server.start();
    },
    async close() {
      closed = true;
      serving = false;
      endPendingDelays();
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

/** The key the options give (`signingKeyPem`, checked), else a fresh one. */
async function signingKeyOf(options: object, what: string): Promise<RsaKeyPair> {
  const pem = checkOption(options, 'signingKeyPem', 'string');
  return pem === undefined ? generateRsaKeyPair() : rsaKeyPairFromPem(pem, what);
}
