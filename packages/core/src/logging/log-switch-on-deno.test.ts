import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  KEYCLOAK_CONFIG_ENV,
  KEYCLOAK_CONFIG_VARIABLES,
  runOnDenoAudited,
} from '../../test/deno-env-audit.js';

// Fault (session 33, leftovers): the default logger read DUAL_AUTH_LOG (and DUAL_AUTH_LOG_LEVEL)
// on every log call, even where Deno's --allow-env list leaves it out: in a terminal the program
// stopped at "Deno requests env access to DUAL_AUTH_LOG", waiting for an answer, for a switch the
// app never set. Deno's permission audit (DENO_AUDIT_PERMISSIONS) lists each variable asked for.

const source = (path: string) => fileURLToPath(new URL(path, import.meta.url));
const CONFIG = KEYCLOAK_CONFIG_VARIABLES;
const ENV = KEYCLOAK_CONFIG_ENV;

describe('the default logger on Deno', () => {
  let dir: string;
  let script: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'dual-auth-deno-log-'));
    script = join(dir, 'config.ts');
    // No logger passed: getConfig logs config_loaded through the default logger.
    await writeFile(
      script,
      `import { getConfig } from ${JSON.stringify(source('../index.ts'))};
import { fixtureAdapter } from ${JSON.stringify(source('../../test/fixture-plugins.ts'))};
const config = await getConfig({ plugins: [fixtureAdapter('keycloak')] });
console.log(JSON.stringify({ vendor: config.vendor }));
`,
    );
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('with --allow-env leaving DUAL_AUTH_LOG out, never asks Deno for it (no prompt), and logs nothing', async () => {
    const run = await runOnDenoAudited(dir, script, `--allow-env=${CONFIG.join(',')}`, {
      ...ENV,
      DUAL_AUTH_LOG: 'json',
    });
    expect(JSON.parse(run.stdout)).toEqual({ vendor: 'keycloak' });
    expect(run.asked).toContain('DUAL_AUTH_VENDOR'); // the audit lists what was asked
    // Before: ['DUAL_AUTH_LOG', …] asked on each log call (a prompt in a terminal).
    expect(run.asked).not.toContain('DUAL_AUTH_LOG');
    expect(run.asked).not.toContain('DUAL_AUTH_LOG_LEVEL');
    expect(run.stdout).not.toContain('config_loaded');
  }, 60_000);

  it('with --allow-env=…,DUAL_AUTH_LOG and DUAL_AUTH_LOG=json, logs; DUAL_AUTH_LOG_LEVEL left out is not asked for', async () => {
    const run = await runOnDenoAudited(
      dir,
      script,
      `--allow-env=${[...CONFIG, 'DUAL_AUTH_LOG'].join(',')}`,
      { ...ENV, DUAL_AUTH_LOG: 'json' },
    );
    const lines = run.stdout.trim().split('\n');
    expect(JSON.parse(lines.at(-1) ?? '')).toEqual({ vendor: 'keycloak' });
    // The JSON logger writes with console.log: its line comes before the script's own.
    expect(lines.slice(0, -1).join('\n')).toContain('"config_loaded"');
    expect(run.asked).not.toContain('DUAL_AUTH_LOG_LEVEL');
  }, 60_000);
});
