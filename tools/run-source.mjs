// Runs a TypeScript entry point of an example or a bench against the workspace packages' sources:
// Node module hooks resolve `@dual-auth/*` through the `@dual-auth/source` export condition and
// compile each TypeScript file with esbuild as it is loaded. So a plugin found at run time (the
// demo discovers adapter packages) loads like any other module, and no package build has to run
// first. Third-party packages load as Node would load them. The compiled files are kept under
// node_modules/.cache/run-source (delete it at will: it fills again as files are loaded).

import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire, registerHooks } from 'node:module';
import { join, resolve as resolvePath } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const entry = process.argv[2];
if (!entry) {
  console.error('usage: node tools/run-source.mjs <entry.ts> [args…]');
  process.exit(2);
}

const SOURCE_CONDITION = '@dual-auth/source';

// The test command starts this ~100 times (the local IdP, the CLI, the benches, the README
// blocks): compiling every file again in each, esbuild's service started each time, took about a
// third of a start-up. The output is kept under node_modules/.cache, keyed by esbuild's version,
// the options (the file's path among them) and the file's text; esbuild loads on the first miss.
const require = createRequire(import.meta.url);
const esbuildVersion = require('esbuild/package.json').version;
const CACHE_DIR = join(import.meta.dirname, '..', 'node_modules', '.cache', 'run-source');
let transformSync;

/** `source` (the text of the TypeScript file at `path`) as JavaScript, from the cache if there. */
function compile(path, source) {
  const options = {
    loader: 'ts',
    format: 'esm',
    target: 'node22',
    sourcefile: path,
    sourcemap: 'inline',
  };
  const key = createHash('sha256')
    .update(`${esbuildVersion}\0${JSON.stringify(options)}\0${source}`)
    .digest('hex');
  const file = join(CACHE_DIR, `${key}.js`);
  try {
    return readFileSync(file, 'utf8');
  } catch {
    // Not compiled yet (or the cache is gone): compile, then keep it.
  }
  transformSync ??= require('esbuild').transformSync;
  const { code } = transformSync(source, options);
  try {
    mkdirSync(CACHE_DIR, { recursive: true });
    // Written aside, then renamed: a process reading the same file at once sees all or nothing.
    const partial = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.partial`;
    writeFileSync(partial, code);
    renameSync(partial, file);
  } catch {
    // A read-only checkout: compile every time, as before.
  }
  return code;
}

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
    return {
      format: 'module',
      source: compile(path, readFileSync(path, 'utf8')),
      shortCircuit: true,
    };
  },
});

process.setSourceMapsEnabled(true);
process.argv.splice(2, 1);
await import(pathToFileURL(resolvePath(entry)).href);
