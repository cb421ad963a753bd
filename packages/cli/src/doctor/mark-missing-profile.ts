import type { CheckOutcome } from './check-token.js';
import type { DoctorTokenProfile } from './load-token-profile.js';

// The checks whose verdict reads the token profile (where the human, the scopes and the roles are).
const READ_WITH_PROFILE: ReadonlySet<string> = new Set(['human', 'scopes', 'agent-role']);

/**
 * The outcomes, with each check that reads the token profile failed when the vendor profile the
 * API reads the tokens with could not be loaded (`missing`): the doctor judged the token with the
 * generic profile, whose verdict may not be the API's, so the check keeps that verdict in its
 * detail and says which package to install. Skipped checks (no expectation, no token) stay skipped.
 */
export function markMissingProfile(
  outcomes: readonly CheckOutcome[],
  tokenProfile: DoctorTokenProfile,
): CheckOutcome[] {
  const { missing } = tokenProfile;
  if (missing === undefined) return [...outcomes];
  return outcomes.map((outcome) =>
    !READ_WITH_PROFILE.has(outcome.id) || outcome.status === 'skip'
      ? outcome
      : {
          id: outcome.id,
          status: 'fail',
          detail: `${outcome.status} with the ${tokenProfile.profile.vendor} token profile (${outcome.detail}), but the API reads these tokens with the ${missing.vendor} token profile, which the doctor could not load`,
          fix: {
            fix: `Nothing to change on the IdP yet: npm install --save-dev ${missing.packageName} beside @dual-auth/cli, then run the doctor again.`,
            consolePath: `package.json → devDependencies: ${missing.packageName}`,
            docs: 'https://github.com/dual-auth/dual-auth-js/blob/main/packages/cli/README.md',
          },
        },
  );
}
