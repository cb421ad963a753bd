import { type KnownOptions, ownOptions, refuseUnknownOptions } from '@dual-auth/core';
import type { DualSubject } from './dual-subject.js';
import { verifyDualSubject } from './verify-dual-subject.js';
import {
  assertVerifyOptions,
  BOUND_ACT_ASSERTION_OPTIONS,
  DUAL_SUBJECT_VERIFY_OPTIONS,
  type DualSubjectVerifyOptions,
} from './verify-options.js';

/** Options of {@link verifyDualSubjectToken}: the IdP's settings plus the bound act assertion. */
export interface VerifyDualSubjectTokenOptions extends DualSubjectVerifyOptions {
  /** The `X-Act-Assertion` sent with the token, for a profile whose human comes from it. */
  actAssertion?: string | undefined;
}

const OPTIONS = {
  ...DUAL_SUBJECT_VERIFY_OPTIONS,
  actAssertion: true,
} as const satisfies KnownOptions<VerifyDualSubjectTokenOptions>;

/**
 * Verifies a dual-subject access token with core's one verification routine and returns both
 * subjects in one shape whatever the layout: the agent, roles and scopes where the token profile
 * says; the human from `act` (legacy), from the verified bound act assertion (legacy, for
 * profiles like Entra ID's), or from `sub` with the actors of nested `act` (RFC 8693, depth
 * limited). Throws {@link DualSubjectVerificationError} (an `ActVerificationError`) naming the
 * credential and the reason; wrong or unknown options throw `TypeError`.
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
  refuseUnknownOptions(given, OPTIONS, 'verifyDualSubjectToken');
  refuseUnknownOptions(
    given?.boundActAssertion,
    BOUND_ACT_ASSERTION_OPTIONS,
    'verifyDualSubjectToken: boundActAssertion',
  );
  // Own properties only: an inherited `clockToleranceSeconds` or `introspection` sets nothing.
  const bound = ownOptions(given?.boundActAssertion);
  const options = ownOptions(bound === undefined ? given : { ...given, boundActAssertion: bound });
  assertVerifyOptions(options);
  return verifyDualSubject(token, options.actAssertion, options);
}
