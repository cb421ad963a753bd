// What a size-limit check's bundle loads at once when the consumer's bundler splits at dynamic
// `import()`. `size-limit`'s esbuild build (`.size-limit.mjs`) does not split: esbuild then
// inlines a dynamically imported module into the one output file (behind a lazy-initialisation
// wrapper), so the budget counts it as if it were imported statically. This script builds the
// same entry as the check with code splitting on and prints, min+gzip (level 9, each file on its
// own, as size-limit sums them):
//
//   initial  the entry chunk and every chunk it imports statically (what loads first)
//   lazy     each chunk reached only through a dynamic `import()`, and the modules in it
//
//   node tools/bundle-initial-chunk.mjs quick-start                       esbuild, splitting: true
//   node tools/bundle-initial-chunk.mjs quick-start --bundler rolldown    Rolldown (Vite 8's bundler)
//   node tools/bundle-initial-chunk.mjs quick-start --refuse 'adapter-kit/import-key\.ts'
//
// The two bundlers chunk differently: esbuild places a module by the static imports that reach
// it, before tree shaking, so a module that a package's index re-exports stays in the initial
// chunk even when only a dynamic `import()` uses it; Rolldown places it by what is used. Rolldown
// is the one vitest's own Vite brings (no dependency of its own). `--refuse REGEX` (repeatable)
// exits 1 when a module whose path matches is in the initial chunks.
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { budgetEntry } from './budget-entry.mjs';

const args = process.argv.slice(2);
const name = args.shift();
const refused = [];
let bundler = 'esbuild';
while (args.length > 0) {
  const flag = args.shift();
  if (flag === '--refuse') refused.push(new RegExp(args.shift()));
  else if (flag === '--bundler') bundler = args.shift();
  else throw new Error(`unknown option ${flag}: give --refuse REGEX or --bundler esbuild|rolldown`);
}
if (bundler !== 'esbuild' && bundler !== 'rolldown') {
  throw new Error(`--bundler ${bundler}: give esbuild or rolldown`);
}
const { check, options, entry } = budgetEntry(name);
const root = new URL('..', import.meta.url).pathname;
const shortPath = (path) =>
  path.replace(/^.*node_modules\/\.pnpm\/([^/]+)\/.*$/, '$1').replace(root, '');

/** Every output chunk: its text, the chunks it imports statically, whether it is the entry. */
async function esbuildChunks() {
  const result = await build({
    ...options,
    stdin: { contents: entry, resolveDir: root, loader: 'js', sourcefile: 'entry.js' },
    bundle: true,
    splitting: true,
    format: 'esm',
    outdir: 'out',
    write: false,
    metafile: true,
    minify: true,
    treeShaking: true,
    logLevel: 'error',
  });
  const texts = new Map(
    result.outputFiles.map((file) => [file.path.slice(root.length), file.text]),
  );
  return Object.entries(result.metafile.outputs)
    .filter(([path]) => path.endsWith('.js'))
    .map(([path, output]) => ({
      path,
      text: texts.get(path),
      isEntry: output.entryPoint !== undefined,
      imports: output.imports.filter((i) => i.kind === 'import-statement').map((i) => i.path),
      modules: Object.entries(output.inputs)
        .filter(([, input]) => input.bytesInOutput > 0)
        .map(([input]) => shortPath(input)),
    }));
}

async function rolldownChunks() {
  // Vite 8's bundler, as vitest's Vite resolves it.
  const require = createRequire(import.meta.url);
  const vite = createRequire(require.resolve('vitest/package.json')).resolve('vite/package.json');
  const { rolldown } = await import(createRequire(vite).resolve('rolldown'));
  const dir = join(root, 'node_modules', '.cache', 'bundle-initial-chunk');
  mkdirSync(dir, { recursive: true });
  const input = join(dir, 'entry.js');
  writeFileSync(input, `${entry}\n`);
  const bundle = await rolldown({
    input,
    platform: 'browser',
    resolve: { conditionNames: [...options.conditions, 'browser', 'import', 'default'] },
    logLevel: 'silent',
  });
  const { output } = await bundle.generate({ format: 'esm', minify: true });
  return output
    .filter((chunk) => chunk.type === 'chunk')
    .map((chunk) => ({
      path: chunk.fileName,
      text: chunk.code,
      isEntry: chunk.isEntry,
      imports: chunk.imports,
      modules: Object.entries(chunk.modules)
        .filter(([, module]) => module.renderedLength > 0)
        .map(([path]) => shortPath(path)),
    }));
}

const chunks = bundler === 'esbuild' ? await esbuildChunks() : await rolldownChunks();
const byPath = new Map(chunks.map((chunk) => [chunk.path, chunk]));
const gzipped = (chunk) => gzipSync(chunk.text, { level: 9 }).length;
const initial = new Set();
const visit = (chunk) => {
  if (initial.has(chunk)) return;
  initial.add(chunk);
  for (const path of chunk.imports) visit(byPath.get(path));
};
visit(chunks.find((chunk) => chunk.isEntry));
const sum = (list) => list.reduce((total, chunk) => total + gzipped(chunk), 0);

console.log(`${check.name} (${bundler}, code splitting)`);
console.log(`  initial: ${sum([...initial])} B min+gzip in ${initial.size} file(s)`);
for (const chunk of chunks.filter((c) => !initial.has(c))) {
  console.log(`  lazy:    ${gzipped(chunk)} B min+gzip, ${chunk.modules.join(', ') || '(empty)'}`);
}
console.log(`  all files together: ${sum(chunks)} B min+gzip`);

const found = [...initial]
  .flatMap((chunk) => chunk.modules)
  .filter((path) => refused.some((pattern) => pattern.test(path)));
for (const path of found) console.error(`  refused in the initial chunks: ${path}`);
if (found.length > 0) process.exit(1);
