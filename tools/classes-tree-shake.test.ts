// The published dist joins each entry's modules into a few files (tsup), so a consumer's bundler
// drops an unused class statement by statement, not with its whole module. esbuild keeps a class
// that has a computed member (`[INSPECT]()`, `readonly [SYMBOL] = true`) whether it is used or not
// (evanw/esbuild#3189), and with it everything its methods call: importing `validateAct` alone
// shipped BaseAdapter and the token-request code. `ignoreAnnotations` makes esbuild read the
// sources that way (it ignores the `sideEffects: false` that drops whole unused modules).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

const packages = join(import.meta.dirname, '..', 'packages');

/** Every class of the packages' non-test sources, with its file (from `packages/`). */
const CLASSES = readdirSync(packages)
  .flatMap((dir) =>
    readdirSync(join(packages, dir, 'src'), { recursive: true, encoding: 'utf8' }).map((file) =>
      join(dir, 'src', file),
    ),
  )
  .filter((file) => file.endsWith('.ts') && !/\.(test|bench|d)\.ts$/.test(file))
  .flatMap((file) =>
    [
      ...readFileSync(join(packages, file), 'utf8').matchAll(
        /^export (?:abstract )?class (\w+)|^class (\w+)/gm,
      ),
    ].map((match) => [match[1] ?? match[2], file] as const),
  );

/** What is left of a bundle that imports `file` and uses nothing of it. */
async function bundleOfUnused(file: string): Promise<string> {
  const result = await build({
    stdin: {
      contents: `import ${JSON.stringify(`./${file}`)};`,
      resolveDir: packages,
      loader: 'ts',
    },
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'neutral',
    // Only the file's own statements are judged: its imports are other files' business.
    packages: 'external',
    ignoreAnnotations: true,
    logLevel: 'silent',
  });
  return result.outputFiles[0]?.text ?? '';
}

describe('an unused class leaves nothing in a bundle', () => {
  it('finds the classes', () => {
    expect(CLASSES).toContainEqual(['BaseAdapter', 'core/src/adapter-kit/base-adapter.ts']);
    expect(CLASSES).toContainEqual(['DualAuthError', 'core/src/errors/dual-auth-error.ts']);
  });

  it.each(CLASSES)('%s (%s)', { timeout: 30_000 }, async (name, file) => {
    const left = await bundleOfUnused(file);
    expect(left).not.toMatch(new RegExp(`\\b${name}\\s*=\\s*class\\b|\\bclass ${name}\\b`));
  });
});
