import { ACT_ASSERTION_HEADER, systemClock } from '@dual-auth/core';
import { createDualSubject, type DualSubject } from './dual-subject.js';
import { DualSubjectVerificationError } from './dual-subject-verification-error.js';
import { parseAct } from './parse-act.js';
import { VENDOR_CLAIMS, type VendorClaims } from './vendor-claims.js';
import { verifyActAssertion } from './verify-act-assertion.js';
import { verifyJwt } from './verify-jwt.js';
import { assertVerifyOptions, type DualSubjectVerifyOptions } from './verify-options.js';

/** Options of {@link verifyDualSubjectToken}: the IdP's settings plus the Entra act assertion. */
export interface VerifyDualSubjectTokenOptions extends DualSubjectVerifyOptions {
  /** Entra ID only: the `X-Act-Assertion` sent with the token. */
  actAssertion?: string | undefined;
}

const DEFAULT_TOLERANCE_SECONDS = 15;
const DEFAULT_MAX_LENGTH = 16_384;

/**
 * Verifies a dual-subject access token and returns both subjects: the agent from the vendor's token
 * shape, the human from its `act` claim (Entra ID: from the verified, bound act assertion).
 * Throws {@link DualSubjectVerificationError} (an `ActVerificationError`) naming the credential
 * and the reason; wrong options throw `TypeError`.
 *
 * @example
 * const keys = createRemoteJwks('https://idp.example.com/realms/agbac/protocol/openid-connect/certs');
 * const subject = await verifyDualSubjectToken(accessToken, {
 *   vendor: 'keycloak',
 *   issuer: 'https://idp.example.com/realms/agbac',
 *   audience: 'finance-api',
 *   keys,
 * });
 * subject.agent.id; // 'finance-agent'
 * subject.human.sub; // the user's UUID
 */
export async function verifyDualSubjectToken(
  token: string,
  options: VerifyDualSubjectTokenOptions,
): Promise<DualSubject> {
  if (typeof token !== 'string') throw new TypeError('token must be a string');
  assertVerifyOptions(options);
  const { vendor } = options;
  const tolerance = options.clockToleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
  const maxLength = options.maxTokenLength ?? DEFAULT_MAX_LENGTH;
  const now = (options.clock ?? systemClock).now();
  const payload = await verifyJwt(token, {
    credential: 'access_token',
    keys: options.keys,
    algorithms: options.algorithms ?? ['RS256'],
    audience: options.audience,
    issuer: options.issuer,
    clockToleranceSeconds: tolerance,
    now,
    maxLength,
  });
  // verify-options checked that the vendor is one of VENDOR_CLAIMS.
  const shape = VENDOR_CLAIMS[vendor] as VendorClaims;
  const agentId = shape.agentId(payload);
  if (agentId === undefined) {
    throw new DualSubjectVerificationError({
      credential: 'access_token',
      reason: 'missing_claim',
      claim: shape.agentIdClaim,
      message: `Access token has no "${shape.agentIdClaim}" claim naming the agent`,
    });
  }
  const entra = vendor === 'entraid' ? options.entra : undefined;
  let act: ReturnType<typeof parseAct>;
  if (entra !== undefined) {
    if (options.actAssertion === undefined || options.actAssertion === '') {
      throw new DualSubjectVerificationError({
        credential: 'act_assertion',
        reason: 'missing_claim',
        claim: ACT_ASSERTION_HEADER,
        absent: true,
        message: `Missing ${ACT_ASSERTION_HEADER} header: Entra ID tokens carry the human in an act assertion`,
      });
    }
    act = await verifyActAssertion(options.actAssertion, {
      entra,
      accessToken: payload,
      rawAccessToken: token,
      agentId,
      clockToleranceSeconds: tolerance,
      now,
      maxLength,
    });
  } else {
    act = parseAct(payload.act, 'access_token');
  }
  return createDualSubject({
    vendor,
    agent: {
      id: agentId,
      roles: shape.roles(payload),
      scopes: shape.scopes(payload),
      raw: payload,
    },
    human: { sub: act.sub, ...(act.oid === undefined ? {} : { oid: act.oid }), raw: act },
  });
}
