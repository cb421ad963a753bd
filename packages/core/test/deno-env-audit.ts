import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const deno: string = createRequire(import.meta.url)('deno/install_api.cjs').runInstall();
const PACKAGE_DIR = fileURLToPath(new URL('..', import.meta.url));
const REPO_DIR = fileURLToPath(new URL('../../..', import.meta.url));

/** The variables `getConfig` reads for a Keycloak configuration from the `env` backend. */
export const KEYCLOAK_CONFIG_VARIABLES = [
  'DUAL_AUTH_VENDOR',
  'DUAL_AUTH_SECRETS_BACKEND',
  'KEYCLOAK_TOKEN_URL',
  'AGENT_CLIENT_ID',
  'AGENT_CLIENT_SECRET',
] as const;

/** Values for {@link KEYCLOAK_CONFIG_VARIABLES} (the backend left to its default). */
export const KEYCLOAK_CONFIG_ENV: Readonly<Record<string, string>> = {
  DUAL_AUTH_VENDOR: 'keycloak',
  KEYCLOAK_TOKEN_URL: 'https://idp.example/realms/r/protocol/openid-connect/token',
  AGENT_CLIENT_ID: 'finance-agent',
  AGENT_CLIENT_SECRET: 'agent-secret-never-logged',
};

/** What {@link runOnDenoAudited} saw: the script's output, and each env variable Deno asked for. */
export interface DenoEnvAudit {
  readonly stdout: string;
  readonly stderr: string;
  /** The variables read through Deno's permission check, in order (a prompt in a terminal). */
  readonly asked: readonly (string | null)[];
}

/**
 * Runs `script` with the repo's real deno, `--no-prompt`, reading the repo's sources, with the
 * `allowEnv` flag and only `env` (plus PATH), and lists the env variables it asked Deno for
 * through Deno's permission audit (`DENO_AUDIT_PERMISSIONS`): each one a terminal would have
 * stopped at ("Deno requests env access to …"). `dir` holds Deno's cache and the audit file.
 */
export async function runOnDenoAudited(
  dir: string,
  script: string,
  allowEnv: string,
  env: Readonly<Record<string, string>>,
): Promise<DenoEnvAudit> {
  const audit = join(dir, `audit-${Date.now()}-${Math.random().toString(36).slice(2)}.jsonl`);
  const { stdout, stderr } = await run(
    deno,
    [
      'run',
      '--no-config',
      '--no-lock',
      '--no-prompt',
      '--sloppy-imports',
      '--node-modules-dir=manual',
      `--allow-read=${PACKAGE_DIR},${REPO_DIR}`,
      allowEnv,
      script,
    ],
    {
      cwd: PACKAGE_DIR,
      env: {
        ...env,
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
  return { stdout, stderr, asked };
}
