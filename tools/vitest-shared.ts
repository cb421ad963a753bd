import { basename } from 'node:path';
import type { UserWorkspaceConfig } from 'vitest/config';

/**
 * Workspace packages resolve to their TypeScript sources in tests, so no build is needed first.
 * Vitest hands these to Node as `--conditions` for external dependencies too, so `import` and
 * `module` stay out: with them, `require()` inside CommonJS dependencies loads ESM builds
 * (express, node-vault) and the AWS SDK loads its bundler-only build. Node and Vite add
 * `import`/`require` by themselves.
 */
export const sourceConditions = ['@dual-auth/source', 'node', 'default'];

/** The settings every package's vitest project shares. */
export function sharedProject(dir: string): UserWorkspaceConfig {
  return {
    resolve: { conditions: sourceConditions },
    ssr: { resolve: { conditions: sourceConditions, externalConditions: sourceConditions } },
    test: {
      name: basename(dir),
      root: dir,
      include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
      testTimeout: 20_000,
      hookTimeout: 30_000,
      restoreMocks: true,
      unstubEnvs: true,
    },
  };
}
