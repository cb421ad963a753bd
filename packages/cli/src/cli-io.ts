import type { DualAuthPlugin, EnvRecord } from '@dual-auth/core';

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
}
