import { requireArray, requireValue } from '@dual-auth/core';
import type { HumanInput, LocalIdpAgent, LocalIdpHuman } from './directory.js';

/** How a local IdP is set up: the API audience and the vendor's own options, defaults filled in. */
export interface LocalIdpSettings<O = unknown> {
  readonly audience: string;
  /** What the profile's {@link LocalIdpProfile.resolveOptions} made of `vendorOptions`. */
  readonly options: O;
}

/** Where a vendor serves its endpoints (paths start with `/`). */
export interface VendorSurface {
  readonly issuer: string;
  readonly tokenPath: string;
  readonly jwksPath: string;
  /** RFC 7662 introspection; default `<tokenPath>/introspect` (Keycloak's). */
  readonly introspectionPath?: string;
}

/** An OAuth error a vendor answers with. */
export interface VendorError {
  readonly status: number;
  readonly error: string;
  readonly description: string;
}

/** What a vendor needs to shape an access token. */
export interface AccessTokenInput<O = unknown> {
  readonly issuer: string;
  readonly settings: LocalIdpSettings<O>;
  readonly agent: LocalIdpAgent;
  readonly grantedScopes: readonly string[];
  /** The `act` claim of the client assertion, when there was one. */
  readonly act: unknown;
  readonly iat: number;
  readonly exp: number;
  readonly jti: string;
}

/**
 * What a vendor needs to shape a delegated access token, issued by token exchange (RFC 8693) or
 * an on-behalf-of / ID-JAG jwt-bearer grant: the human from the verified subject token, the agent
 * that asked, and the RFC 8693 §4.1 `act` the generic layout would carry (the agent, with the
 * subject token's own `act` nested as the earlier actors).
 */
export interface DelegatedTokenInput<O = unknown> {
  readonly issuer: string;
  readonly settings: LocalIdpSettings<O>;
  readonly agent: LocalIdpAgent;
  /** `aud` of the token: the API's, or a downstream agent's client id (a hop of a chain). */
  readonly audience: string;
  /** The verified claims of the human's token (or of the ID-JAG). */
  readonly subject: Readonly<Record<string, unknown>>;
  /**
   * The directory's human named by `subject.sub` (or `oid`), when known: a delegated token is the
   * human's, and real IdPs put the human's roles or permissions into it (Entra `roles`, Keycloak
   * `realm_access.roles`, Auth0 `permissions`), which a vendor profile copies from here.
   */
  readonly human: LocalIdpHuman | undefined;
  /** `{ sub: <agent client id>, act?: <subject token's act> }`. */
  readonly act: Readonly<Record<string, unknown>>;
  /**
   * The human's pairwise id at `audience`, for a vendor whose delegated tokens name the human by
   * one (Entra ID's `sub`: another one at each API, only `oid` is shared): base64url SHA-256 of
   * the issuer, the audience and the subject token's `oid` (else `sub`), 43 characters.
   */
  readonly pairwiseSubject: string;
  readonly grantedScopes: readonly string[];
  readonly iat: number;
  readonly exp: number;
  readonly jti: string;
}

/**
 * The generic RFC 8693 §4.1 delegated token: the human in `sub`, the agent in `act.sub` and as
 * `client_id` (RFC 9068), earlier actors nested in `act`. A vendor profile without its own
 * `delegatedTokenClaims` issues this.
 */
export function rfc8693TokenClaims(input: DelegatedTokenInput): Record<string, unknown> {
  requireValue(input, 'input', 'object');
  requireValue(input.subject, 'input.subject', 'object');
  requireValue(input.agent, 'input.agent', 'object');
  requireArray(input.grantedScopes, 'input.grantedScopes');
  const { issuer, audience, agent, subject, act, grantedScopes, iat, exp, jti } = input;
  return {
    iss: issuer,
    sub: subject.sub,
    aud: audience,
    exp,
    iat,
    jti,
    client_id: agent.clientId,
    scope: grantedScopes.join(' '),
    act,
  };
}

/**
 * The vendor's own delegation (token exchange, on-behalf-of, Cross App Access) as
 * `@dual-auth/adapter-oauth` speaks it: the environment of its preset, and which human token it
 * exchanges. The demo runs its RFC 8693 matrix with it.
 */
export interface NativeDelegation<O = unknown> {
  /** The human's token the preset exchanges: an access token, or an ID token (Okta XAA). */
  readonly subjectToken: 'access' | 'id';
  /** `OAUTH_*` variables for the agent, at this IdP. */
  env(input: {
    readonly tokenUrl: string;
    readonly issuer: string;
    readonly agent: LocalIdpAgent;
    readonly settings: LocalIdpSettings<O>;
  }): Record<string, string>;
}

/** What a correct adapter shows at a vendor's local IdP, checked by `runIamAdapterConformance`. */
export interface ConformanceExpectations {
  /** Claims of the access token issued to `clientId` for scope `finance.read`. */
  tokenClaims(clientId: string): Record<string, unknown>;
  /** Whether the client authenticates with a signed client assertion (one `jti` per attempt). */
  readonly clientAssertion: boolean;
  /** Whether the human travels in an app-signed act assertion (`X-Act-Assertion`), not the token. */
  readonly actAssertion?: boolean;
}

/** How the guide's pre-approved agent shows in the access token, for an API that checks it. */
export interface AgentGrant {
  /** `role`: a role of the agent (`roles`, `realm_access.roles`); `scope`: a scope or permission. */
  readonly kind: 'role' | 'scope';
  readonly name: string;
  /** In words, for traces: `realm role FinanceAgent`. */
  readonly describe: string;
}

/**
 * How the local IdP of `@dual-auth/testing` looks like one vendor from the outside, as data and
 * small hooks: paths, issuer, client authentication, access-token claims, lifetimes, error bodies,
 * the guide's humans and the reference's environment variables. Each adapter package exports its
 * vendor's profile from its `/testing` subpath; `startLocalIdp({ vendor })` loads it by name.
 *
 * @typeParam O - The vendor's own options (`vendorOptions` of `startLocalIdp`), resolved.
 */
export interface LocalIdpProfile<O = unknown> {
  readonly kind: 'local-idp-profile';
  readonly vendor: string;
  /** Access-token lifetime and `expires_in`, in seconds. */
  readonly accessTokenTtlSeconds: number;
  readonly defaultAudience: string;
  /**
   * Checks the vendor's own options and fills in their defaults.
   *
   * @throws TypeError naming a wrong or unknown option.
   */
  resolveOptions(options: Readonly<Record<string, unknown>>): O;
  /** The humans of the IdP guides (`alice` with FinanceUser, `bob` without), ids shaped like the vendor's. */
  humans(): readonly HumanInput[];
  surface(origin: string, settings: LocalIdpSettings<O>): VendorSurface;
  authMethod(agent: LocalIdpAgent): 'client_secret_jwt' | 'private_key_jwt' | 'client_secret_post';
  /** Vendor rules on the form that oidc-provider does not know (audience, `.default` scope). */
  checkForm(form: URLSearchParams, settings: LocalIdpSettings<O>): VendorError | undefined;
  /** Vendor rules on a verified client assertion; returns why it is refused. */
  checkAssertion(input: {
    readonly alg: unknown;
    readonly aud: unknown;
    readonly issuer: string;
    readonly tokenUrl: string;
    readonly settings: LocalIdpSettings<O>;
  }): string | undefined;
  grantedScopes(agent: LocalIdpAgent, requested: readonly string[]): readonly string[];
  /**
   * How many seconds before minting a token the vendor dates its `iat` (and so the `nbf` a profile
   * copies from it), for clock skew: Entra ID 300. The IdP then gives `accessTokenClaims`,
   * `delegatedTokenClaims` and `issueSubjectToken` an `iat` this far back, and keeps `exp` at the
   * minting time plus the lifetime. Default: 0, `iat` is the minting time.
   */
  iatBackdateSeconds?(settings: LocalIdpSettings<O>): number;
  accessTokenClaims(input: AccessTokenInput<O>): Record<string, unknown>;
  /**
   * The claims of a delegated token (token exchange, on-behalf-of, ID-JAG redemption) as the vendor
   * issues them. Default: {@link rfc8693TokenClaims}.
   */
  delegatedTokenClaims?(input: DelegatedTokenInput<O>): Record<string, unknown>;
  /**
   * The claims that name the human in a token issued to them at login (`issueSubjectToken`): an
   * access token, or an ID token (`kind: 'id'`). Default {@link humanTokenClaims}: `sub`, and
   * `oid` when the human has one. `token.pairwiseSubject` is the human's pairwise id at the
   * token's audience (as {@link DelegatedTokenInput}'s), for a vendor whose `sub` is one (Entra ID).
   */
  humanTokenClaims?(
    human: LocalIdpHuman,
    kind: 'access' | 'id',
    token: { readonly pairwiseSubject: string },
  ): Record<string, unknown>;
  successBody(accessToken: string, grantedScopes: readonly string[]): Record<string, unknown>;
  errorBody(error: VendorError): Record<string, unknown>;
  /** The reference library's environment variables for this vendor and agent. */
  env(input: {
    readonly tokenUrl: string;
    readonly agent: LocalIdpAgent;
    readonly settings: LocalIdpSettings<O>;
    readonly appPrivateKeyPem: string;
  }): Record<string, string>;
  readonly conformance: ConformanceExpectations;
  /** What marks `finance-agent` as pre-approved in its tokens. */
  readonly agentGrant: AgentGrant;
  /**
   * Whether the vendor's token endpoint binds access tokens to a DPoP proof's key (RFC 9449 §5).
   * Default true. `false` for a vendor without DPoP: its metadata has no
   * `dpop_signing_alg_values_supported`, a `DPoP` header is ignored as an unknown header is, and
   * the token comes back `token_type: Bearer` without `cnf`, which a client must notice (§5).
   */
  readonly supportsDpop?: boolean;
  /** The vendor's native delegation, when it has one (RFC 8693 layout). */
  readonly nativeDelegation?: NativeDelegation<O>;
}

/** The claims naming the human in their own token, most vendors': `sub`, and `oid` when there is one. */
export function humanTokenClaims(human: LocalIdpHuman): Record<string, unknown> {
  return { sub: human.sub, ...(human.oid === undefined ? {} : { oid: human.oid }) };
}

/** The `act` claim to copy, or undefined when the assertion carried none that is an object. */
export function actObject(act: unknown): Record<string, unknown> | undefined {
  return typeof act === 'object' && act !== null && !Array.isArray(act)
    ? (act as Record<string, unknown>)
    : undefined;
}

/** Requested scopes the agent may have, in request order. */
export function intersectScopes(
  allowed: readonly string[],
  requested: readonly string[],
): readonly string[] {
  requireArray(allowed, 'allowed');
  requireArray(requested, 'requested');
  return requested.filter((scope, i) => allowed.includes(scope) && requested.indexOf(scope) === i);
}

/**
 * Checks a profile's own options: only `names` are allowed, each a non-empty string unless listed
 * in `booleans`; returns them with `defaults` filled in.
 *
 * @throws TypeError `startLocalIdp: realm must be a non-empty string`, `… unknown keycloak option x`.
 */
export function resolveProfileOptions<O extends object>(
  vendor: string,
  options: Readonly<Record<string, unknown>>,
  defaults: O,
  allowed: { readonly [K in keyof O]?: readonly O[K][] } = {},
): O {
  requireValue(vendor, 'vendor', 'string');
  requireValue(options, 'options', 'object');
  requireValue(defaults, 'defaults', 'object');
  requireValue(allowed, 'allowed', 'object');
  const resolved: Record<string, unknown> = { ...(defaults as Record<string, unknown>) };
  const choicesOf = allowed as Readonly<Record<string, readonly unknown[] | undefined>>;
  for (const [name, value] of Object.entries(options)) {
    if (!(name in defaults)) throw new TypeError(`startLocalIdp: unknown ${vendor} option ${name}`);
    const fallback = (defaults as Record<string, unknown>)[name];
    const choices = choicesOf[name];
    const ok =
      typeof value === typeof fallback &&
      (typeof value !== 'string' || value !== '') &&
      (choices === undefined || choices.includes(value));
    if (!ok) {
      const what = choices
        ? `one of ${choices.map((c) => `'${String(c)}'`).join(', ')}`
        : typeof fallback === 'boolean'
          ? 'a boolean'
          : typeof fallback === 'number'
            ? 'a number'
            : 'a non-empty string';
      throw new TypeError(`startLocalIdp: ${name} must be ${what}`);
    }
    resolved[name] = value;
  }
  return resolved as O;
}
