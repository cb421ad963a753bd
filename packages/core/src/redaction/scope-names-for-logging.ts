import { withoutPersonalText } from './without-personal-text.js';

/**
 * Scope names as a log line may hold them: each with every email address and each of `people`
 * (the act's string values) replaced by `***REDACTED***` ({@link withoutPersonalText}), as a
 * scope may be granted per user (`mail:alice@corp.example`, `files:aliddell`), unless the name is
 * one of `people` whole: a role claim that is also a scope name (`admin`) names no one.
 *
 * @example
 * scopeNamesForLogging(['mail:aliddell', 'admin'], ['aliddell', 'admin']);
 * // ['mail:***REDACTED***', 'admin']
 */
export function scopeNamesForLogging(
  names: readonly string[],
  people: readonly string[],
): string[] {
  return names.map((name) =>
    withoutPersonalText(
      name,
      people.filter((person) => person.toLowerCase() !== name.toLowerCase()),
    ),
  );
}
