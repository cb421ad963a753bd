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

const src = import.meta.dirname;

/** Every class of core's non-test sources, with its file. */
const CLASSES = readdirSync(src, { recursive: true, encoding: 'utf8' })
  .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'))
  .flatMap((file) =>
    [
      ...readFileSync(join(src, file), 'utf8').matchAll(
        /^export (?:abstract )?class (\w+)|^class (\w+)/gm,
      ),
    ].map((match) => [match[1] ?? match[2], file] as const),
  );

/** What is left of a bundle that imports `file` and uses nothing of it. */
async function bundleOfUnused(file: string): Promise<string> {
  const result = await build({
    stdin: { contents: `import ${JSON.stringify(`./${file}`)};`, resolveDir: src, loader: 'ts' },
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'neutral',
    ignoreAnnotations: true,
    logLevel: 'silent',
  });
  return result.outputFiles[0]?.text ?? '';
}

describe('an unused class of core leaves nothing in a bundle', () => {
  it('finds the classes', () => {
    expect(CLASSES).toContainEqual(['BaseAdapter', join('adapter-kit', 'base-adapter.ts')]);
    expect(CLASSES).toContainEqual(['DualAuthError', join('errors', 'dual-auth-error.ts')]);
  });

  it.each(CLASSES)('%s (%s)', { timeout: 30_000 }, async (name, file) => {
    const left = await bundleOfUnused(file);
    expect(left).not.toMatch(new RegExp(`\\b${name}\\s*=\\s*class\\b|\\bclass ${name}\\b`));
  });
});
