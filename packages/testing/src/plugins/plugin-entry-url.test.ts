import { mkdir, mkdtemp, realpath, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pluginEntryUrl } from './plugin-entry-url.js';

async function writeJson(file: string, value: unknown): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, JSON.stringify(value));
}

// A consumer project inside a pnpm workspace that holds a dual-auth plugin package (journey 10:
// the repository itself, or a team's own fork), the plugin's sources absent, nothing built.
describe('pluginEntryUrl (where dual-auth-idp and startLocalIdp load a vendor from)', () => {
  let root: string;
  let app: string;
  let installedSelf: string;
  const query = { kind: 'adapter', name: 'auth0', subpath: './testing' } as const;

  beforeAll(async () => {
    root = await realpath(await mkdtemp(join(tmpdir(), 'plugin-entry-url-')));
    await writeFile(join(root, 'pnpm-workspace.yaml'), "packages:\n  - 'packages/*'\n  - app\n");
    await writeJson(join(root, 'packages/auth0-fork/package.json'), {
      name: '@acme/adapter-auth0-fork',
      dualAuth: { kind: 'adapter', vendor: 'auth0' },
      exports: {
        './testing': {
          '@dual-auth/source': './src/testing/index.ts',
          default: './dist/testing/index.js',
        },
      },
    });
    app = join(root, 'app');
    await writeJson(join(app, 'package.json'), { name: 'app', private: true });
    installedSelf = pathToFileURL(
      join(app, 'node_modules/@dual-auth/testing/dist/cli/dual-auth-idp.js'),
    ).href;
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('installed: loads the consumer’s dependency, not the enclosing workspace’s sources', async () => {
    const installed = join(app, 'node_modules/@dual-auth/adapter-auth0');
    await writeJson(join(installed, 'package.json'), {
      name: '@dual-auth/adapter-auth0',
      type: 'module',
      exports: {
        './testing': { types: './dist/testing/index.d.ts', default: './dist/testing/index.js' },
      },
    });
    await mkdir(join(installed, 'dist/testing'), { recursive: true });
    await writeFile(join(installed, 'dist/testing/index.js'), "export const from = 'installed';\n");
    try {
      const url = pluginEntryUrl({ ...query, self: installedSelf });
      expect(url).toBe(pathToFileURL(join(installed, 'dist/testing/index.js')).href);
      expect(await import(/* @vite-ignore */ String(url))).toMatchObject({ from: 'installed' });
    } finally {
      await rm(installed, { recursive: true, force: true });
    }
  });

  it('installed, the plugin only in the consumer’s workspace and unbuilt: says to build it', () => {
    expect(() => pluginEntryUrl({ ...query, self: installedSelf })).toThrow(
      new TypeError(
        `@acme/adapter-auth0-fork (${join(root, 'packages/auth0-fork')}) is the auth0 plugin of your workspace, but its ./testing export ${join(root, 'packages/auth0-fork/dist/testing/index.js')} is not built: build it (pnpm --filter @acme/adapter-auth0-fork build), or install @dual-auth/adapter-auth0 in ${app}`,
      ),
    );
  });

  it('installed, the consumer’s workspace plugin built: loads its built file', async () => {
    const built = join(root, 'packages/auth0-fork/dist/testing/index.js');
    await mkdir(dirname(built), { recursive: true });
    await writeFile(built, "export const from = 'workspace build';\n");
    try {
      expect(pluginEntryUrl({ ...query, self: installedSelf })).toBe(pathToFileURL(built).href);
    } finally {
      await rm(join(root, 'packages/auth0-fork/dist'), { recursive: true, force: true });
    }
  });

  it('installed, the plugin nowhere: leaves the package name to import()', () => {
    expect(pluginEntryUrl({ ...query, name: 'nosuchvendor', self: installedSelf })).toBeUndefined();
  });

  it('run from the repository’s sources: the workspace’s plugin sources, whatever the cwd', () => {
    const url = pluginEntryUrl({ ...query, self: import.meta.url });
    const repo = join(dirname(fileURLToPath(import.meta.url)), '../../..');
    expect(url).toBe(pathToFileURL(join(repo, 'adapter-auth0/src/testing/index.ts')).href);
  });
});
