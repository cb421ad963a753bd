// Runs a TypeScript entry point of an example or a bench against the workspace packages' sources:
// Node module hooks resolve `@dual-auth/*` through the `@dual-auth/source` export condition and
// compile each TypeScript file with esbuild as it is loaded. So a plugin found at run time (the
// demo discovers adapter packages) loads like any other module, and no package build has to run
// first. Third-party packages load as Node would load them.

import { readFileSync } from 'node:fs';
import { registerHooks } from 'node:module';
import { resolve as resolvePath } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { transformSync } from 'esbuild';

const entry = process.argv[2];
if (!entry) {
  console.error('usage: node tools/run-source.mjs <entry.ts> [args…]');
  process.exit(2);
}

const SOURCE_CONDITION = '@dual-auth/source';

registerHooks({
  resolve(specifier, context, nextResolve) {
    const conditions = specifier.startsWith('@dual-auth/')
      ? [...context.conditions, SOURCE_CONDITION]
      : context.conditions;
    try {
      return nextResolve(specifier, { ...context, conditions });
    } catch (error) {
      // Sources import each other as `./x.js`, the file being `./x.ts`.
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
