// Runs a TypeScript entry point of an example against the workspace packages' sources: esbuild
// bundles the entry and every `@dual-auth/*` import (resolved through the `@dual-auth/source`
// export condition) in well under a second, leaving third-party packages to node_modules.
// This keeps `pnpm demo` fast on a fresh clone: no package build has to run first.
import { mkdirSync } from 'node:fs';
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

const thirdPartyExternal = {
  name: 'third-party-external',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) =>
      args.path.startsWith('@dual-auth/') ? undefined : { path: args.path, external: true },
    );
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
  sourcemap: 'inline',
  plugins: [thirdPartyExternal],
  logLevel: 'warning',
});

process.setSourceMapsEnabled(true);
process.argv.splice(2, 1);
await import(pathToFileURL(outfile).href);
