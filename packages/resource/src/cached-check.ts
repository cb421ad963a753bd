import {
  type Clock,
  checkOption,
  type KnownOptions,
  readOptions,
  requireValue,
  systemClock,
} from '@dual-auth/core';
import type { SubjectCheck, SubjectCheckResult } from './authorize.js';
import type { DualSubject } from './dual-subject.js';
import { type AnswerTimes, isFresh } from './fresh-answer.js';
import { setBounded } from './set-bounded.js';
import { SingleFlight } from './single-flight.js';
import { carryIdList, idListOf } from './subject-checks.js';

/** Options of {@link cachedCheck}. */
export interface CachedCheckOptions {
  /**
   * How long an answer is reused, in ms: a whole number from 100 (below, seconds by mistake, a
   * `TypeError`) to 2 147 483 647.
   */
  ttlMs: number;
  /**
   * What an answer is filed under: `'pair'` (default: vendor + issuer + agent id + human `sub`
   * and `oid`), `'human'` (vendor + issuer + human `sub` and `oid`, shared by every agent acting
   * for that human),
   * `'agent'` (vendor + issuer + agent id), or your own function. The issuer is the token's
   * verified `iss`: ids are unique only within their issuer. Choose a key that holds everything
   * the check's answer depends on (a function of yours must hold the issuer too when the guard
   * trusts several): `'human'` suits a lookup of the human's roles, never an agent check.
   */
  key?: 'human' | 'agent' | 'pair' | ((subject: DualSubject) => string);
  /** Most answers kept; the oldest go first. Default 10 000. */
  maxEntries?: number;
  clock?: Clock;
}

const OPTIONS = {
  ttlMs: true,
  key: true,
  maxEntries: true,
  clock: true,
} as const satisfies KnownOptions<CachedCheckOptions>;

// Ids are only unique within their issuer: a guard trusting several (realms, tenants) would
// otherwise hand one issuer's answer to a same-named agent or human of another.
const issuerOf = (s: DualSubject): string => String(s.agent.raw.iss);

// Both ids of the human: an Entra ID human is looked up by `oid`, and an agent application signs
// its act assertion's `sub` and `oid` itself, so `sub` alone would file one human's answer under
// another's.
const humanOf = (s: DualSubject): string => `${s.human.sub}\u0000${s.human.oid ?? ''}`;

const KEYS: Readonly<Record<string, (subject: DualSubject) => string>> = {
  human: (s: DualSubject) => `${s.vendor}\u0000${issuerOf(s)}\u0000${humanOf(s)}`,
  agent: (s: DualSubject) => `${s.vendor}\u0000${issuerOf(s)}\u0000${s.agent.id}`,
  pair: (s: DualSubject) => `${s.vendor}\u0000${issuerOf(s)}\u0000${s.agent.id}\u0000${humanOf(s)}`,
};

/**
 * Reuses a check's answers for `ttlMs` (a clock stepped back to before an answer came ends its
 * reuse rather than extend it; a fresh answer is returned synchronously, so the guard
 * starts no deadline for it), with one call in flight per key (concurrent requests of one
 * agent for one human share a lookup). Each request waits with its own `signal`: a request whose
 * client goes away stops waiting (rejected with its signal's reason), the others still get the
 * answer, and the lookup's own signal aborts only once every request waiting for it has gone.
 * Such an abandoned lookup still counts until it settles (the next request's lookup starts only
 * then, so a lookup that ignores its signal never runs twice at once for one key), and its answer
 * is not cached (it may be stale, or the lookup's own abort read as "no"). A request whose checks
 * outlast the guard's `checkTimeoutMs` stops waiting likewise (its signal aborts with a
 * `TimeoutError`): the answer is not cached, and a lookup deaf to its signal keeps its key held
 * until it settles, each request for the key answered 503 at its own deadline meanwhile; so pass
 * the signal on. Errors are not cached: the next
 * request asks again. Wrap only checks whose answer depends on nothing but the key (not on the
 * token's scopes or roles, which are free to check on every request), and never a hop check
 * (`hopAllowed`): no key holds the actor asked about, so every actor of a chain would get the
 * first one's answer.
 *
 * @throws TypeError naming a wrong or unknown option (a `ttlMs` below 100: seconds by mistake),
 * or when `check` is an `actorIn` list (a hop check: give it to `hopAllowed` unwrapped).
 * @example
 * humanAllowed: cachedCheck(humanHasRole('FinanceUser', lookupRoles), {
 *   ttlMs: 60_000,
 *   key: 'human',
 * })
 */
export function cachedCheck(check: SubjectCheck, given: CachedCheckOptions): SubjectCheck {
  requireValue(check, 'check', 'function');
  // No key holds the hop: every actor of a chain, asked at once, would get the first one's answer.
  if (idListOf(check)?.call === 'actorIn') {
    throw new TypeError(
      'cachedCheck(actorIn(…)): actorIn is a hop check, answered per actor of the chain, which no cache key holds; give it to hopAllowed unwrapped (a set lookup: nothing to cache)',
    );
  }
  // Own options only: an inherited key 'agent' would share one human's answer with every human.
  const options = readOptions(given, OPTIONS, 'cachedCheck');
  // A minute written as 60 would cache for 60 ms: below 100 is refused as seconds by mistake.
  const ttlMs = requireValue(options?.ttlMs, 'options.ttlMs', 'timeoutMs');
  const maxEntries = checkOption(options, 'maxEntries', 'positiveInteger') ?? 10_000;
  const keyName = options.key ?? 'pair';
  const keyOf =
    typeof keyName === 'function'
      ? keyName
      : typeof keyName === 'string' && Object.hasOwn(KEYS, keyName)
        ? KEYS[keyName]
        : undefined;
  if (typeof keyOf !== 'function')
    throw new TypeError("options.key must be 'human', 'agent', 'pair' or a function");
  const clock = checkOption(options, 'clock', 'clock') ?? systemClock;
  const answers = new Map<string, AnswerTimes & { result: SubjectCheckResult }>();
  const flights = new SingleFlight<SubjectCheckResult>();

  // A fresh answer is given synchronously: the guard then starts no deadline for it. An id list
  // stays one once cached: a guard trusting several IdPs still refuses it without an issuer.
  return carryIdList<SubjectCheck>(check, (state) => {
    const key = keyOf(state.subject);
    const cached = answers.get(key);
    // A clock stepped back never extends the reuse past ttlMs (a human's role removed meanwhile).
    if (cached !== undefined && isFresh(cached, clock.now())) return cached.result;
    const lookup = async (signal: AbortSignal): Promise<SubjectCheckResult> => {
      const result = await check({ ...state, signal });
      // Every request gave up on this lookup: its answer may be stale (a newer lookup may follow)
      // or its own abort mapped to a refusal; keep it for nobody.
      if (signal.aborted) return result;
      const storedAtMs = clock.now();
      setBounded(answers, key, { result, storedAtMs, expiresAtMs: storedAtMs + ttlMs }, maxEntries);
      return result;
    };
    return flights.run(key, lookup, state.signal);
  });
}
