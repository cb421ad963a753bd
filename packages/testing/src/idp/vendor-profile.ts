import type { Vendor } from '@dual-auth/core';
import type { LocalIdpAgent } from './directory.js';

/** How the local IdP is set up; each vendor reads the fields it has. @internal */
export interface LocalIdpSettings {
  readonly realm: string;
  readonly authorizationServerId: string;
  readonly tenantId: string;
  readonly audience: string;
  readonly strict: boolean;
  readonly assertionAudience: 'issuer' | 'token-endpoint' | 'both';
}

/** Where a vendor serves its endpoints. @internal */
export interface VendorSurface {
  readonly issuer: string;
  readonly tokenPath: string;
  readonly jwksPath: string;
}

/** An OAuth error a vendor answers with. @internal */
export interface VendorError {
  readonly status: number;
  readonly error: string;
  readonly description: string;
}

/** What a vendor needs to shape an access token. @internal */
export interface AccessTokenInput {
  readonly issuer: string;
  readonly settings: LocalIdpSettings;
  readonly agent: LocalIdpAgent;
  readonly grantedScopes: readonly string[];
  /** The `act` claim of the client assertion, when there was one. */
  readonly act: unknown;
  readonly iat: number;
  readonly exp: number;
  readonly jti: string;
}

/** A vendor's differences, as data and small hooks. @internal */
export interface VendorProfile {
  readonly vendor: Vendor;
  /** Access-token lifetime and `expires_in`, in seconds. */
  readonly accessTokenTtl: number;
  readonly defaultAudience: string;
  surface(origin: string, settings: LocalIdpSettings): VendorSurface;
  authMethod(agent: LocalIdpAgent): 'client_secret_jwt' | 'private_key_jwt' | 'client_secret_post';
  /** Vendor rules on the form that oidc-provider does not know (audience, `.default` scope). */
  checkForm(form: URLSearchParams, settings: LocalIdpSettings): VendorError | undefined;
  /** Vendor rules on a verified client assertion; returns why it is refused. */
  checkAssertion(input: {
    readonly alg: unknown;
    readonly aud: unknown;
    readonly issuer: string;
    readonly tokenUrl: string;
    readonly settings: LocalIdpSettings;
  }): string | undefined;
  grantedScopes(agent: LocalIdpAgent, requested: readonly string[]): readonly string[];
  accessTokenClaims(input: AccessTokenInput): Record<string, unknown>;
  successBody(accessToken: string, grantedScopes: readonly string[]): Record<string, unknown>;
  errorBody(error: VendorError): Record<string, unknown>;
  /** The reference library's environment variables for this vendor and agent. */
  env(input: {
    readonly tokenUrl: string;
    readonly agent: LocalIdpAgent;
    readonly settings: LocalIdpSettings;
    readonly appPrivateKeyPem: string;
  }): Record<string, string>;
}

/** The `act` claim to copy, or undefined when the assertion carried none that is an object. @internal */
export function actObject(act: unknown): Record<string, unknown> | undefined {
  return typeof act === 'object' && act !== null && !Array.isArray(act)
    ? (act as Record<string, unknown>)
    : undefined;
}

/** Requested scopes the agent may have, in request order. @internal */
export function intersectScopes(
  allowed: readonly string[],
  requested: readonly string[],
): readonly string[] {
  return requested.filter((scope, i) => allowed.includes(scope) && requested.indexOf(scope) === i);
}
