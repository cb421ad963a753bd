import type { Clock } from '@dual-auth/core';
import type { TestCa } from '../tls/test-ca.js';
import type { TrustingFetch } from '../tls/trusting-fetch.js';
import type { SubjectTokenOptions } from './delegation-grants.js';
import type { AgentInput, HumanInput, LocalIdpAgent, LocalIdpHuman } from './directory.js';
import type { InjectedFailure } from './failure-injection.js';
import type { IssuedTokenRecord } from './issued-token-record.js';
import type { LocalIdpProfile } from './local-idp-profile.js';
import type { LocalIdpMisconfiguration } from './misconfiguration.js';
import type { RsaKeyPair } from './rsa-key-pair.js';
import type { PublishedJwk, SigningKeyRotation } from './signing-key-ring.js';
import type { TokenRequestRecord } from './token-request-record.js';

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
  /**
   * The clock that withdraws a rotated-out signing key from the JWK Set once its overlap has
   * passed ({@link LocalIdp.rotateSigningKey}): give a test's clock to step past it. Tokens are
   * dated by oidc-provider with the system clock whatever this is. Default: the system clock.
   */
  readonly clock?: Clock;
  /**
   * Whether every DPoP proof at the token endpoint must carry a nonce the IdP issued (RFC 9449
   * §8): a proof without one, or with one the IdP did not issue, is answered
   * `400 use_dpop_nonce` with a fresh nonce in the `DPoP-Nonce` header, which the client puts in
   * its next proof. Nonces stay valid across {@link LocalIdp.rotateSigningKey}. Default `false`:
   * no nonce is issued, and a proof is checked by its `iat` (within 60 s) and its unused `jti`.
   * Applies to every grant that binds (client credentials, token exchange, jwt-bearer).
   *
   * @throws TypeError (from {@link startLocalIdp}) when it is not a boolean, or when the vendor
   * shape has no DPoP (`supportsDpop: false`, Entra ID).
   */
  readonly requireDpopNonce?: boolean;
  /**
   * The key that signs tokens from the start: an RSA private key (2048 bits or more, RS256, RFC
   * 7518 §3.3) in PKCS#8 PEM (`-----BEGIN PRIVATE KEY-----`, an {@link RsaKeyPair.privateKeyPem}).
   * Its `kid` is its RFC 7638 thumbprint, so an IdP restarted with the same key publishes the same
   * JWK Set and an API's cached JWKS keeps verifying its tokens. Default: a fresh key per start.
   * Keep it out of the repository (`dual-auth-idp --signing-key-file` writes it with mode 0600).
   *
   * @throws TypeError (from {@link startLocalIdp}) when it is not such a key (the key is never quoted).
   */
  readonly signingKeyPem?: string;
}

/** Options of {@link LocalIdp.rotateSigningKey}. */
export interface RotateSigningKeyOptions {
  /**
   * How long the key being replaced stays in the JWK Set after the rotation, in seconds on the
   * IdP's `clock`: tokens it signed keep verifying at an API that downloads the set meanwhile.
   * `0` withdraws it at once (an IdP that came back with only a new key). Default: the vendor's
   * access-token lifetime (Keycloak 300, Auth0 86 400, Okta 3 600, Entra ID 3 599), so every token
   * the old key signed expires before it goes.
   */
  readonly overlapSeconds?: number;
  /**
   * The next signing key: an RSA private key (2048 bits or more) in PKCS#8 PEM, as
   * {@link StartLocalIdpOptions.signingKeyPem}. Default: a fresh one.
   *
   * @throws TypeError (from {@link LocalIdp.rotateSigningKey}) when it is not such a key.
   */
  readonly signingKeyPem?: string;
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
  /**
   * The `kid` of the key that signs the tokens minted now: the first key of the JWK Set at
   * {@link LocalIdp.jwksUrl}.
   */
  readonly signingKid: string;
  /**
   * The JWK Set (RFC 7517 §5) that {@link LocalIdp.jwksUrl} serves at this moment of the IdP's
   * clock: the signing key, then each rotated-out key whose overlap has not passed. Public keys
   * only; the private keys stay in this process's memory, never on disk.
   */
  jwks(): { readonly keys: readonly PublishedJwk[] };
  /**
   * Rotates the signing key, as an IdP operator does: a fresh RSA-2048 key (new `kid`) signs every
   * token from now on, and the key it replaces stays published in the JWK Set for `overlapSeconds`,
   * then is withdrawn (OpenID Connect Core 1.0 §10.1.1). An API that meets the new `kid` downloads
   * the set again; a token of the old key is refused once the API's copy no longer holds it.
   *
   * @throws TypeError when an option is unknown or `overlapSeconds` is not a number >= 0.
   */
  rotateSigningKey(options?: RotateSigningKeyOptions): Promise<SigningKeyRotation>;
  /**
   * Stops the IdP as a restart does: the port refuses connections, open sockets are destroyed and
   * pending delays end; the keys, directory, client secrets and issued tokens are kept.
   */
  stop(): Promise<void>;
  /**
   * Starts the IdP again after {@link LocalIdp.stop}: the same port, issuer, CA, signing keys (the
   * same `kid`s, overlaps still counting), directory and secrets, so an API's JWKS cache and an
   * agent's token cache see a restart of the same IdP, not a new one.
   *
   * @throws Error when the IdP was closed, or another process took its port meanwhile.
   */
  start(): Promise<void>;
  /** Stops the server for good; pending delays end and open sockets are destroyed. */
  close(): Promise<void>;
}
