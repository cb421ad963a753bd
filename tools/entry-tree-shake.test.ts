// A consumer's bundler keeps a module-level statement of the published dist unless it can prove
// it pure: the dist joins each entry's modules into a few files (tsup), so an app that imports
// one export also got every other module's `Object.freeze(…)`, `new RegExp(String.raw…)`,
// `new TextEncoder()`, `Symbol.for(MARKER)`, `{ ...OPTIONS }` or `64 * 1024` in that file and in
// the files it imports: 5.4 KB minified of @dual-auth/core's and 13 KB with @dual-auth/resource's
// in every bundle, whatever it used. Such constants are plain literals or built in
// `/* @__PURE__ */` calls. Each public entry below, imported and left unused, leaves no code.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

const packages = join(import.meta.dirname, '..', 'packages');

/** Every public entry (its specifier and source file) of the packages a web app bundles. */
const ENTRIES = ['core', 'session', 'client', 'resource', 'mcp'].flatMap((dir) => {
  const { exports } = JSON.parse(readFileSync(join(packages, dir, 'package.json'), 'utf8')) as {
    exports: Record<string, string | Record<string, string>>;
  };
  return Object.entries(exports).flatMap(([subpath, target]) =>
    typeof target === 'object' && target['@dual-auth/source']
      ? [[`@dual-auth/${dir}${subpath.slice(1)}`, join(packages, dir, target['@dual-auth/source'])]]
      : [],
  );
});

/**
 * `file` bundled as tsup builds the dist (one ES2022 module of the entry's files, other packages
 * left as imports), then imported by an app that uses nothing of it: the minified code left.
 */
async function bundleOfUnused(file: string, specifier: string): Promise<string> {
  const platform = specifier.endsWith('/node') ? 'node' : 'neutral';
  const dist = await build({
    entryPoints: [file],
    bundle: true,
    write: false,
    format: 'esm',
    platform,
    target: 'es2022',
    packages: 'external',
    conditions: ['@dual-auth/source'],
    logLevel: 'silent',
  });
  const app = await build({
    stdin: { contents: "import 'dist';", loader: 'js' },
    bundle: true,
    write: false,
    format: 'esm',
    platform,
    minify: true,
    plugins: [
      {
        name: 'dist',
        setup(build) {
          build.onResolve({ filter: /^dist$/ }, () => ({ path: 'dist', namespace: 'dist' }));
          build.onResolve({ filter: /.*/ }, ({ path }) => ({ path, external: true }));
          build.onLoad({ filter: /.*/, namespace: 'dist' }, () => ({
            contents: dist.outputFiles[0]?.text ?? '',
            loader: 'js',
          }));
        },
      },
    ],
    logLevel: 'silent',
  });
  // Imports of other packages stay (a bundler drops them with their `sideEffects: false`).
  const text = app.outputFiles[0]?.text ?? '';
  return text.replace(/import\s*(?:[\w$*\s{},]+from\s*)?"[^"]*";/g, '').trim();
}

describe('a public entry imported and left unused leaves no code', () => {
  it('finds the entries', () => {
    expect(ENTRIES.map(([specifier]) => specifier)).toEqual(
      expect.arrayContaining([
        '@dual-auth/core',
        '@dual-auth/core/adapter-kit',
        '@dual-auth/session',
        '@dual-auth/client',
        '@dual-auth/resource',
        '@dual-auth/mcp',
      ]),
    );
  });

  it.each(ENTRIES)('%s', { timeout: 30_000 }, async (specifier, file) => {
    expect(await bundleOfUnused(file, specifier)).toBe('');
  });
});
