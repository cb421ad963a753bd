// The contract helpers @dual-auth/core exports, as exported: each checks its arguments, then runs
// core's own helper, which core's stores call unchecked. A wrong argument is a TypeError (rejected,
// for the helpers that answer with a promise) naming it and what to pass: never "Cannot read
// properties of undefined" or "ids is not iterable" from inside, never "Invalid time value".
import { requireValue } from '../config/check-option.js';
import { rejecting, requireArray, requireObject } from '../config/require-argument.js';
import { adapterIdWithoutKey as withoutKeyUnchecked } from './adapter-id.js';
import type { Clock } from './clock.js';
import { ClockTimer as UncheckedClockTimer } from './clock-timer.js';
import {
  cutoffIdsOf as cutoffIdsUnchecked,
  latestCutoffOf as latestUnchecked,
  endedDelegationPhrase as phraseUnchecked,
  delegationCutoffVerdict as verdictUnchecked,
} from './delegation-cutoff-store.js';
import { shownScopeOf as shownScopeUnchecked } from './dual-subject-token.js';
import { revocationAnswer as revocationUnchecked } from './token-revocation.js';

// A store with a cutoffOf method: without it, the look-up threw inside, after the check began.
function requireStore(store: unknown, name: string): void {
  if (typeof (store as { cutoffOf?: unknown } | null | undefined)?.cutoffOf !== 'function') {
    throw new TypeError(`${name} must be a DelegationCutoffStore (an object with cutoffOf())`);
  }
}

/**
 * `adapterId` without its DPoP key part.
 *
 * @throws TypeError when `adapterId` is not a string.
 */
export const adapterIdWithoutKey: typeof withoutKeyUnchecked = (adapterId) =>
  withoutKeyUnchecked(requireValue(adapterId, 'adapterId', 'string'));

/**
 * The scope the IdP's answer showed for `token`, when it did.
 *
 * @throws TypeError when `token` is not an object (a DualSubjectToken).
 */
export const shownScopeOf: typeof shownScopeUnchecked = (token) =>
  shownScopeUnchecked(requireValue(token, 'token', 'object') as never);

/**
 * The ids a human's delegations are ended under: `act.sub`, and `act.oid` when it differs; with
 * `ignoreCase`, each case-folded too.
 *
 * @throws TypeError when `act` is not an object (or cannot be read) or its `sub` not a string.
 */
export const cutoffIdsOf: typeof cutoffIdsUnchecked = (given, ignoreCase) => {
  const act = requireObject(given, 'act');
  requireValue(act.sub, 'act.sub', 'string');
  // Folding only adds ids to read: a truthy non-boolean refuses more, never fewer.
  return cutoffIdsUnchecked(act, ignoreCase);
};

/**
 * The latest cut-off of `ids` in `store`, in ms since the epoch; undefined when none.
 *
 * @throws TypeError (rejected) when `store` is not a DelegationCutoffStore or `ids` not an array
 *   of strings.
 */
export const latestCutoffOf: typeof latestUnchecked = /* @__PURE__ */ rejecting((store, ids) => {
  requireStore(store, 'store');
  requireArray(ids, 'ids');
}, latestUnchecked);

/**
 * Whether a credential issued at `iatSeconds` for `human` was issued before that human's cut-off.
 *
 * @throws TypeError (rejected) when `check` is not an object (or cannot be read), its `store` not
 *   a DelegationCutoffStore or `human` not an object.
 */
export const delegationCutoffVerdict: typeof verdictUnchecked = async (given) => {
  const check = requireObject(given, 'check');
  requireStore(check.store, 'check.store');
  requireValue(check.human, 'check.human', 'object');
  return verdictUnchecked(check);
};

/**
 * The words of an ended delegation's refusal.
 *
 * @throws TypeError when `verdict` is not an object or `clockToleranceSeconds` not a number.
 */
export const endedDelegationPhrase: typeof phraseUnchecked = (verdict, clockToleranceSeconds) =>
  phraseUnchecked(
    requireValue(verdict, 'verdict', 'object') as typeof verdict,
    requireValue(clockToleranceSeconds, 'clockToleranceSeconds', 'number'),
  );

/**
 * The revocation answer for one token; see core's `revocationAnswer` in token-revocation.ts.
 *
 * @throws TypeError when `vendor` is not a string, `config` not an object or `expiresAtMs` not a
 *   finite number of ms since the epoch.
 */
export const revocationAnswer: typeof revocationUnchecked = (
  vendor,
  revocation,
  config,
  expiresAtMs,
) => {
  requireValue(vendor, 'vendor', 'string');
  requireValue(config, 'config', 'object');
  if (!Number.isFinite(expiresAtMs)) {
    throw new TypeError('expiresAtMs must be a finite number of ms since the epoch');
  }
  return revocationUnchecked(vendor, revocation, config, expiresAtMs);
};

/**
 * A timer on an injected clock, as exported (the client, `@dual-auth/mcp` and the CLI time their
 * deadlines with it): calls `fire` once, when `clock.now()` reaches `at` (`fireAt` moves it). The
 * injected clock decides, so a deadline on a test's controlled clock never fires because the
 * machine was slow, a clock stepped back never extends the wait by its step, and a wait past
 * 2^31-1 ms (setTimeout's longest) is not cut short. On a clock without `setTimer` that stands
 * still, it calls `fire(true)` once real time ran twice the wait, and 5 000 ms past it at least.
 *
 * @throws TypeError naming the argument that is not a Clock (`clock`), a number of milliseconds
 *   on that clock (`at`: finite, or below 0 as a test's clock may read) or a function (`fire`).
 */
export class ClockTimer extends UncheckedClockTimer {
  constructor(clock: Clock, at: number, fire: (stoodStill: boolean) => void) {
    super(
      requireValue(clock, 'clock', 'clock'),
      typeof at === 'number' && at < 0 ? at : requireValue(at, 'at', 'number'),
      requireValue(fire, 'fire', 'function') as typeof fire,
    );
  }
}
