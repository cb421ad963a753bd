import { mkdir, mkdtemp, realpath, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { pluginEntryUrl } from './plugin-entry-url.js';

async function writeJson(file: string, value: unknown): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, JSON.stringify(value));
}

/** A built `@dual-auth/adapter-auth0` in `nodeModules`, whose ./testing says where it is from. */
async function plantAdapter(nodeModules: string, from: string): Promise<string> {
  const dir = join(nodeModules, '@dual-auth/adapter-auth0');
  await writeJson(join(dir, 'package.json'), {
    name: '@dual-auth/adapter-auth0',
    type: 'module',
    exports: { './testing': { default: './dist/testing/index.js' } },
  });
  const entry = join(dir, 'dist/testing/index.js');
  await mkdir(dirname(entry), { recursive: true });
  await writeFile(entry, `export const from = '${from}';\n`);
  return entry;
}

// @dual-auth/testing installed in a project (or globally), run from a folder it was not installed
// in: a clone under review, a shared /tmp, a home folder. No pnpm-workspace.yaml anywhere: before
// this change only a workspace around the cwd was consulted; now any node_modules above it is.
describe('pluginEntryUrl: a hostile working directory', () => {
  let root: string;
  let project: string;
  let hostileCwd: string;
  let installedSelf: string;
  const query = { kind: 'adapter', name: 'auth0', subpath: './testing' } as const;

  beforeAll(async () => {
    root = await realpath(await mkdtemp(join(tmpdir(), 'plugin-entry-url-attack-')));
    project = join(root, 'project');
    await writeJson(join(project, 'package.json'), { name: 'project', private: true });
    await plantAdapter(join(project, 'node_modules'), 'project');
    installedSelf = pathToFileURL(
      join(project, 'node_modules/@dual-auth/testing/dist/cli/dual-auth-idp.js'),
    ).href;
    // Another user's (or a cloned repository's) node_modules above the folder the CLI is run in.
    await plantAdapter(join(root, 'shared/node_modules'), 'planted');
    hostileCwd = join(root, 'shared/some/dir');
    await mkdir(hostileCwd, { recursive: true });
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('does not load a plugin from a node_modules above the cwd that the installed package does not belong to', async () => {
    // The query no longer takes a cwd (it was the hole): the process "runs" in the hostile folder
    // (process.chdir is not allowed in vitest's worker threads).
    const cwd = vi.spyOn(process, 'cwd').mockReturnValue(hostileCwd);
    let url: string | undefined;
    try {
      url = pluginEntryUrl({ ...query, self: installedSelf });
    } finally {
      cwd.mockRestore();
    }
    const loaded = url === undefined ? undefined : await import(/* @vite-ignore */ String(url));
    expect(loaded?.from).not.toBe('planted');
  });
});
