import { basename, join } from 'node:path';
import type { TestProjectInlineConfiguration } from 'vitest/config';

/**
 * Workspace packages resolve to their TypeScript sources in tests, so no build is needed first.
 * Vitest hands these to Node as `--conditions` for external dependencies too, so `import` and
 * `module` stay out: with them, `require()` inside CommonJS dependencies loads ESM builds
 * (express, node-vault) and the AWS SDK loads its bundler-only build. Node and Vite add
 * `import`/`require` by themselves.
 */
export const sourceConditions = ['@dual-auth/source', 'node', 'default'];

/** Packages that must run on edge runtimes: their unit tests run a second time there. */
const WEB_PACKAGES = new Set([
  'core',
  'adapter-keycloak',
  'adapter-auth0',
  'adapter-okta',
  'adapter-entraid',
  'adapter-oauth',
  'session',
  'client',
  'resource',
  'mcp',
]);

/**
 * Packages whose test files share one module graph per worker (`isolate: false`, on Node and on
 * the edge runtime): their files evaluate the same heavy modules, which isolation re-evaluated for
 * each of hundreds of files. Their tests leave no state behind them (globals, env and mocks are
 * restored, module state is reset in `beforeEach`). A package that uses `vi.mock` keeps isolation:
 * a module cached by an earlier file would not see the mock, and a test asserting that a mocked
 * function was not called would pass without checking anything (adapter-oauth, testing), unless
 * the file resets the registry and imports what it tests again after its mock (session's
 * single-flight-token-cache-telemetry test).
 * Files share a worker only while the default sequencer keeps a project's files together
 * (`--sequence.shuffle` interleaves projects, which gives each file a fresh worker again).
 */
const SHARED_MODULES = new Set([
  'core',
  'resource',
  'mcp',
  'client',
  'adapter-auth0',
  'adapter-entraid',
  'adapter-keycloak',
  'adapter-okta',
  // These passed in any file order in one worker (`--project <name> --sequence.shuffle.files`,
  // seeds 1–3, `--no-file-parallelism`; cli also with its tests shuffled); sharing cut their tests'
  // CPU time: cli ~38 s to ~25 s, secrets-aws ~22 s to ~13 s, secrets-vault ~21 s to ~14 s,
  // secrets-azure ~14 s to ~9.5 s, secrets-gcp ~12 s to ~9 s.
  // session (its one vi.mock file re-imports the cache after vi.resetModules; shuffle.files seeds
  // 1–3 in one worker, Node and edge): CPU ~50 s to ~24 s on Node, ~48 s to ~17 s on the edge.
  'cli',
  'secrets-aws',
  'secrets-azure',
  'secrets-gcp',
  'secrets-vault',
  'session',
]);

function project(dir: string, edge: boolean): TestProjectInlineConfiguration {
  const name = basename(dir);
  return {
    resolve: { conditions: sourceConditions },
    ssr: { resolve: { conditions: sourceConditions, externalConditions: sourceConditions } },
    test: {
      name: edge ? `${name} (edge)` : name,
      root: dir,
      // On the edge runtime: the unit tests of the web-standard code only; integration tests
      // start Node servers and `/node` subpaths are Node-only by definition. A `.node.test.ts`
      // tests a Node fast path (through `nodeBuiltin`): the edge project still reaches Node's
      // built-ins (its `navigator.userAgent` is Node's), so there it ran the same code again.
      include: edge ? ['src/**/*.test.ts'] : ['src/**/*.test.ts', 'test/**/*.test.ts'],
      exclude: edge
        ? ['**/*.int.test.ts', '**/*.node.test.ts', 'src/node/**', '**/node_modules/**']
        : ['**/node_modules/**'],
      ...(edge ? { environment: 'edge-runtime' } : {}),
      // Worker threads start faster than child processes (a fresh one per test file where files
      // are isolated). core's plugin-search-path test changes the working directory, which only a
      // process can: core's tests keep the forks pool (one reused process per worker, as its
      // files share modules).
      pool: name === 'core' ? 'forks' : 'threads',
      isolate: !SHARED_MODULES.has(name),
      ...(SHARED_MODULES.has(name)
        ? { setupFiles: [join(import.meta.dirname, 'vitest-restore-after-each.ts')] }
        : {}),
      // Generous: under heavy CPU contention (load ~20 on 2 cores) real TLS round trips to the
      // local IdP and the store emulators take seconds each. A test that timed out leaves its I/O
      // running into the next test, whose counts then go wrong too. No test relies on these
      // limits for its result: waits inside tests run on injected clocks and sleeps.
      testTimeout: 180_000,
      hookTimeout: 180_000,
      restoreMocks: true,
      unstubEnvs: true,
    },
  };
}

/**
 * The vitest projects of one package: its tests on Node, and for web-standard packages its unit
 * tests again under the edge runtime (`@edge-runtime/vm`: Web APIs only, as on Vercel/Cloudflare).
 */
export function packageProjects(dir: string): TestProjectInlineConfiguration[] {
  return WEB_PACKAGES.has(basename(dir))
    ? [project(dir, false), project(dir, true)]
    : [project(dir, false)];
}
