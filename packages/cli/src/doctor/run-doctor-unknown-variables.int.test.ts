import { keycloakPlugin } from '@dual-auth/adapter-keycloak';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { capturedRun } from '../../test/support/captured-run.js';
import {
  type KeycloakWorkspace,
  startKeycloakWorkspace,
} from '../../test/support/keycloak-workspace.js';
import { EXIT } from '../run-cli.js';

// Session 34 (reviewer): DUAL_AUTH_SECRETS_BACKNED=vault silently used the env store, and
// DUAL_AUTH_LOG_LEVL=debug was ignored: doctor now names each variable of dual-auth's prefixes (or
// the configured vendor's) that no package reads, with the nearest known name when it is a near miss.
const VALUE = 'value-never-shown';

let workspace: KeycloakWorkspace;
beforeAll(async () => {
  workspace = await startKeycloakWorkspace('dual-auth-cli-unknown-');
}, 60_000);
afterAll(() => workspace?.close());

async function doctorWith(extra: Record<string, string>) {
  const { dir, idp, human } = workspace;
  return capturedRun(['doctor', '--human', human], dir, {
    env: { ...idp.env(), ...extra },
    plugins: [keycloakPlugin],
    fetch: idp.fetch,
  });
}

it('a mistyped DUAL_AUTH_ or vendor variable is a WARN config line naming it and the name it is near', async () => {
  const out = await doctorWith({
    DUAL_AUTH_SECRETS_BACKNED: VALUE,
    DUAL_AUTH_LOG_LEVL: VALUE,
    KEYCLOAK_TOKN_URL: VALUE,
    AGENT_CLIENT_SECRT: VALUE,
    dual_auth_log_level: VALUE,
  });
  expect(out.code).toBe(EXIT.ok);
  const warns = out.stdout.split('\n').filter((line) => line.startsWith('WARN  config: '));
  expect(warns).toEqual(
    expect.arrayContaining([
      expect.stringMatching(/DUAL_AUTH_SECRETS_BACKNED .*did you mean DUAL_AUTH_SECRETS_BACKEND\?/),
      expect.stringMatching(/DUAL_AUTH_LOG_LEVL .*did you mean DUAL_AUTH_LOG_LEVEL\?/),
      expect.stringMatching(/KEYCLOAK_TOKN_URL .*did you mean KEYCLOAK_TOKEN_URL\?/),
      expect.stringMatching(/AGENT_CLIENT_SECRT .*did you mean AGENT_CLIENT_SECRET\?/),
      // Session 35 (smalls): in lower case it is read by none, and was not named.
      expect.stringMatching(/dual_auth_log_level .*did you mean DUAL_AUTH_LOG_LEVEL\?/),
    ]),
  );
  expect(warns).toHaveLength(5);
  expect(out.stdout + out.stderr).not.toContain(VALUE);
}, 60_000);

it('a DUAL_AUTH_ name near none is named without a guess; known, other vendors’ and unrelated names are not', async () => {
  const out = await doctorWith({
    DUAL_AUTH_SOMETHING_ELSE: VALUE,
    DUAL_AUTH_LOG: 'json',
    DUAL_AUTH_DOCTOR_HUMAN: 'u-1',
    DUAL_AUTH_VAULT_REDIRECT_ORIGINS: VALUE,
    OKTA_TOKN_URL: VALUE,
    APP_ENV: VALUE,
    HOME: VALUE,
  });
  const warns = out.stdout.split('\n').filter((line) => line.startsWith('WARN  config: '));
  expect(warns).toEqual([
    expect.stringMatching(
      /^WARN {2}config: DUAL_AUTH_SOMETHING_ELSE is set, and no dual-auth package reads it/,
    ),
  ]);
  expect(warns[0]).not.toMatch(/did you mean/);
  expect(out.stdout + out.stderr).not.toContain(VALUE);
}, 60_000);

it('--json carries the same warnings', async () => {
  const { dir, idp, human } = workspace;
  const out = await capturedRun(['doctor', '--human', human, '--json'], dir, {
    env: { ...idp.env(), DUAL_AUTH_SECRETS_BACKNED: VALUE },
    plugins: [keycloakPlugin],
    fetch: idp.fetch,
  });
  const report = JSON.parse(out.stdout) as { warnings?: string[] };
  expect(report.warnings).toEqual([
    expect.stringContaining('did you mean DUAL_AUTH_SECRETS_BACKEND?'),
  ]);
}, 60_000);
