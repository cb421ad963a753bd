import type { CliIo } from '../../src/cli-io.js';
import { runCli } from '../../src/run-cli.js';

/** What one run of the CLI wrote, and its exit code. */
export interface Captured {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs `dual-auth <argv>` in `cwd` with its output captured: no environment variables and an
 * empty stdin unless `extra` gives them (`extra` adds or overrides any of the CLI's io).
 */
export async function capturedRun(
  argv: string[],
  cwd: string,
  extra: Partial<CliIo> = {},
): Promise<Captured> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    env: {},
    cwd,
    readStdin: async () => '',
    ...extra,
  });
  return { code, stdout, stderr };
}
