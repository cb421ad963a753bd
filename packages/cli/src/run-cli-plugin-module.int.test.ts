import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { keycloakPlugin } from '@dual-auth/adapter-keycloak';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { capturedRun } from '../test/support/captured-run.js';
import {
  type KeycloakWorkspace,
  startKeycloakWorkspace,
} from '../test/support/keycloak-workspace.js';
import { EXIT } from './run-cli.js';

// wave34/ops: `--plugin` took only plugin objects (`kind`), while @dual-auth/secrets-vault, -aws,
// -azure and -gcp export only `createSecretsBackend` (core's SecretsBackendModule): given with
// --plugin, such a store was dropped without a word, and the doctor said again "… which does not
// have it: npm install --save-dev @dual-auth/secrets-acme in that project, or give --plugin
// <package or file>". A module with nothing to load was dropped silently too.

// A store module as a third-party `@dual-auth/secrets-acme` would write it: createSecretsBackend
// only, reading its values from ACME_<key> variables (a stand-in for a remote store).
const STORE_MODULE = `
export function createSecretsBackend({ env }) {
  const read = async (key, options = {}) => {
    const value = env['ACME_' + key];
    if (value === undefined && options.required !== false) throw new Error('acme: no ' + key);
    return value;
  };
  return {
    specificationVersion: 'v1',
    backendName: 'acme',
    getSecret: read,
    getJsonSecret: async (key, options) => JSON.parse(await read(key, options)),
  };
}
`;

let workspace: KeycloakWorkspace;
beforeAll(async () => {
  workspace = await startKeycloakWorkspace('dual-auth-cli-plugin-');
  await writeFile(join(workspace.dir, 'acme-store.mjs'), STORE_MODULE);
  await writeFile(join(workspace.dir, 'nothing.mjs'), 'export const answer = 42;\n');
}, 60_000);
afterAll(() => workspace?.close());

/** The IdP's settings held by the acme store, none in the environment. */
function storeEnv(): Record<string, string> {
  const { idp } = workspace;
  const held = Object.entries(idp.env()).map(([name, value]) => [`ACME_${name}`, value]);
  return { ...Object.fromEntries(held), DUAL_AUTH_SECRETS_BACKEND: 'acme' };
}

it('--plugin <file exporting createSecretsBackend> is the store DUAL_AUTH_SECRETS_BACKEND names', async () => {
  const { dir, idp, human } = workspace;
  const out = await capturedRun(['doctor', '--human', human, '--plugin', './acme-store.mjs'], dir, {
    env: storeEnv(),
    plugins: [keycloakPlugin],
    fetch: idp.fetch,
  });
  // Before: exit 2, "… needs @dual-auth/secrets-acme … or give --plugin <package or file>".
  expect(out.stderr).toBe('');
  expect(out.code).toBe(EXIT.ok);
  expect(out.stdout).toMatch(/^PASS {2}client-authentication: client finance-agent$/m);
}, 60_000);

it('a store module without DUAL_AUTH_SECRETS_BACKEND: exit 2, saying to set it', async () => {
  const { dir, idp, human } = workspace;
  const env = storeEnv();
  delete env.DUAL_AUTH_SECRETS_BACKEND;
  const out = await capturedRun(['doctor', '--human', human, '--plugin', './acme-store.mjs'], dir, {
    env: { ...env, ...idp.env() },
    plugins: [keycloakPlugin],
    fetch: idp.fetch,
  });
  expect(out.code).toBe(EXIT.usage);
  expect(out.stderr).toBe(
    'dual-auth: --plugin ./acme-store.mjs is a secrets backend (it exports createSecretsBackend), and DUAL_AUTH_SECRETS_BACKEND names none: set DUAL_AUTH_SECRETS_BACKEND to its type (vault, aws, …), or leave --plugin ./acme-store.mjs out\n',
  );
}, 60_000);

it('--plugin <module with no plugin>: exit 2 naming it, not ignored', async () => {
  const { dir, idp, human } = workspace;
  const out = await capturedRun(['doctor', '--human', human, '--plugin', './nothing.mjs'], dir, {
    env: idp.env(),
    plugins: [keycloakPlugin],
    fetch: idp.fetch,
  });
  // Before: exit 0, the module dropped without a word.
  expect(out.code).toBe(EXIT.usage);
  expect(out.stderr).toMatch(
    /^dual-auth: --plugin \.\/nothing\.mjs exports no dual-auth plugin \(an adapter or secrets backend plugin, or createSecretsBackend\): give the package or file of @dual-auth\/adapter-<vendor> or @dual-auth\/secrets-<type>\n$/,
  );
  expect(out.stdout).toBe('');
}, 60_000);

// wave34/reviewc: the store module was taken for whatever DUAL_AUTH_SECRETS_BACKEND names. With
// DUAL_AUTH_SECRETS_BACKEND=vault (what the app runs with: it loads @dual-auth/secrets-vault) and
// `--plugin ./acme-store.mjs` given by mistake, the doctor read the settings from the acme store
// and passed (exit 0), though the app's store, Vault, was never asked.
it('a store module that builds another store than DUAL_AUTH_SECRETS_BACKEND names: exit 2, naming both', async () => {
  const { dir, idp, human } = workspace;
  const out = await capturedRun(['doctor', '--human', human, '--plugin', './acme-store.mjs'], dir, {
    env: { ...storeEnv(), DUAL_AUTH_SECRETS_BACKEND: 'vault' },
    plugins: [keycloakPlugin],
    fetch: idp.fetch,
  });
  expect(out.code).toBe(EXIT.usage);
  expect(out.stderr).toBe(
    "dual-auth: --plugin ./acme-store.mjs builds the acme secrets backend, and DUAL_AUTH_SECRETS_BACKEND names vault: give --plugin the package of that store (@dual-auth/secrets-vault), or set DUAL_AUTH_SECRETS_BACKEND to the module's\n",
  );
  expect(out.stdout).toBe('');
}, 60_000);
