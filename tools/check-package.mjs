// A package's `check:package`: packs the package once with `pnpm pack` (what `changeset publish`
// publishes: `files`, `publishConfig`, `workspace:` ranges resolved) and hands that one tarball to
// both linters, `publint --strict` and `attw --profile esm-only`. Each CLI packing the directory
// itself (publint with `pnpm pack`, attw with `npm pack`) packed every package twice. Both linters
// run even when the first fails, so one run shows every problem; either failing fails the script.
// Run from the package's directory (the package script `node ../../tools/check-package.mjs`).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// The pnpm that runs this script (pnpm 12 is a native executable).
// biome-ignore lint/suspicious/noUndeclaredEnvVars: set by the package manager that runs this script
const pnpm = process.env.npm_execpath ?? 'pnpm';

function run(command, args) {
  const result = spawnSync(command, args, { stdio: 'inherit' });
  if (result.error) throw result.error;
  return result.status ?? 1;
}

const destination = mkdtempSync(join(tmpdir(), 'dual-auth-check-package-'));
let failed = false;
try {
  const packed = spawnSync(pnpm, ['pack', '--pack-destination', destination], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (packed.error) throw packed.error;
  const tarballs = readdirSync(destination).filter((name) => name.endsWith('.tgz'));
  if (packed.status !== 0 || tarballs.length !== 1) {
    console.error(
      `check:package: \`pnpm pack\` failed in ${process.cwd()}; run it there to see why.`,
    );
    failed = true;
  } else {
    const tarball = join(destination, tarballs[0]);
    // The CLIs come from node_modules/.bin, which the package manager puts on PATH for scripts.
    failed = run('publint', ['--strict', tarball]) !== 0;
    failed = run('attw', [tarball, '--profile', 'esm-only']) !== 0 || failed;
  }
} finally {
  rmSync(destination, { recursive: true, force: true });
}
if (failed) process.exit(1);
