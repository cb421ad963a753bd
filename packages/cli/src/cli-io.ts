import type { Clock, DualAuthPlugin, EnvRecord } from '@dual-auth/core';

/** A stream the CLI writes to. */
export interface CliStream {
  write(text: string): unknown;
  readonly isTTY?: boolean | undefined;
}

/** Everything `runCli` touches of the process, injectable for tests and embedding. */
export interface CliIo {
  readonly stdout: CliStream;
  readonly stderr: CliStream;
  /** What `getConfig` reads (and the doctor's own `DUAL_AUTH_DOCTOR_*` variables). */
  readonly env: EnvRecord;
  readonly cwd: string;
  /** Reads standard input (`decode -`), at most 1 MiB (more is a `TypeError`). */
  readonly readStdin: () => Promise<string>;
  /** Plugins to use beside those loaded by name or `--plugin`. */
  readonly plugins?: readonly DualAuthPlugin[] | undefined;
  readonly fetch?: typeof globalThis.fetch | undefined;
  /**
   * The clock `doctor --timeout-ms` is measured on (core's `Clock`; its `setTimer`, when it has
   * one, runs the deadline). Default: the system clock.
   */
  readonly clock?: Clock | undefined;
}
