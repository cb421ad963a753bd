// biome-ignore-all lint/suspicious/noConsole: a drill script reports on stdout
// biome-ignore-all lint/style/noNonNullAssertion: a drill script fails loudly on a missing value
// biome-ignore-all lint/suspicious/noUndeclaredEnvVars: drill settings come from the environment
// Journey 11: runs an entry like tools/run-source.mjs, but as a mixed install would: every import
// of a package named in OLD_PKGS (default `core`; outside the test kit, @dual-auth/testing)
// resolves to its OLDER sources under OLD_ROOT (default /tmp/j11old, made with
// `git archive 2a35a22 packages/<pkg> | tar -x -C /tmp/j11old`, the 0.1.0 release, plus
// node_modules/@dual-auth/<pkg> symlinks), the way pnpm resolves a peer to the one copy of the
// project when the peer range is not enforced; every other package is today's.
import { registerHooks } from 'node:module';
import { resolve as resolvePath } from 'node:path';
import { pathToFileURL } from 'node:url';

const oldRoot = process.env.OLD_ROOT ?? '/tmp/j11old';
const oldPkgs = (process.env.OLD_PKGS ?? 'core').split(',');
const oldParent = pathToFileURL(`${oldRoot}/entry.js`).href;
const today = pathToFileURL(resolvePath('scratch/journey11/entry.js')).href;
// Registered before tools/run-source.mjs's hooks, so it runs after them: they add the source
// condition, this one only picks the copy (old or today's) a specifier resolves from.
registerHooks({
  resolve(specifier, context, nextResolve) {
    if (!specifier.startsWith('@dual-auth/') || context.parentURL?.includes('/packages/testing/')) {
      return nextResolve(specifier, context);
    }
    const isOld = oldPkgs.some(
      (p) => specifier === `@dual-auth/${p}` || specifier.startsWith(`@dual-auth/${p}/`),
    );
    if (isOld) return nextResolve(specifier, { ...context, parentURL: oldParent });
    if (context.parentURL?.startsWith(pathToFileURL(oldRoot).href)) {
      // an old package importing one that stays new: today's copy (in the scratch node_modules)
      return nextResolve(specifier, { ...context, parentURL: today });
    }
    return nextResolve(specifier, context);
  },
});
await import('../../tools/run-source.mjs');
