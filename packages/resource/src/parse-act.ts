import type { Act } from '@dual-auth/core';
import {
  type DualSubjectCredential,
  DualSubjectVerificationError,
} from './dual-subject-verification-error.js';

const MAX_SUB_LENGTH = 256;

/** Checks the `act` claim of a verified JWT: an object with a non-empty string `sub`. */
export function parseAct(value: unknown, credential: DualSubjectCredential): Act {
  const where = credential === 'access_token' ? 'Access token' : 'Act assertion';
  if (value === undefined) {
    throw new DualSubjectVerificationError({
      credential,
      reason: 'missing_claim',
      claim: 'act',
      message: `${where} has no "act" claim: it does not say which human the agent acts for`,
    });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalid(credential, 'act', `${where} "act" claim is not an object`);
  }
  const act = value as Record<string, unknown>;
  if (
    typeof act.sub !== 'string' ||
    act.sub.trim().length === 0 ||
    act.sub.length > MAX_SUB_LENGTH
  ) {
    throw invalid(credential, 'act.sub', `${where} "act.sub" is not a non-empty string`);
  }
  if (act.oid !== undefined && (typeof act.oid !== 'string' || act.oid.length === 0)) {
    throw invalid(credential, 'act.oid', `${where} "act.oid" is not a non-empty string`);
  }
  return act as Act;
}

function invalid(credential: DualSubjectCredential, claim: string, message: string) {
  return new DualSubjectVerificationError({ credential, reason: 'invalid_act', claim, message });
}
