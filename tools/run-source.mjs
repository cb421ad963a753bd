// Runs a TypeScript entry point of an example against the workspace packages' sources: esbuild
// bundles the entry and every `@dual-auth/*` import (resolved through the `@dual-auth/source`
// export condition) in well under a second, leaving third-party packages to node_modules.
// This keeps `pnpm demo` fast on a fresh clone: no package build has to run first.

import { mkdirSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const entry = process.argv[2];
if (!entry) {
  console.error('usage: node tools/run-source.mjs <entry.ts> [args…]');
  process.exit(2);
}

const outdir = join(process.cwd(), 'node_modules', '.cache', 'dual-auth-run');
mkdirSync(outdir, { recursive: true });
const outfile = join(outdir, 'entry.mjs');

// Third-party packages stay external but are pinned to the file each workspace package resolves
// them to, since pnpm's strict layout makes them reachable only from the package that depends on them.
const thirdPartyExternal = {
  name: 'third-party-external',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, async (args) => {
      if (args.path.startsWith('@dual-auth/') || args.pluginData === 'inner') return undefined;
      if (args.path.startsWith('node:')) return { path: args.path, external: true };
      const found = await b.resolve(args.path, {
        kind: args.kind,
        resolveDir: args.resolveDir,
        importer: args.importer,
        pluginData: 'inner',
      });
      if (found.errors.length > 0) return { errors: found.errors };
      return { path: pathToFileURL(found.path).href, external: true };
    });
  },
};

await build({
  entryPoints: [resolve(entry)],
  outfile,
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node22',
  conditions: ['@dual-auth/source'],
  // Builtins that packages import without the node: prefix.
  external: builtinModules,
  sourcemap: 'inline',
  plugins: [thirdPartyExternal],
  logLevel: 'warning',
});

process.setSourceMapsEnabled(true);
process.argv.splice(2, 1);
await import(pathToFileURL(outfile).href);
