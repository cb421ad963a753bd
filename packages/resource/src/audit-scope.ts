import { type Act, withoutPersonalText } from '@dual-auth/core';
import { peopleOf } from '@dual-auth/core/adapter-kit';
import type { DualSubject } from './dual-subject.js';

/** Longest scope name a record writes, in UTF-16 code units, its cut end `…` included. */
const MAX_WRITTEN_SCOPE_LENGTH = 256;

// What `hasControlCharacters` of core refuses in an id (controls, format and bidi characters,
// private use, lone surrogates, U+2028/U+2029), all of them: written as U+FFFD.
const UNREADABLE = /[\p{Cc}\p{Cf}\p{Co}\p{Cs}\u2028\u2029]/gu;

/**
 * A scope name as a record writes it: an IdP that grants a name the client chose (a dynamic or
 * per-user scope, an array claim) may put in it a line break, a terminal escape or a bidi
 * override, which a text logger or an `onDecision` sink would write as they are, or thousands
 * of characters (the audit schema's ids hold 1024).
 */
function writtenScopeName(name: string): string {
  const readable = name.replace(UNREADABLE, '\ufffd');
  if (readable.length <= MAX_WRITTEN_SCOPE_LENGTH) return readable;
  const kept = readable.slice(0, MAX_WRITTEN_SCOPE_LENGTH - 1);
  // Never half of a surrogate pair at the cut.
  return `${/[\ud800-\udbff]$/.test(kept) ? kept.slice(0, -1) : kept}…`;
}

/**
 * The agent's scope names as an audit record or log line may hold them: an IdP may grant a scope
 * per user (`files:alice@example.com`, `home:Alice Example`), so every email address and each of
 * the human's own strings (`act.sub`, `email`, `name`…, core's `peopleOf`) in a name is
 * `***REDACTED***` ({@link withoutPersonalText}); a name that is one of them whole (a role
 * `admin` that is also a scope) stays. Then each control, format or bidi character, lone
 * surrogate and U+2028/U+2029 (what the guard refuses in an id) is written as U+FFFD, and a name
 * over 256 characters is cut to 255 and `…`, so no name splits or reorders a line, and every
 * record passes the audit schema. `subject.agent.scopes` itself keeps them as granted, for
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
  return scopes.map((name) => writtenScopeName(withoutPersonalText(name, people)));
}
