import type { LocalIdpAgent } from './directory.js';
import { isLocalIdpProfile } from './load-local-idp-profile.js';
import { type LocalIdpProfile, rfc8693TokenClaims } from './local-idp-profile.js';

/**
 * The IdP-side mistakes that most often break a dual-auth rollout, for `startLocalIdp`'s
 * `misconfigure` option: each one makes the local IdP behave as a real tenant configured that way,
 * so a check (such as `dual-auth doctor`) can be tested against it.
 */
export interface LocalIdpMisconfiguration {
  /**
   * The mapper, Action or claim expression that copies the client assertion's `act` into the
   * access token is missing (legacy layout); in a delegated token (token exchange, on-behalf-of)
   * the IdP leaves out the RFC 8693 `act` that names the agent. No effect where the human never
   * sits in the access token (an app-signed act assertion).
   */
  readonly actNotCopied?: boolean;
  /** Access tokens carry {@link WRONG_AUDIENCE} as `aud` instead of the API's identifier. */
  readonly wrongAudience?: boolean;
  /**
   * The agent was never granted what the profile's `agentGrant` names: the role (Keycloak realm
   * role, Entra app role) or the scope/permission (Auth0, Okta, a plain OAuth server).
   */
  readonly missingRole?: boolean;
  /**
   * The IdP expects another `aud` in client assertions (RFC 7523 §3) than the one the agent
   * sends, so it refuses the client with `invalid_client`. No effect on clients that send no
   * assertion (`client_secret_post`).
   */
  readonly wrongAssertionAudience?: boolean;
}

/** The `aud` a local IdP with `wrongAudience` puts in its access tokens. */
export const WRONG_AUDIENCE = 'urn:dual-auth:local-idp:another-api';

const NAMES: ReadonlySet<string> = new Set([
  'actNotCopied',
  'wrongAudience',
  'missingRole',
  'wrongAssertionAudience',
]);

/**
 * The profile of an IdP configured with the given mistakes: the same hooks, with the claims,
 * grants and assertion rule changed as a tenant so configured would change them.
 *
 * @throws TypeError for an unknown switch or a value that is not a boolean.
 */
export function misconfigureProfile(
  profile: LocalIdpProfile,
  misconfiguration: LocalIdpMisconfiguration | undefined,
): LocalIdpProfile {
  if (!isLocalIdpProfile(profile)) {
    throw new TypeError(
      "profile must be a LocalIdpProfile (an adapter package's ./testing export)",
    );
  }
  if (misconfiguration === undefined) return profile;
  if (typeof misconfiguration !== 'object' || misconfiguration === null) {
    throw new TypeError('startLocalIdp: misconfigure must be an object');
  }
  for (const [name, value] of Object.entries(misconfiguration)) {
    if (!NAMES.has(name)) throw new TypeError(`startLocalIdp: unknown misconfiguration ${name}`);
    if (typeof value !== 'boolean') {
      throw new TypeError(`startLocalIdp: misconfigure.${name} must be a boolean`);
    }
  }
  const { actNotCopied, wrongAudience, missingRole, wrongAssertionAudience } = misconfiguration;
  const grant = profile.agentGrant.name;
  const ungranted = (agent: LocalIdpAgent): LocalIdpAgent =>
    missingRole
      ? {
          ...agent,
          roles: agent.roles.filter((role) => role !== grant),
          scopes: agent.scopes.filter((scope) => scope !== grant),
          permissions: agent.permissions.filter((permission) => permission !== grant),
        }
      : agent;
  const reshape = (claims: Record<string, unknown>): Record<string, unknown> => {
    const { act, ...rest } = claims;
    return {
      ...(actNotCopied ? rest : claims),
      ...(wrongAudience ? { aud: WRONG_AUDIENCE } : {}),
    };
  };
  const delegated = profile.delegatedTokenClaims ?? rfc8693TokenClaims;
  return {
    ...profile,
    grantedScopes: (agent, requested) => profile.grantedScopes(ungranted(agent), requested),
    accessTokenClaims: (input) =>
      reshape(profile.accessTokenClaims({ ...input, agent: ungranted(input.agent) })),
    delegatedTokenClaims: (input) =>
      reshape(delegated({ ...input, agent: ungranted(input.agent) })),
    checkAssertion: (input) =>
      wrongAssertionAudience
        ? 'the client assertion aud is not the audience this IdP expects'
        : profile.checkAssertion(input),
  };
}
