import type { CliIo } from '../../src/cli-io.js';
import { runCli } from '../../src/run-cli.js';

/** What one run of the CLI wrote, its exit code, and how often it read standard input. */
export interface Captured {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  /** Reads of standard input (`readStdin`), the caller's own included. */
  readonly stdinReads: number;
}

/**
 * Runs `dual-auth <argv>` in `cwd` with its output captured: no environment variables and an
 * empty stdin unless `extra` gives them (`extra` adds or overrides any of the CLI's io). Every
 * CLI test that runs the CLI in process goes through it.
 */
export async function capturedRun(
  argv: string[],
  cwd: string,
  extra: Partial<CliIo> = {},
): Promise<Captured> {
  let stdout = '';
  let stderr = '';
  let stdinReads = 0;
  const readStdin = extra.readStdin ?? (async () => '');
  const code = await runCli(argv, {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    env: {},
    cwd,
    ...extra,
    readStdin: () => {
      stdinReads++;
      return readStdin();
    },
  });
  return { code, stdout, stderr, stdinReads };
}
