import { type Act, withoutPersonalText } from '@dual-auth/core';
import { peopleOf } from '@dual-auth/core/adapter-kit';
import type { DualSubject } from './dual-subject.js';

/** Longest scope name a record writes, in UTF-16 code units, its cut end `…` included. */
const MAX_WRITTEN_SCOPE_LENGTH = 256;

// What `hasControlCharacters` of core refuses in an id (controls, format and bidi characters,
// private use, lone surrogates, U+2028/U+2029), all of them; and `\` and `…`, which the written
// form gives a meaning (an escape, the cut). None is in an RFC 6749 scope-token (printable ASCII
// but `"` and `\`), so a name an IdP grants by that grammar is written as granted.
const UNREADABLE = /[\p{Cc}\p{Cf}\p{Co}\p{Cs}\u2028\u2029\\\u2026]/gu;

// `\u{hex}` of the code point (a lone surrogate's own): distinct names stay distinct, and an
// auditor reads which character it was.
const escaped = (char: string): string => `\\u{${(char.codePointAt(0) as number).toString(16)}}`;

/**
 * A scope name as a record writes it: an IdP that grants a name the client chose (a dynamic or
 * per-user scope, an array claim) may put in it a line break, a terminal escape or a bidi
 * override, which a text logger or an `onDecision` sink would write as they are, or thousands
 * of characters (the audit schema's ids hold 1024). Each is written `\u{hex}`, not one shared
 * U+FFFD, so that two names the checks tell apart are not written the same.
 */
function writtenScopeName(name: string): string {
  const readable = name.replace(UNREADABLE, escaped);
  if (readable.length <= MAX_WRITTEN_SCOPE_LENGTH) return readable;
  let kept = readable.slice(0, MAX_WRITTEN_SCOPE_LENGTH - 1);
  // Never half of an escape (each `\` starts one) nor of a surrogate pair at the cut.
  const lastEscape = kept.lastIndexOf('\\');
  if (lastEscape !== -1 && !kept.includes('}', lastEscape)) kept = kept.slice(0, lastEscape);
  return `${/[\ud800-\udbff]$/.test(kept) ? kept.slice(0, -1) : kept}…`;
}

/**
 * The agent's scope names as an audit record or log line may hold them: an IdP may grant a scope
 * per user (`files:alice@example.com`, `home:Alice Example`), so every email address and each of
 * the human's own strings (`act.sub`, `email`, `name`…, core's `peopleOf`) in a name is
 * `***REDACTED***` ({@link withoutPersonalText}); a name that is one of them whole (a role
 * `admin` that is also a scope) stays. Then each control, format or bidi character, private-use
 * character, lone surrogate and U+2028/U+2029 (what the guard refuses in an id), and each `\` and
 * `…`, is written as `\u{hex}` of its code point (`files:a\u{a}b` for a line break), and a name
 * over 256 characters so written is cut to at most 255 and `…` (never inside an escape), so no
 * name splits or reorders a line, every record passes the audit schema, and two names granted
 * apart are written apart unless they agree up to the cut (a name of RFC 6749 §3.3's
 * scope-token characters is written as granted). `subject.agent.scopes` itself keeps them as granted, for
 * the checks. `undefined` without a subject.
 *
 * @throws TypeError when `subject` is neither undefined nor a DualSubject (its agent's scopes and
 *   its human's claims).
 * @example
 * scopeForAudit(subject); // ['finance.read', 'files:***REDACTED***']
 */
export function scopeForAudit(subject: DualSubject | undefined): string[] | undefined {
  const given = subject as Partial<DualSubject> | null | undefined;
  if (
    subject !== undefined &&
    (!Array.isArray(given?.agent?.scopes) || typeof given?.human?.raw !== 'object')
  ) {
    throw new TypeError(
      'scopeForAudit: subject must be the DualSubject of an admitted request (getDualSubject), or undefined',
    );
  }
  return auditScopeOf(subject);
}

// scopeForAudit unchecked, for the guard's audit record (its subject is its own).
export function auditScopeOf(subject: DualSubject | undefined): string[] | undefined {
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
