import { keycloakPlugin } from '@dual-auth/adapter-keycloak';
import { type LogFields, setDefaultLogger } from '@dual-auth/core';
import { afterAll, afterEach, beforeAll, expect, it, vi } from 'vitest';
import { capturedRun } from '../test/support/captured-run.js';
import {
  type KeycloakWorkspace,
  startKeycloakWorkspace,
} from '../test/support/keycloak-workspace.js';
import { EXIT } from './run-cli.js';

// wave34/ops: with DUAL_AUTH_LOG=json the doctor's log lines went to console.log, the process's
// standard output, before its report: `dual-auth doctor --json | jq` read seven log objects and
// then the report, and a CI step's JSON.parse of the output failed.

let workspace: KeycloakWorkspace;
beforeAll(async () => {
  workspace = await startKeycloakWorkspace('dual-auth-cli-log-');
}, 60_000);
afterAll(() => workspace?.close());
afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
  setDefaultLogger(undefined);
});

it('DUAL_AUTH_LOG=json writes the log lines on standard error; standard output holds the --json report alone', async () => {
  const { dir, idp, human } = workspace;
  // As the `dual-auth` bin runs it: io.env is process.env.
  vi.stubEnv('DUAL_AUTH_LOG', 'json');
  vi.stubEnv('DUAL_AUTH_LOG_LEVEL', ' Debug ');
  const consoleLog = vi.spyOn(console, 'log').mockImplementation(() => undefined);
  const env = { ...idp.env(), DUAL_AUTH_LOG: 'json', DUAL_AUTH_LOG_LEVEL: ' Debug ' };
  const out = await capturedRun(['doctor', '--human', human, '--json'], dir, {
    env,
    plugins: [keycloakPlugin],
    fetch: idp.fetch,
  });
  expect(out.code).toBe(EXIT.ok);
  // Before: console.log got every line (`{"time":…,"event":"secrets_backend_init",…}` first).
  expect(consoleLog).not.toHaveBeenCalled();
  expect(JSON.parse(out.stdout)).toMatchObject({ ok: true, vendor: 'keycloak' });
  const lines = out.stderr.trimEnd().split('\n');
  const events = lines.map((line) => (JSON.parse(line) as { event: string }).event);
  expect(events).toEqual(
    expect.arrayContaining([
      'config_loaded',
      'token_request_start',
      'client_assertion_created',
      'token_request_success',
    ]),
  );
  expect(out.stderr).not.toContain(idp.env().AGENT_CLIENT_SECRET);
}, 60_000);

it('a logger given to setDefaultLogger gets the events, and nothing is written on either stream', async () => {
  const { dir, idp, human } = workspace;
  const events: string[] = [];
  const record = (event: string, _fields?: LogFields) => {
    events.push(event);
  };
  setDefaultLogger({ debug: record, info: record, warn: record, error: record });
  const out = await capturedRun(['doctor', '--human', human, '--json'], dir, {
    env: { ...idp.env(), DUAL_AUTH_LOG: 'json' },
    plugins: [keycloakPlugin],
    fetch: idp.fetch,
  });
  expect(out.code).toBe(EXIT.ok);
  expect(events).toContain('token_request_success');
  expect(out.stderr).toBe('');
  expect(JSON.parse(out.stdout)).toMatchObject({ ok: true });
}, 60_000);
