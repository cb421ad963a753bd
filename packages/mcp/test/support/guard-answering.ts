import type { DualAuthGuard, GuardDecision, GuardInput } from '@dual-auth/resource';

/**
 * A guard that answers every request with `decision` and keeps the inputs it was asked about:
 * the injected seam of the server entries' tests, which pin what each entry makes of a decision
 * (the real guard against the local IdP runs in the .int tests and examples/mcp-client).
 */
export function guardAnswering(decision: Partial<GuardDecision>): {
  guard: DualAuthGuard;
  inputs: GuardInput[];
} {
  const inputs: GuardInput[] = [];
  const check = async (input: GuardInput) => {
    inputs.push(input);
    return decision as GuardDecision;
  };
  return { guard: { check, checkRequest: async () => decision as GuardDecision }, inputs };
}
