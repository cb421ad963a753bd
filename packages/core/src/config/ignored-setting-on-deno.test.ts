import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Fault (session 33, reviewa): getConfig's config_setting_ignored warning read API_AUDIENCE even
// where Deno's --allow-env list leaves it out, the list readEnv's error tells a user to build from
// the variables dual-auth reads. Deno asks for each such read: in a terminal it stops at a prompt
// ("Deno requests env access to API_AUDIENCE") that waits for an answer, which getConfig never
// did before; without one it is refused. Deno's permission audit (DENO_AUDIT_PERMISSIONS) lists
// each variable asked for, so the test reads that instead of driving a terminal.

const run = promisify(execFile);
const deno: string = createRequire(import.meta.url)('deno/install_api.cjs').runInstall();
const source = (path: string) => fileURLToPath(new URL(path, import.meta.url));
const GRANTED = [
  'DUAL_AUTH_VENDOR',
  'DUAL_AUTH_SECRETS_BACKEND',
  'KEYCLOAK_TOKEN_URL',
  'AGENT_CLIENT_ID',
  'AGENT_CLIENT_SECRET',
];
const ENV = {
  DUAL_AUTH_VENDOR: 'keycloak',
  KEYCLOAK_TOKEN_URL: 'https://idp.example/realms/r/protocol/openid-connect/token',
  AGENT_CLIENT_ID: 'finance-agent',
  AGENT_CLIENT_SECRET: 'agent-secret-never-logged',
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
    const audit = join(dir, `audit-${allowEnv.length}.jsonl`);
    const { stdout } = await run(
      deno,
      [
        'run',
        '--no-config',
        '--no-lock',
        '--no-prompt',
        '--sloppy-imports',
        '--node-modules-dir=manual',
        `--allow-read=${source('../..')},${source('../../../..')}`,
        allowEnv,
        script,
      ],
      {
        cwd: source('../..'),
        env: {
          ...ENV,
          PATH: process.env.PATH ?? '',
          DENO_DIR: join(dir, '.deno'),
          DENO_NO_UPDATE_CHECK: '1',
          NO_COLOR: '1',
          DENO_AUDIT_PERMISSIONS: audit,
        },
        timeout: 60_000,
      },
    );
    const asked = (await readFile(audit, 'utf8'))
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as { permission: string; value: string | null })
      .filter(({ permission }) => permission === 'env')
      .map(({ value }) => value);
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
