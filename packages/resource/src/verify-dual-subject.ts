import {
  ACT_ASSERTION_HEADER,
  type Act,
  countMetric,
  systemClock,
  type TelemetryAttributes,
  withSpan,
} from '@dual-auth/core';
import { type VerifiedJwt, verifyJwt } from '@dual-auth/core/jwt';
import { type ChainLink, createDualSubject, type DualSubject } from './dual-subject.js';
import { DualSubjectVerificationError } from './dual-subject-verification-error.js';
import { legacyHumanFromAct, refuseActBesideBoundAssertion } from './legacy-delegation.js';
import { grantsOf, requiredClientIdOf } from './profile-claims.js';
import { readRfc8693Delegation } from './rfc8693-delegation.js';
import { verifyBoundActAssertion } from './verify-bound-act-assertion.js';
import { type DualSubjectVerifyOptions, needsBoundAssertion } from './verify-options.js';

const DEFAULT_TOLERANCE_SECONDS = 15;
const DEFAULT_MAX_LENGTH = 16_384;
const DEFAULT_MAX_CHAIN_DEPTH = 4;

/** The verified access token and the delegation read from it; `human` waits for a bound assertion. */
interface ReadToken extends VerifiedJwt {
  chain: ChainLink[];
  human: Act | undefined;
}

interface Limits {
  nowMs: number;
  tolerance: number;
  maxTokenBytes: number;
}

async function readAccessToken(
  token: string,
  options: DualSubjectVerifyOptions,
  limits: Limits,
): Promise<ReadToken> {
  const verified = await verifyJwt(token, {
    label: 'Access token',
    keys: options.keys,
    algorithms: options.algorithms ?? ['RS256'],
    audience: options.audience,
    issuer: options.issuer,
    nowMs: limits.nowMs,
    clockToleranceSeconds: limits.tolerance,
    maxTokenBytes: limits.maxTokenBytes,
  });
  const { profile } = options;
  const { claims } = verified;
  if (options.layout === 'rfc8693') {
    const maxChainDepth = options.maxChainDepth ?? DEFAULT_MAX_CHAIN_DEPTH;
    return { ...verified, ...readRfc8693Delegation(profile, claims, maxChainDepth) };
  }
  const agentId = requiredClientIdOf(profile, claims);
  const chain: ChainLink[] = [{ id: agentId, raw: { sub: agentId } }];
  if (!needsBoundAssertion(options)) {
    return { ...verified, chain, human: legacyHumanFromAct(claims, agentId) };
  }
  return { ...verified, chain, human: undefined };
}

async function boundHuman(
  token: string,
  read: ReadToken,
  actAssertion: string | undefined,
  options: DualSubjectVerifyOptions,
  limits: Limits,
): Promise<Act> {
  if (actAssertion === undefined || actAssertion === '') {
    throw new DualSubjectVerificationError({
      credential: 'act_assertion',
      reason: 'missing_claim',
      claim: ACT_ASSERTION_HEADER,
      absent: true,
      message: `Missing ${ACT_ASSERTION_HEADER} header: this IdP's tokens carry the human in an act assertion`,
    });
  }
  await DualSubjectVerificationError.refusing('access_token', async () =>
    refuseActBesideBoundAssertion(read.claims),
  );
  return DualSubjectVerificationError.refusing('act_assertion', () =>
    verifyBoundActAssertion(actAssertion, {
      bound: options.boundActAssertion as NonNullable<
        DualSubjectVerifyOptions['boundActAssertion']
      >,
      tokenIat: read.checked.iat,
      tokenExp: read.checked.exp,
      rawAccessToken: token,
      agentId: (read.chain[0] as ChainLink).id,
      clockToleranceSeconds: limits.tolerance,
      nowMs: limits.nowMs,
      maxTokenBytes: limits.maxTokenBytes,
    }),
  );
}

/**
 * Verifies an access token (and its bound act assertion, when the profile needs one) with options
 * already checked by `assertVerifyOptions`; the engine of `verifyDualSubjectToken` and the guard.
 * Traced as `dual_auth.access_token.verify` (issuer, audience, then agent and human ids, or the
 * refusal's `<credential>.<reason>`); a refusal counts in `dual_auth.verification.failures`.
 *
 * @throws DualSubjectVerificationError naming the credential and the reason.
 */
export function verifyDualSubject(
  token: string,
  actAssertion: string | undefined,
  options: DualSubjectVerifyOptions,
): Promise<DualSubject> {
  const attributes: TelemetryAttributes = {
    'dual_auth.vendor': options.profile.vendor,
    'dual_auth.issuer': options.issuer,
    'dual_auth.audience': options.audience,
  };
  return withSpan('dual_auth.access_token.verify', { attributes }, async (span) => {
    try {
      const subject = await verifySubjects(token, actAssertion, options);
      span.setAttributes({
        'dual_auth.agent.id': subject.agent.id,
        'dual_auth.human.id': subject.human.sub,
        'dual_auth.delegation.chain': subject.chain.map((link) => link.id),
      });
      return subject;
    } catch (error) {
      if (DualSubjectVerificationError.isInstance(error)) {
        span.fail(error.auditReason);
        countMetric('dual_auth.verification.failures', {
          'dual_auth.vendor': options.profile.vendor,
          'dual_auth.credential': error.credential,
          'dual_auth.reason': error.reason,
        });
      }
      throw error;
    }
  });
}

async function verifySubjects(
  token: string,
  actAssertion: string | undefined,
  options: DualSubjectVerifyOptions,
): Promise<DualSubject> {
  const limits: Limits = {
    nowMs: (options.clock ?? systemClock).now(),
    tolerance: options.clockToleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS,
    maxTokenBytes: options.maxTokenLength ?? DEFAULT_MAX_LENGTH,
  };
  const read = await DualSubjectVerificationError.refusing('access_token', () =>
    readAccessToken(token, options, limits),
  );
  const human = read.human ?? (await boundHuman(token, read, actAssertion, options, limits));
  const { profile } = options;
  return createDualSubject({
    vendor: profile.vendor,
    layout: options.layout ?? 'legacy',
    agent: {
      id: (read.chain[0] as ChainLink).id,
      ...grantsOf(profile, read.claims),
      raw: read.claims,
    },
    human: {
      sub: human.sub,
      ...(typeof human.oid === 'string' ? { oid: human.oid } : {}),
      raw: human,
    },
    chain: read.chain,
  });
}
