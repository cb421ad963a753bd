import { peopleBesideScopes } from './people-beside-scopes.js';
import { withoutPersonalText } from './without-personal-text.js';

/**
 * Scope names as a log line may hold them: each with every email address and each of `people`
 * (the act's string values) replaced by `***REDACTED***` ({@link withoutPersonalText}), as a
 * scope may be granted per user (`mail:alice@corp.example`, `files:aliddell`). The one exception:
 * a value of `people` that is one of the `requested` scope names (compared case-insensitively) is
 * a scope name, as a role claim `admin` asked for as scope `admin` names no one, and is kept. So a
 * name equal to the human's id, email or role is logged only when it was requested.
 *
 * @example
 * scopeNamesForLogging(['mail:aliddell', 'admin', 'u-1'], ['aliddell', 'admin', 'u-1'], ['admin']);
 * // ['mail:***REDACTED***', 'admin', '***REDACTED***']
 */
export function scopeNamesForLogging(
  names: readonly string[],
  people: readonly string[],
  requested: readonly string[],
): string[] {
  const blanked = peopleBesideScopes(people, requested);
  return names.map((name) => withoutPersonalText(name, blanked));
}
