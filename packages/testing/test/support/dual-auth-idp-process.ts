import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseEnv } from 'node:util';
import {
  freePort,
  type SourceProcess,
  startSourceProcess,
} from '../../../../tools/child-process-kit.ts';
import { createTrustingFetch } from '../../src/tls/trusting-fetch.js';

/** The line `dual-auth-idp` prints when it rotated its signing key (on `SIGUSR2`). */
export const ROTATED = 'dual-auth-idp: signing key rotated';

const BIN = join(import.meta.dirname, '..', '..', 'src', 'cli', 'dual-auth-idp.ts');

/** A `dual-auth-idp` process, the env file it wrote and a fetch trusting its TLS CA. */
export interface RunningIdpCommand {
  readonly process: SourceProcess;
  readonly env: Record<string, string>;
  readonly fetch: typeof fetch;
}

/**
 * Starts the `dual-auth-idp` command from its source in `dir`, on a free port, with `args`; waits
 * until it is ready, and reads the env file it wrote (`envFileName` in `dir`).
 */
export async function startIdpCommand(
  dir: string,
  args: readonly string[],
  envFileName = 'idp.env',
): Promise<RunningIdpCommand> {
  const envFile = join(dir, envFileName);
  const process = await startSourceProcess({
    entry: BIN,
    args: ['--port', String(await freePort()), '--out', envFile, ...args],
    cwd: dir,
    ready: 'Ready.',
  });
  const env = parseEnv(await readFile(envFile, 'utf8')) as Record<string, string>;
  const caPem = await readFile(env.NODE_EXTRA_CA_CERTS ?? '', 'utf8');
  return { process, env, fetch: createTrustingFetch(caPem) as typeof fetch };
}
