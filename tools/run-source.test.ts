// tools/run-source.mjs keeps what esbuild compiled under node_modules/.cache/run-source: a file
// changed since must run as it is now, never as it was when compiled.
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');
const CACHE_DIR = join(root, 'node_modules', '.cache', 'run-source');
const run = promisify(execFile);
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'run-source-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Runs `main.ts` of the temporary directory; resolves with what it printed. */
async function runMain() {
  const { stdout } = await run(
    process.execPath,
    [join(root, 'tools', 'run-source.mjs'), 'main.ts'],
    {
      cwd: dir,
      timeout: 60_000,
    },
  );
  return stdout.trim();
}

describe('run-source', () => {
  it('runs a changed file as it is now, and an imported one too', async () => {
    // A marker no other file holds, so that the compiled text can be found in the cache.
    const began = Date.now() - 1_000;
    const marker = `marker-${Date.now()}-${Math.random().toString(36).slice(2)}`;
    await writeFile(
      join(dir, 'main.ts'),
      `import { word } from './word.js';\nconsole.log(word);\n`,
    );
    await writeFile(join(dir, 'word.ts'), `export const word: string = '${marker}-1';\n`);
    expect(await runMain()).toBe(`${marker}-1`);
    // The files written since the test began (the cache may hold thousands from earlier runs).
    const names = await readdir(CACHE_DIR);
    const recent = await Promise.all(
      names.map(async (name) => ((await stat(join(CACHE_DIR, name))).mtimeMs >= began ? name : '')),
    );
    const cached = await Promise.all(
      recent.filter(Boolean).map((name) => readFile(join(CACHE_DIR, name), 'utf8')),
    );
    expect(cached.filter((text) => text.includes(`${marker}-1`))).toHaveLength(1);
    // Kept: the same text runs from the cache, and gives the same output.
    expect(await runMain()).toBe(`${marker}-1`);

    await writeFile(join(dir, 'word.ts'), `export const word: string = '${marker}-2';\n`);
    expect(await runMain()).toBe(`${marker}-2`);
    await writeFile(join(dir, 'word.ts'), `export const word: string = '${marker}-1';\n`);
    expect(await runMain()).toBe(`${marker}-1`);
  }, 180_000);
});
