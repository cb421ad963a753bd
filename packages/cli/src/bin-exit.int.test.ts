import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { expect, it } from 'vitest';
import { startSilentServer } from '../test/support/silent-server.js';
import { EXIT } from './run-cli.js';

const ROOT = resolve(import.meta.dirname, '../../..');
const CLI = join(ROOT, 'packages/cli');

// Session 34 (reviewer): against a token endpoint that accepts TCP and never completes TLS,
// `doctor --timeout-ms 1500` printed its report at ~3 s and exited at ~12.7 s: Node's fetch kept
// connecting after the request was aborted, until undici's own 10 s connect limit. `timeout 5
// dual-auth doctor` in CI then exited 124, not 1 (3 since session 38: the IdP did not answer). A preload marks that limit on standard error
// (test/support/undici-connect-error-marker.mjs): the process must exit once its report is
// written, before the marker, while the server still holds the connection open.
it('doctor exits 3 (unavailable) once its report is written, not when undici gives up connecting to a stalled TLS endpoint', async () => {
  const server = await startSilentServer();
  try {
    const child = spawn(
      join(ROOT, 'node_modules/.bin/node'),
      [
        '--import',
        join(CLI, 'test/support/undici-connect-error-marker.mjs'),
        join(ROOT, 'tools/run-source.mjs'),
        'src/bin.ts',
        'doctor',
        '--human',
        'u-1',
        '--timeout-ms',
        '1500',
      ],
      {
        cwd: CLI,
        env: {
          DUAL_AUTH_VENDOR: 'keycloak',
          KEYCLOAK_TOKEN_URL: `https://127.0.0.1:${server.port}/realms/a/protocol/openid-connect/token`,
          AGENT_CLIENT_ID: 'finance-agent',
          AGENT_CLIENT_SECRET: 'agent-secret-never-shown',
        },
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const code = await new Promise<number | null>((done) => child.on('close', done));
    expect(server.sockets.length).toBe(1);
    expect(stdout).toContain('token-endpoint');
    // Before the fix: stderr was "UNDICI_CONNECT_ERROR" (the process lived on for the 10 s limit).
    expect(stderr).not.toContain('UNDICI_CONNECT_ERROR');
    expect(code).toBe(EXIT.unavailable);
  } finally {
    await server.close();
  }
}, 60_000);
