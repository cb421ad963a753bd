// The published dist joins each entry's modules into a few files (tsup), so a consumer's bundler
// drops an unused statement one by one, not with its whole module (`sideEffects: false` names
// files, not statements). esbuild keeps a module-level `const X = Object.freeze({ … })` whether X
// is used or not, as it keeps any call it cannot prove pure: HybridSender alone, bundled from the
// dist for a page, shipped OAUTH_ERROR_ADVICE, ADAPTER_DEFAULTS and DEFAULT_RETRY_POLICY of the
// token-request code. `/* @__PURE__ */` before such a call lets it go (esbuild keeps the comment
// in the dist). This bundles each source file unused, its own statements kept as a dist chunk
// keeps them, and finds no `Object.freeze` left.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

const packages = join(import.meta.dirname, '..', 'packages');
const WEB_PACKAGES = ['core', 'session', 'client', 'resource', 'mcp'];

/** Every non-test source file of the web-standard packages with a module-level frozen constant. */
const FILES = WEB_PACKAGES.flatMap((dir) =>
  readdirSync(join(packages, dir, 'src'), { recursive: true, encoding: 'utf8' }).map((file) =>
    join(dir, 'src', file),
  ),
)
  .filter((file) => file.endsWith('.ts') && !/\.(test|bench|d)\.ts$/.test(file))
  .filter((file) =>
    /^(?:export )?const \w+[^=\n]*=\s*(?:\/\* @__PURE__ \*\/\s*)?Object\.freeze\(/m.test(
      readFileSync(join(packages, file), 'utf8'),
    ),
  );

/** What is left of a bundle that imports `file`, its statements judged one by one, unused. */
async function bundleOfUnused(file: string): Promise<string> {
  const entry = join(packages, file);
  const result = await build({
    stdin: { contents: `import ${JSON.stringify(entry)};`, resolveDir: packages, loader: 'ts' },
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'neutral',
    packages: 'external',
    logLevel: 'silent',
    plugins: [
      {
        name: 'statements-of-a-chunk',
        setup(plugin) {
          // The file as a dist chunk holds it: its module is kept, each statement judged.
          plugin.onResolve({ filter: /^\// }, (args) =>
            args.path === entry ? { path: entry, sideEffects: true } : undefined,
          );
        },
      },
    ],
  });
  return result.outputFiles[0]?.text ?? '';
}

describe('an unused module-level frozen constant leaves nothing in a bundle', () => {
  it('finds the files', () => {
    expect(FILES).toContain(join('core', 'src', 'adapter-kit', 'oauth-error-advice.ts'));
  });

  it.each(FILES)('%s', { timeout: 30_000 }, async (file) => {
    expect(await bundleOfUnused(file)).not.toContain('Object.freeze(');
  });
});
