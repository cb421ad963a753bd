import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DualAuthConfig } from '../contracts/config.js';
import { ConfigurationError } from '../errors/configuration-error.js';
import { createAdapter } from './create-adapter.js';
import { createDualAuthConfig } from './create-dual-auth-config.js';
import { loadSecretsBackend } from './load-secrets-backend.js';

// CWE-427 (untrusted search path), found by the wave8/breaker13 attack review: the working
// directory is not the application. A service started from `/` or `/tmp`, or a CLI run in someone
// else's checkout, must not import a package another local user planted at
// `<cwd>/node_modules/@dual-auth/…` into the process holding the agent's secret. The working
// directory here is world-writable (mode 1777, like /tmp) and really is the process's (chdir).
const ADAPTER_MARK = '__dualAuthPlantedAdapterRan';
const SECRETS_MARK = '__dualAuthPlantedSecretsRan';
let shared: string;
let previousCwd: string;

async function plant(name: string, mark: string): Promise<void> {
  const folder = join(shared, 'node_modules', '@dual-auth', name);
  await mkdir(folder, { recursive: true });
  await writeFile(
    join(folder, 'package.json'),
    JSON.stringify({ name: `@dual-auth/${name}`, version: '1.0.0', main: 'index.js' }),
  );
  await writeFile(join(folder, 'index.js'), `globalThis.${mark} = true;\n`);
}

async function rejection(promise: Promise<unknown>): Promise<Error> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error as Error,
  );
}

beforeAll(async () => {
  shared = await mkdtemp(join(tmpdir(), 'dual-auth-planted-cwd-'));
  await chmod(shared, 0o1777);
  await plant('adapter-planted', ADAPTER_MARK);
  await plant('secrets-planted', SECRETS_MARK);
  return () => rm(shared, { recursive: true, force: true });
});

beforeEach(() => {
  previousCwd = process.cwd();
  process.chdir(shared);
});

afterEach(() => {
  process.chdir(previousCwd);
});

describe('a plugin package planted in the working directory', () => {
  it('createAdapter does not import it: the adapter is missing, and its code never runs', async () => {
    const config = createDualAuthConfig({
      vendor: 'planted',
      tokenUrl: 'https://idp.example/oauth2/token',
      clientId: 'finance-agent',
      clientSecret: 'search-path-test-secret',
    } as DualAuthConfig);
    const error = await rejection(createAdapter(config));
    expect(ConfigurationError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ packageName: '@dual-auth/adapter-planted' });
    expect(error.message).toContain('npm install @dual-auth/adapter-planted');
    expect((globalThis as Record<string, unknown>)[ADAPTER_MARK]).toBeUndefined();
  });

  it('loadSecretsBackend does not import it: the backend is missing, and its code never runs', async () => {
    const error = await rejection(loadSecretsBackend('planted', { env: {} }));
    expect(ConfigurationError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ packageName: '@dual-auth/secrets-planted' });
    expect((globalThis as Record<string, unknown>)[SECRETS_MARK]).toBeUndefined();
  });
});
