import { readdirSync } from 'node:fs';
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
    projects: [
      ...dirs.flatMap(packageProjects),
      // The repository's own tools (the bench rot guard); packages are not built for them either.
      { test: { name: 'tools', root, include: ['tools/**/*.test.ts'], testTimeout: 180_000 } },
    ],
  },
});
