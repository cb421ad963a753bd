import { type Act, withoutPersonalText } from '@dual-auth/core';
import { peopleOf } from '@dual-auth/core/adapter-kit';
import type { DualSubject } from './dual-subject.js';

/**
 * The agent's scope names as an audit record or log line may hold them: an IdP may grant a scope
 * per user (`files:alice@example.com`, `home:Alice Example`), so every email address and each of
 * the human's own strings (`act.sub`, `email`, `name`…, core's `peopleOf`) in a name is
 * `***REDACTED***` ({@link withoutPersonalText}); a name that is one of them whole (a role
 * `admin` that is also a scope) stays. `subject.agent.scopes` itself keeps them as granted, for
 * the checks. `undefined` without a subject.
 *
 * @example
 * scopeForAudit(subject); // ['finance.read', 'files:***REDACTED***']
 */
export function scopeForAudit(subject: DualSubject | undefined): string[] | undefined {
  return subject === undefined
    ? undefined
    : scopesShownFor(subject.agent.scopes, subject.human.raw);
}

/**
 * {@link scopeForAudit} of an agent's `scopes` granted while acting for the human whose verified
 * claims are `human` (a subject's `human.raw`): what a {@link DualSubject} shows of them in its
 * JSON and `util.inspect` forms too.
 *
 * @example
 * scopesShownFor(['files:alice@example.com'], { sub: 'u-1' }); // ['files:***REDACTED***']
 */
export function scopesShownFor(scopes: readonly string[], human: Act): string[] {
  const people = peopleOf({ act: human, scope: scopes });
  return scopes.map((name) => withoutPersonalText(name, people));
}
