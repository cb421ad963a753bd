import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';

// The package must run unchanged on edge runtimes (workers, Deno, Bun). Bundling the entry for
// esbuild's "neutral" platform, with its dependencies (@dual-auth/core) inlined, shows what
// would actually ship to such a runtime; turbo's test task does not build first, so the test
// bundles the sources itself.
let code = '';
let inputs: string[] = [];

beforeAll(async () => {
  const result = await build({
    entryPoints: [fileURLToPath(new URL('../src/index.ts', import.meta.url))],
    // Metafile paths are relative to this directory, wherever vitest was started from.
    absWorkingDir: fileURLToPath(new URL('..', import.meta.url)),
    bundle: true,
    write: false,
    metafile: true,
    format: 'esm',
    platform: 'neutral',
    conditions: ['@dual-auth/source', 'import', 'default'],
    mainFields: ['module', 'main'],
    // Kept external so that an import of one stays visible in the output instead of failing.
    external: ['node:*'],
    logLevel: 'silent',
  });
  code = result.outputFiles?.[0]?.text ?? '';
  inputs = Object.keys(result.metafile?.inputs ?? {});
});

describe('edge bundle of @dual-auth/client', () => {
  it('contains the client and core, and no ky: it sends with fetch itself', () => {
    expect(inputs).toContain('src/api-call.ts');
    expect(inputs.some((path) => /[/\\]ky[/\\]/.test(path))).toBe(false);
    expect(inputs.some((path) => path.includes('core/src/'))).toBe(true);
    expect(code).toContain('X-Act-Assertion');
  });

  it('imports no Node built-in', () => {
    expect(code).not.toMatch(/\bfrom\s*["']node:/);
    expect(code).not.toMatch(/\bimport\s*\(\s*["']node:/);
    expect(code).not.toMatch(/\brequire\s*\(/);
  });

  // A method of the same name (`process(view, offset) {` in @noble/hashes' SHA-256) is no global.
  it('references no Node global', () => {
    for (const global of ['process', 'Buffer', '__dirname', '__filename', 'setImmediate']) {
      expect(code, global).not.toMatch(
        new RegExp(`(?<![.\\w$])${global}\\b(?!\\s*\\([^()]*\\)\\s*\\{)`),
      );
    }
  });
});
