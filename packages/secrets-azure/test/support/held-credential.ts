import type { AccessToken, GetTokenOptions, TokenCredential } from '@azure/identity';
import { vi } from 'vitest';

/** A credential that answers only when the test says so. */
export interface HeldCredential {
  readonly credential: TokenCredential;
  /** Settles when the credential is first asked for a token. */
  readonly asked: Promise<void>;
  /** Lets every ask, past and future, go on to `source`. */
  release(): void;
}

/** How a read ended: its value, or what it threw. */
export type ReadOutcome = { value: string } | { error: unknown };

/** `source` (the emulator's credential), answering only once `release()` is called. */
export function heldCredential(source: TokenCredential): HeldCredential {
  let markAsked = (): void => undefined;
  const asked = new Promise<void>((resolve) => {
    markAsked = resolve;
  });
  let release = (): void => undefined;
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  const credential: TokenCredential = {
    async getToken(
      scopes: string | string[],
      options?: GetTokenOptions,
    ): Promise<AccessToken | null> {
      markAsked();
      await released;
      return source.getToken(scopes, options);
    },
  };
  return { credential, asked, release };
}

/**
 * Starts `read`, waits until `held` is asked, then moves faked timers on by `heldMs` (the test
 * must have called `vi.useFakeTimers`); `outcome`, settling when the read ends, not awaited here
 * so that the test decides when `held` is released.
 */
export async function readWhileHeld(
  read: () => Promise<string>,
  held: HeldCredential,
  heldMs: number,
): Promise<{ outcome: Promise<ReadOutcome> }> {
  const outcome = read().then(
    (value): ReadOutcome => ({ value }),
    (error: unknown): ReadOutcome => ({ error }),
  );
  await held.asked;
  await vi.advanceTimersByTimeAsync(heldMs);
  return { outcome };
}
