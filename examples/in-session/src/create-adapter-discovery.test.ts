import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

// Journey 8: this app depends on @dual-auth/adapter-keycloak (package.json), installed with pnpm,
// the repository's own package manager. Core imports a vendor's package by name from its own folder
// only, never from the working directory (CWE-427: a service started from `/` or `/tmp` would run a
// package another user planted there), and under pnpm's isolated node_modules core cannot see the
// app's dependencies: the app passes its adapter's plugin, as the session README's agent service
// does. Plain Node runs the probe from this app's folder (the test runner resolves differently).
const run = promisify(execFile);
const appFolder = fileURLToPath(new URL('..', import.meta.url));

async function probe(mode: 'with-plugins' | 'without-plugins'): Promise<unknown> {
  const { NODE_PATH: _ignored, ...env } = process.env;
  const { stdout } = await run(
    process.execPath,
    ['../../tools/run-source.mjs', 'src/create-adapter-probe.ts', mode],
    { cwd: appFolder, env, timeout: 60_000 },
  );
  return JSON.parse(stdout);
}

it('without plugins under pnpm, the error says to pass the installed adapter plugin', async () => {
  expect(await probe('without-plugins')).toEqual({
    error:
      'DUAL_AUTH_VENDOR=keycloak needs @dual-auth/adapter-keycloak: npm install @dual-auth/adapter-keycloak; installed? pass `plugins: [keycloakPlugin]` to createAdapter/getConfig (pnpm, Yarn PnP, bundlers)',
  });
}, 90_000);

it('with the adapter plugin passed, createAdapter builds the vendor adapter', async () => {
  expect(await probe('with-plugins')).toEqual({ adapterId: expect.stringMatching(/^keycloak/) });
}, 90_000);
