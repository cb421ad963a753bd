import { readdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';
import { packageProjects } from './tools/vitest-shared.ts';

const root = import.meta.dirname;
const dirs = ['packages', 'examples'].flatMap((group) =>
  readdirSync(join(root, group), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => join(root, group, entry.name)),
);

/** Every package's projects at once (`pnpm test:unit`); CI runs them per package through turbo. */
export default defineConfig({
  test: {
    // Vitest's default is one worker fewer than the cores: a single one on CI's 2 cores. Most files
    // wait on loopback I/O (TLS to the local IdP, redis-server, Chromium), so two overlap well.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    projects: [
      ...dirs.flatMap(packageProjects),
      // The repository's own tools (the bench rot guard); packages are not built for them either.
      { test: { name: 'tools', root, include: ['tools/**/*.test.ts'], testTimeout: 180_000 } },
    ],
  },
});
