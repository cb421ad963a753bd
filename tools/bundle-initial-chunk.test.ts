// The rot guard of tools/bundle-initial-chunk.mjs (docs/performance.md, "The quick-start bundle",
// session 19): both bundlers still build a budgeted entry with code splitting, and `--refuse`
// fails on a module that is in the initial chunks and passes on one that is not.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');
const run = promisify(execFile);
const tool = (...args: string[]) =>
  run(process.execPath, [join(root, 'tools/bundle-initial-chunk.mjs'), 'web app', ...args], {
    cwd: root,
  });

describe.each(['esbuild', 'rolldown'])('bundle-initial-chunk with %s', (bundler) => {
  it('prints the initial chunks of the sender-only bundle, min+gzip', async () => {
    const { stdout } = await tool('--bundler', bundler);
    expect(stdout).toContain(`(${bundler}, code splitting)`);
    expect(stdout).toMatch(/initial: [1-9]\d* B min\+gzip in \d+ file\(s\)/);
  });

  it('exits 1 naming a refused module that loads at once, 0 when none does', async () => {
    const failed = await tool('--bundler', bundler, '--refuse', 'session/src/hybrid-sender\\.ts')
      .then(() => undefined)
      .catch((error: { code: number; stderr: string }) => error);
    expect(failed?.code).toBe(1);
    expect(failed?.stderr).toContain(
      'refused in the initial chunks: packages/session/src/hybrid-sender.ts',
    );
    await expect(tool('--bundler', bundler, '--refuse', 'jose@')).resolves.toBeDefined();
  });
});
