import { type Clock, ClockTimer, ConfigurationError, type ImportModule } from '@dual-auth/core';

/** How long a module the doctor loads, or a plugin adapter past its deadline, may take: 10 s. */
export const DEFAULT_PLUGIN_TIMEOUT_MS = 10_000;

// The refusals made here, so a wrapper of core's ("… is installed but failed to load: <class>")
// can be unwrapped to them.
const timeouts = new WeakSet<object>();
// Core's wrapper keeps only the class of what an import threw (its `cause` is core's
// `withheldCause`), so an import's refusal is also kept by the specifier it names, taken once.
const importTimeouts = new Map<string, Error>();

/**
 * `work`, or a rejection with `timedOut()` when it has not settled `ms` milliseconds from now by
 * `clock` (core's `ClockTimer`): on the clock's own timer when it has one (`Clock.setTimer`, a
 * test's held clock), else on a real timer that waits again while the clock has not reached the
 * end (a clock that has not moved, a bound past 2^31-1 ms) and keeps the process alive until then
 * (a promise nothing will settle would otherwise end Node with exit 13, "unsettled top-level
 * await"). `work` itself goes on.
 */
export async function settleWithin<T>(
  work: Promise<T>,
  ms: number,
  clock: Clock,
  timedOut: () => Error,
): Promise<T> {
  let refuse: (error: Error) => void = () => {};
  const late = new Promise<never>((_, reject) => {
    refuse = reject;
  });
  // A clock's own timer may fire inside setTimer already: `late` can take the refusal by then.
  const timer = new ClockTimer(clock, clock.now() + ms, () => {
    const error = timedOut();
    timeouts.add(error);
    refuse(error);
  });
  try {
    return await Promise.race([work, late]);
  } finally {
    timer.cancel();
  }
}

/**
 * `importModule`, each import bounded to `ms` milliseconds on `clock`: a module that does not finish
 * loading in time (a top-level `await` that never settles) is a `ConfigurationError` naming it.
 */
export function boundedImport(importModule: ImportModule, ms: number, clock: Clock): ImportModule {
  return (specifier) =>
    settleWithin(
      Promise.resolve().then(() => importModule(specifier)),
      ms,
      clock,
      () => {
        const error = new ConfigurationError({
          message: `${specifier} did not finish loading within ${ms} ms (a top-level await that never settles?): fix the module, or give --plugin-timeout-ms more milliseconds if it only loads slowly`,
        });
        importTimeouts.set(specifier, error);
        return error;
      },
    );
}

/**
 * The refusal of {@link settleWithin} that `error` is or wraps (core's `cause`), or the timed-out
 * import of the package core's "failed to load" `error` names (each taken once), else `error`.
 */
export function pluginTimeoutOf(error: unknown): unknown {
  const cause = (error as { cause?: unknown } | null)?.cause;
  if (typeof cause === 'object' && cause !== null && timeouts.has(cause)) return cause;
  // Core's "<package> is installed but failed to load: ConfigurationError" of a timed-out import.
  const packageName = ConfigurationError.isInstance(error) ? error.packageName : undefined;
  const timedOut = packageName === undefined ? undefined : importTimeouts.get(packageName);
  if (timedOut === undefined) return error;
  importTimeouts.delete(packageName as string);
  return timedOut;
}
