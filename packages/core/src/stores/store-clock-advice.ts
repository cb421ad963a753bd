import { ReplayStoreFullError } from './replay-store-full-error.js';
import { StoreUnavailableError } from './store-unavailable-error.js';

/**
 * What an operator should fix when a cut-off store refused to decide because of a clock, for the
 * server-side text of a refusal (a client is only told to try again later), or `undefined` when
 * `cause` is no clock's fault (an outage: the caller's words say it): a `StoreUnavailableError` of
 * reason `clock_skew` (store-redis past its `maxClockSkewMs`: this process's clock and the store's
 * differ, so a cut-off may have expired by the store's) or `clock_went_back` (the in-memory store:
 * a cut-off it forgot may be live again). Either way the fix is the hosts' clocks (NTP, RFC 5905),
 * not the store's reach. The text names no key, token or person.
 */
export function cutoffStoreClockAdvice(cause: unknown): string | undefined {
  return StoreUnavailableError.isInstance(cause) ? adviceFor(cause.reason, 'cut-off') : undefined;
}

/**
 * {@link cutoffStoreClockAdvice} for a replay store's claim: a `StoreUnavailableError` of reason
 * `clock_skew`, or one or a `ReplayStoreFullError` of reason `clock_went_back` (a claim it swept
 * may be live again); `undefined` for an outage, a full store or another error.
 */
export function replayStoreClockAdvice(cause: unknown): string | undefined {
  const known = StoreUnavailableError.isInstance(cause) || ReplayStoreFullError.isInstance(cause);
  return known ? adviceFor(cause.reason, 'replay') : undefined;
}

/** The advice for a store's `reason`, naming the store and what it keeps (a claim, a cut-off). */
function adviceFor(reason: string, store: 'replay' | 'cut-off'): string | undefined {
  if (reason === 'clock_skew') {
    return `this process's clock and the ${store} store's differ by more than it allows (check the hosts' clocks: NTP)`;
  }
  if (reason === 'clock_went_back') {
    const kept = store === 'replay' ? 'claim' : store;
    return `the ${store} store's clock went back, so a ${kept} it forgot may be live again (check the host's clock: NTP)`;
  }
  return undefined;
}
