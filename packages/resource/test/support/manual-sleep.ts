import type { Sleep } from '@dual-auth/core/adapter-kit';

/** One wait of a {@link manualSleep}: its length, its signal, and how the test ends it. */
export interface ManualWait {
  ms: number;
  signal: AbortSignal | undefined;
  end: () => void;
}

/**
 * A `Sleep` whose waits end only when the test says (`elapse`), so a deadline passes without
 * real time: no waits of seconds, no timing assertions.
 */
export function manualSleep(): { sleep: Sleep; waits: ManualWait[]; elapse: () => void } {
  const waits: ManualWait[] = [];
  const sleep: Sleep = (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      waits.push({ ms, signal, end: resolve });
      signal?.addEventListener('abort', () => reject(signal.reason), { once: true });
    });
  const elapse = (): void => {
    for (const wait of waits) wait.end();
  };
  return { sleep, waits, elapse };
}
