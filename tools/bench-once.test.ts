// The rot guard of `pnpm bench`: every bench file under packages/*/bench runs once with
// DUAL_AUTH_BENCH=once (tools/bench-kit.ts: each task once, untimed, our verdict checked), so a
// bench whose tokens the library now refuses fails the test command, not a 6-minute bench run.
// A new `*.bench.ts` is covered by being there; each must be run by its package's `bench` script.
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');
const run = promisify(execFile);

const benchFiles = readdirSync(join(root, 'packages'), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .flatMap((entry) => {
    const dir = join(root, 'packages', entry.name, 'bench');
    try {
      return readdirSync(dir)
        .filter((file) => file.endsWith('.bench.ts'))
        .map((file) => ({ pkg: entry.name, file: `bench/${file}` }));
    } catch {
      return [];
    }
  });

/** Bench files a package keeps for profiling by hand, not run by `pnpm bench` (see their header). */
const BY_HAND = new Set([
  'client/bench/api-call-gc.bench.ts',
  'client/bench/api-call-steps.bench.ts',
  'client/bench/api-call-trace.bench.ts',
]);

describe('pnpm bench', () => {
  it('runs every bench file of the packages', () => {
    expect(benchFiles.length).toBeGreaterThan(0);
    for (const { pkg, file } of benchFiles) {
      if (BY_HAND.has(`${pkg}/${file}`)) continue;
      const manifest = JSON.parse(
        readFileSync(join(root, 'packages', pkg, 'package.json'), 'utf8'),
      );
      expect(manifest.scripts?.bench ?? '', `${pkg}'s bench script`).toContain(file);
    }
  });

  it.each(benchFiles)(
    '$pkg/$file: each task completes once, ours with the expected verdict',
    async ({ pkg, file }) => {
      const cwd = join(root, 'packages', pkg);
      const result = await run(process.execPath, [join(root, 'tools', 'run-source.mjs'), file], {
        cwd,
        env: { ...process.env, DUAL_AUTH_BENCH: 'once' },
        timeout: 120_000,
      }).catch((error: { stderr?: string; message: string }) => {
        throw new Error(`${pkg}/${file} failed in once mode:\n${error.stderr ?? error.message}`);
      });
      expect(result.stderr).not.toMatch(/Error/);
    },
  );
});
