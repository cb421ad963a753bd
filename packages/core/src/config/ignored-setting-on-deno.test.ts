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

// Fault (session 33, reviewa): getConfig's config_setting_ignored warning read API_AUDIENCE even
// where Deno's --allow-env list leaves it out, the list readEnv's error tells a user to build from
// the variables dual-auth reads. Deno asks for each such read: in a terminal it stops at a prompt
// ("Deno requests env access to API_AUDIENCE") that waits for an answer, which getConfig never
// did before; without one it is refused. Deno's permission audit (DENO_AUDIT_PERMISSIONS) lists
// each variable asked for, so the test reads that instead of driving a terminal.

const source = (path: string) => fileURLToPath(new URL(path, import.meta.url));
const GRANTED = KEYCLOAK_CONFIG_VARIABLES;
const ENV = {
  ...KEYCLOAK_CONFIG_ENV,
  API_AUDIENCE: 'https://api.example/audience-never-logged',
};

describe('getConfig on Deno, API_AUDIENCE set beside a vendor that ignores it', () => {
  let dir: string;
  let script: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'dual-auth-deno-env-'));
    script = join(dir, 'config.ts');
    await writeFile(
      script,
      `import { getConfig } from ${JSON.stringify(source('../index.ts'))};
import { fixtureAdapter } from ${JSON.stringify(source('../../test/fixture-plugins.ts'))};
const plugin = fixtureAdapter('keycloak', {
  ignoredSettings: [{ variable: 'API_AUDIENCE', instead: 'add an Audience mapper' }],
});
const warned = [];
const logger = { debug() {}, info() {}, error() {}, warn: (event, fields) => warned.push([event, fields.variable]) };
const config = await getConfig({ plugins: [plugin], logger });
console.log(JSON.stringify({ vendor: config.vendor, warned }));
`,
    );
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function configOnDeno(allowEnv: string) {
    const { stdout, asked } = await runOnDenoAudited(dir, script, allowEnv, ENV);
    return { result: JSON.parse(stdout) as unknown, asked };
  }

  it('with --allow-env naming the variables it reads, asks Deno for no other (no prompt), and loads', async () => {
    const { result, asked } = await configOnDeno(`--allow-env=${GRANTED.join(',')}`);
    expect(result).toEqual({ vendor: 'keycloak', warned: [] });
    expect(asked).not.toContain('API_AUDIENCE');
  }, 60_000);

  it('with --allow-env, warns config_setting_ignored naming API_AUDIENCE', async () => {
    const { result } = await configOnDeno('--allow-env');
    expect(result).toEqual({
      vendor: 'keycloak',
      warned: [['config_setting_ignored', 'API_AUDIENCE']],
    });
  }, 60_000);
});
