import { scopeNamesForLogging } from '../redaction/scope-names-for-logging.js';
import type { ScopeDifference } from './scope-difference.js';

/** The longest scope name listed in a log line (the kit refuses a `scope` that is not NQCHAR). */
const MAX_NAME = 128;
/** At most this many extra scope names are listed in one log line; the count says the rest. */
const MAX_LISTED = 20;

/** What a token answer's `scope` holds beyond the request: for the `token_scope_widened` warning. */
export interface WidenedScopes {
  /**
   * The extra names of at most 128 characters, at most 20 of them, each with its emails and
   * `people` blanked (an IdP may grant a scope per user: `mail:alice@corp.example`).
   */
  readonly listed: readonly string[];
  /** How many distinct extra names the answer holds, listed or not. */
  readonly count: number;
}

/**
 * The scopes a token answer's `scope` grants that the request did not ask for (`difference.extra`,
 * by {@link scopeDifference}). RFC 6749 §5.1 and RFC 8693 §2.2.1 let the server issue another
 * scope than requested (IdPs add default scopes), so the token is kept, but the agent then holds
 * more than it asked for. None when a requested scope is Microsoft's `<resource>/.default`, which
 * asks for every permission configured for the app (Microsoft identity platform, "The .default
 * scope"). A granted name longer than 128 characters is counted, never listed (the kit has already
 * refused a `scope` that is not NQCHAR, RFC 6749 §3.3). A listed name has every email address and
 * each of `people` (the act's strings) replaced by `***REDACTED***`, a name that is one of them
 * whole included, unless that one is a requested scope name (`scopeNamesForLogging`).
 *
 * @example
 * const requested = ['finance.read'];
 * widenedScopes(requested, scopeDifference(requested, 'finance.read profile'));
 * // { listed: ['profile'], count: 1 }
 */
export function widenedScopes(
  requested: string | readonly string[],
  difference: ScopeDifference,
  people: readonly string[] = [],
): WidenedScopes {
  const asked = typeof requested === 'string' ? requested.split(' ') : requested;
  const everyConfigured = asked.some((s) => s === '.default' || s.endsWith('/.default'));
  if (everyConfigured) return { listed: [], count: 0 };
  const { extra } = difference;
  const listed = extra.filter((s) => s.length <= MAX_NAME).slice(0, MAX_LISTED);
  return { listed: scopeNamesForLogging(listed, people, asked), count: extra.length };
}
