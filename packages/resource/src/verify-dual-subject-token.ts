import type { KnownOptions } from '@dual-auth/core';
import type { DualSubject } from './dual-subject.js';
import { ownVerifyOptions } from './own-verify-options.js';
import { verifyDualSubject } from './verify-dual-subject.js';
import { DUAL_SUBJECT_VERIFY_OPTIONS, type DualSubjectVerifyOptions } from './verify-options.js';

/** Options of {@link verifyDualSubjectToken}: the IdP's settings plus the bound act assertion. */
export interface VerifyDualSubjectTokenOptions extends DualSubjectVerifyOptions {
  /** The `X-Act-Assertion` sent with the token, for a profile whose human comes from it. */
  actAssertion?: string | undefined;
}

const OPTIONS = /* @__PURE__ */ (() =>
  ({
    ...DUAL_SUBJECT_VERIFY_OPTIONS,
    actAssertion: true,
  }) as const satisfies KnownOptions<VerifyDualSubjectTokenOptions>)();

// A token alone proves no possession: say where the proof is checked.
const RENAMED = {
  dpop: 'a token alone has no DPoP proof: call verifyDualSubjectRequest(request, { …, dpop })',
};

/**
 * Verifies a dual-subject access token with core's one verification routine and returns both
 * subjects in one shape whatever the layout: the agent, roles and scopes where the token profile
 * says; the human from `act` (legacy), from the verified bound act assertion (legacy, for
 * profiles like Entra ID's), or from `sub` with the actors of nested `act` (RFC 8693, depth
 * limited). Throws {@link DualSubjectVerificationError} (an `ActVerificationError`) naming the
 * credential and the reason; wrong or unknown options throw `TypeError`.
 *
 * A token alone proves no possession of a key: a token bound to one (`cnf` with `jkt`, RFC 9449
 * §6, or `x5t#S256`, RFC 8705 §3.1, or `token_type` `DPoP`, in its claims or its introspection
 * answer) is refused `access_token.binding_mismatch` (RFC 9449 §7.2: whoever holds it would get
 * in without the key), unless `boundTokens: 'checked-upstream'` says a gateway in front checked
 * its proof and refuses the request otherwise. To check a DPoP proof here, call
 * {@link verifyDualSubjectRequest} with the request and `dpop` (`dpop` here throws a
 * `TypeError` saying so).
 *
 * @example
 * import { keycloakTokenProfile } from '@dual-auth/adapter-keycloak';
 * import { createRemoteJwks } from '@dual-auth/core/adapter-kit';
 *
 * const keys = createRemoteJwks('https://idp.example.com/realms/agbac/protocol/openid-connect/certs');
 * const subject = await verifyDualSubjectToken(accessToken, {
 *   profile: keycloakTokenProfile,
 *   issuer: 'https://idp.example.com/realms/agbac',
 *   audience: 'finance-api',
 *   keys,
 * });
 * subject.agent.id; // 'finance-agent'
 * subject.human.sub; // the user's UUID
 */
export async function verifyDualSubjectToken(
  token: string,
  given: VerifyDualSubjectTokenOptions,
): Promise<DualSubject> {
  if (typeof token !== 'string') throw new TypeError('token must be a string');
  const options = ownVerifyOptions(given, OPTIONS, 'verifyDualSubjectToken', RENAMED);
  return verifyDualSubject(token, options.actAssertion, options);
}
