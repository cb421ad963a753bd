import type { DualAuthGuard } from '../../src/dual-auth-guard.js';
import type { GuardDecision, GuardInput } from '../../src/guard-decision.js';

/**
 * A guard that refuses every request (401, no credentials) and keeps the input each `check` got,
 * to read what a framework middleware hands the guard (its audited route). `checkRequest` rejects:
 * the middleware must call `check`.
 */
export function recordingGuard(): { guard: DualAuthGuard; inputs: GuardInput[] } {
  const inputs: GuardInput[] = [];
  const check = async (input: GuardInput) => {
    inputs.push(input);
    return {
      decision: 'DENY',
      status: 401,
      headers: {},
      body: { error: 'invalid_token', error_description: 'Missing Authorization header' },
    } as unknown as GuardDecision;
  };
  const checkRequest = () => Promise.reject(new Error('the middleware calls check only'));
  return { guard: { check, checkRequest } as unknown as DualAuthGuard, inputs };
}
