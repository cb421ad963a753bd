// biome-ignore-all lint/suspicious/noConsole: a drill script reports on stdout
// biome-ignore-all lint/style/noNonNullAssertion: a drill script fails loudly on a missing value
// biome-ignore-all lint/suspicious/noUndeclaredEnvVars: drill settings come from the environment
// Journey 11: runs an entry like tools/run-source.mjs, but as a mixed install would: every import
// of a package named in OLD_PKGS (default `core`; outside the test kit, @dual-auth/testing)
// resolves to its OLDER sources under OLD_ROOT (default /tmp/j11old, made with
// `git archive 2a35a22 packages/<pkg> | tar -x -C /tmp/j11old`, the 0.1.0 release, plus
// node_modules/@dual-auth/<pkg> symlinks), the way pnpm resolves a peer to the one copy of the
// project when the peer range is not enforced; every other package is today's.
import { readFileSync } from 'node:fs';
import { registerHooks } from 'node:module';
import { resolve as resolvePath } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { transformSync } from 'esbuild';

const entry = process.argv[2];
const oldRoot = process.env.OLD_ROOT ?? '/tmp/j11old';
const oldPkgs = (process.env.OLD_PKGS ?? 'core').split(',');
const oldParent = pathToFileURL(`${oldRoot}/entry.js`).href;
const SOURCE = '@dual-auth/source';
registerHooks({
  resolve(specifier, context, nextResolve) {
    const conditions = specifier.startsWith('@dual-auth/')
      ? [...context.conditions, SOURCE]
      : context.conditions;
    const isOld = oldPkgs.some(
      (p) => specifier === `@dual-auth/${p}` || specifier.startsWith(`@dual-auth/${p}/`),
    );
    const fromTestKit = context.parentURL?.includes('/packages/testing/');
    if (isOld && !fromTestKit) {
      return nextResolve(specifier, { ...context, parentURL: oldParent, conditions });
    }
    if (
      specifier.startsWith('@dual-auth/') &&
      context.parentURL?.startsWith(pathToFileURL(oldRoot).href)
    ) {
      // an old package importing one that stays new: today's copy (in the scratch node_modules)
      const here = pathToFileURL(resolvePath('scratch/journey11/entry.js')).href;
      return nextResolve(specifier, { ...context, parentURL: here, conditions });
    }
    try {
      return nextResolve(specifier, { ...context, conditions });
    } catch (error) {
      const fromTs = context.parentURL?.endsWith('.ts') && /^\.\.?\/.*\.js$/.test(specifier);
      if (!fromTs) throw error;
      return nextResolve(specifier.replace(/\.js$/, '.ts'), { ...context, conditions });
    }
  },
  load(url, context, nextLoad) {
    if (!url.startsWith('file:') || !url.endsWith('.ts')) return nextLoad(url, context);
    const path = fileURLToPath(url);
    const { code } = transformSync(readFileSync(path, 'utf8'), {
      loader: 'ts',
      format: 'esm',
      target: 'node22',
      sourcefile: path,
      sourcemap: 'inline',
    });
    return { format: 'module', source: code, shortCircuit: true };
  },
});
process.setSourceMapsEnabled(true);
process.argv.splice(2, 1);
await import(pathToFileURL(resolvePath(entry)).href);
