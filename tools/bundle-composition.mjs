// What a size-limit check's bundle is made of (issue 18 item 5): the minified bytes of each
// package and source file after tree shaking, from esbuild's metafile, and what leaving some
// modules out would save in min+gzip. It builds exactly as `.size-limit.mjs` does.
//
//   node tools/bundle-composition.mjs quick-start            per package, then the 40 largest files
//   node tools/bundle-composition.mjs consumer --files 100   per package, then the 100 largest files
//   node tools/bundle-composition.mjs quick-start --without 'adapter-kit/(pem|der)\.ts' --without structured-headers
//
// The check is chosen by the start of its name in `.size-limit.mjs`. `--without REGEX` (repeatable)
// cuts the modules whose path matches from the bundle and minifies the rest again: an estimate of
// the min+gzip saving if no code reached them (the bundle then no longer runs).
import { gzipSync } from 'node:zlib';
import { build, transform } from 'esbuild';
import { budgetEntry } from './budget-entry.mjs';

const args = process.argv.slice(2);
const name = args.shift();
const without = [];
let files = 40;
while (args.length > 0) {
  const flag = args.shift();
  if (flag === '--without') without.push(new RegExp(args.shift()));
  else if (flag === '--files') files = Number(args.shift());
  else throw new Error(`unknown option ${flag}: give --without REGEX or --files N`);
}
const { check, options, entry } = budgetEntry(name);

const root = new URL('..', import.meta.url).pathname;
const shortPath = (path) =>
  path
    .replace(/^.*node_modules\/\.pnpm\/([^/]+)\/.*$/, 'dependency $1')
    .replace(root, '')
    .replace(/^packages\//, '');
const groupOf = (path) => {
  const short = shortPath(path);
  if (short.startsWith('dependency ')) return short;
  const [pkg] = short.split('/src/');
  return short.includes('/src/adapter-kit/') ? `${pkg}/adapter-kit` : pkg;
};

async function bundle(minifyWhitespace) {
  const result = await build({
    ...options,
    stdin: { contents: entry, resolveDir: root, loader: 'js' },
    bundle: true,
    write: false,
    metafile: true,
    minifySyntax: true,
    minifyIdentifiers: true,
    minifyWhitespace,
    // Inputs are named in the unminified output's `// path` lines, which --without cuts by.
    outfile: 'composition.js',
    ignoreAnnotations: false,
    logLevel: 'error',
  });
  return { text: result.outputFiles[0].text, metafile: result.metafile };
}

const gzipped = (text) => gzipSync(text, { level: 9 }).length;
const minified = await bundle(true);
const inputs = Object.entries(Object.values(minified.metafile.outputs)[0].inputs).filter(
  ([, input]) => input.bytesInOutput > 0,
);
const groups = new Map();
for (const [path, input] of inputs) {
  groups.set(groupOf(path), (groups.get(groupOf(path)) ?? 0) + input.bytesInOutput);
}
console.log(`${check.name}`);
console.log(`  ${minified.text.length} B minified, ${gzipped(minified.text)} B min+gzip (level 9)`);
console.log('\n  minified bytes by package:');
for (const [group, bytes] of [...groups].sort((a, b) => b[1] - a[1])) {
  console.log(`  ${String(bytes).padStart(8)}  ${group}`);
}
console.log(`\n  the ${files} largest modules (minified bytes):`);
for (const [path, input] of inputs
  .sort((a, b) => b[1].bytesInOutput - a[1].bytesInOutput)
  .slice(0, files)) {
  console.log(`  ${String(input.bytesInOutput).padStart(8)}  ${shortPath(path)}`);
}

if (without.length > 0) {
  const { text } = await bundle(false);
  // Each module's code starts with its `// path` line; the final export list is dropped so that
  // names of cut modules leave no dangling export.
  const parts = text
    .replace(/^export \{[^}]*\};?\s*$/m, '')
    .split(/^(?=\/\/ (?:packages|node_modules)\/)/m);
  const min = async (code) => (await transform(code, { minify: true, format: 'esm' })).code;
  const whole = gzipped(await min(parts.join('')));
  console.log('\n  min+gzip saved if no code reached the modules matching:');
  for (const pattern of without) {
    const kept = parts.filter((part) => !pattern.test(part.slice(0, part.indexOf('\n'))));
    const saved = whole - gzipped(await min(kept.join('')));
    console.log(
      `  ${String(saved).padStart(8)}  /${pattern.source}/ (${parts.length - kept.length} modules)`,
    );
  }
}
