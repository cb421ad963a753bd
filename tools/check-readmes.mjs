// Keeps the READMEs true: every ```ts and ```js block of the root README, of each package's
// READMEs and of the guides in `docs/` (run as modules of the demo) is typechecked against the workspace sources (as a module of the package whose README it
// is, so it sees that package's dependencies); a block whose info string says `run` is then run
// (`node tools/run-source.mjs`, no build needed; examples start the local IdP of
// `@dual-auth/testing` themselves), and a ```text block marked `output` right after it must match
// what it printed (`…` stands for any text within a line). A `run` block's imports from outside
// the project must be named by an `npm install` line of its file (tools/readme-installs.mjs).
//
// Info-string words: `run` (run it); `fragment` (an excerpt that uses names the surrounding text
// introduces, such as `app` or `options`: typechecked, but names it cannot see and relative imports
// of the reader's own files are not errors); `output` (on a text block: the expected output of the
// run block above). Failures name the README, the block's line and the line inside the block.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import ts from 'typescript';
import { unnamedImports } from './readme-installs.mjs';

const root = join(import.meta.dirname, '..');
const WORK = '.readme-check';
/** What a fragment may leave to its context: unknown names, untyped parameters, its own files. */
const CONTEXT_ERRORS =
  /^error TS(2304|2552|18004|7006|2448|2454)\b|^error TS2307: Cannot find module '\./;

/** README files: the root one, the guides in `docs/`, each package's, and those in its sources. */
function readmes() {
  const docs = readdirSync(join(root, 'docs')).filter((name) => name.endsWith('.md'));
  const found = [join(root, 'README.md'), ...docs.map((name) => join(root, 'docs', name))];
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === 'node_modules' || entry.name === 'dist' || entry.name === WORK) continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name === 'README.md') found.push(path);
    }
  };
  walk(join(root, 'packages'));
  return found;
}

/** The fenced blocks of a Markdown file, with the line of their opening fence (1-based). */
export function codeBlocks(markdown) {
  const blocks = [];
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i += 1) {
    const open = /^ {0,3}```(\w+)?(.*)$/.exec(lines[i]);
    if (!open) continue;
    const indent = lines[i].length - lines[i].trimStart().length;
    const end = lines.findIndex((line, j) => j > i && /^ {0,3}```\s*$/.test(line));
    if (end === -1) break;
    blocks.push({
      lang: open[1] ?? '',
      flags: new Set(open[2].trim().split(/\s+/).filter(Boolean)),
      line: i + 1,
      code: lines
        .slice(i + 1, end)
        .map((line) => line.slice(Math.min(indent, line.length - line.trimStart().length)))
        .join('\n'),
    });
    i = end;
  }
  return blocks;
}

/**
 * The directory whose dependencies a block may import: the README's package when it has every
 * `@dual-auth/*` package the block imports, else the demo (which depends on the main ones).
 */
function hostOf(readme, code) {
  const rel = relative(root, readme).split('/');
  const demo = join(root, 'examples', 'demo');
  if (rel[0] !== 'packages') return demo;
  const dir = join(root, 'packages', rel[1]);
  const own = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).name;
  const imported = [...code.matchAll(/from '(@dual-auth\/[\w-]+)/g)].map((match) => match[1]);
  const reachable = imported.every(
    (name) => name === own || existsSync(join(dir, 'node_modules', name)),
  );
  return reachable ? dir : demo;
}

/** Whether `actual` output matches the `expected` sample (`…` matches any text in a line). */
export function outputMatches(actual, expected) {
  const pattern = expected
    .trimEnd()
    .split('\n')
    .map((line) => line.trimEnd().split('…').map(escapeRegExp).join('.*'))
    .join('\n');
  return new RegExp(`^${pattern}$`).test(actual.trimEnd().replace(/[ \t]+$/gm, ''));
}

function escapeRegExp(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** `node tools/check-readmes.mjs docs/guide.md …` checks only those files. */
const only = process.argv.slice(2).map((path) => join(root, path));

function collect() {
  const checked = [];
  const uninstalled = [];
  let fragments = 0;
  for (const readme of readmes().filter((path) => only.length === 0 || only.includes(path))) {
    const markdown = readFileSync(readme, 'utf8');
    const blocks = codeBlocks(markdown);
    blocks.forEach((block, index) => {
      if (block.lang !== 'ts' && block.lang !== 'js') return;
      if (block.flags.has('fragment')) fragments += 1;
      const missing = block.flags.has('run') ? unnamedImports(markdown, block.code) : [];
      if (missing.length > 0) {
        uninstalled.push(
          `${relative(root, readme)}:${block.line} (\`\`\`${block.lang} run block): imports ${missing.join(', ')}, which no \`npm install\` line of this file names; a reader who copies it meets ERR_MODULE_NOT_FOUND`,
        );
      }
      const next = blocks[index + 1];
      const output = next?.lang === 'text' && next.flags.has('output') ? next.code : undefined;
      const host = hostOf(readme, block.code);
      const name = `${relative(root, readme).replaceAll('/', '_').replace(/\.md$/, '')}_L${block.line}`;
      const file = join(host, WORK, `${name}.${block.lang === 'ts' ? 'ts' : 'mjs'}`);
      checked.push({ readme: relative(root, readme), ...block, host, file, output });
    });
  }
  return { checked, fragments, uninstalled };
}

function where(block, lineInBlock) {
  return `${block.readme}:${block.line + lineInBlock} (\`\`\`${block.lang} block at line ${block.line})`;
}

/**
 * Typechecks the blocks of one language in one TypeScript program; returns failure messages.
 * Only the block files are checked: the packages' sources they import are read for the types the
 * blocks use, not checked again (each package's `typecheck` does that). `tsc -p` checked every
 * source of every package the blocks reach: the two programs took 78–92 s (32 s of CPU) at load
 * 13–15 on 2 cores (2026-12-06), the blocks alone 29–53 s (18 s of CPU), with the same failures.
 */
function typecheck(blocks, lang) {
  if (blocks.length === 0) return [];
  const dir = join(root, WORK);
  mkdirSync(dir, { recursive: true });
  const config = join(dir, `tsconfig.${lang}.json`);
  writeFileSync(
    config,
    JSON.stringify({
      extends: '../tsconfig.base.json',
      compilerOptions: {
        types: ['node'],
        // The ES2022 target of the packages has no top-level await; README scripts use it.
        target: 'ES2023',
        module: 'NodeNext',
        allowJs: lang === 'js',
        checkJs: lang === 'js',
        // JavaScript readers write no annotations: their blocks are checked for the names, options
        // and shapes they use, and what they do with values that may be absent.
        ...(lang === 'js' ? { noImplicitAny: false } : {}),
        noUnusedLocals: false,
      },
      files: blocks.map((block) => relative(dir, block.file)),
    }),
  );
  const parsed = ts.getParsedCommandLineOfConfigFile(config, undefined, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
      throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
    },
  });
  const program = ts.createProgram({
    rootNames: parsed.fileNames,
    options: parsed.options,
    configFileParsingDiagnostics: parsed.errors,
  });
  const diagnostics = [
    ...program.getConfigFileParsingDiagnostics(),
    ...program.getOptionsDiagnostics(),
    ...program.getGlobalDiagnostics(),
    ...blocks.flatMap((block) => {
      const source = program.getSourceFile(block.file);
      // A block the program did not load (its path spelled otherwise) would pass unchecked.
      if (source === undefined) throw new Error(`${block.file}: not in the TypeScript program`);
      return [
        ...program.getSyntacticDiagnostics(source),
        ...program.getSemanticDiagnostics(source),
        // As `tsc` with `declaration` and `noEmit` (tsconfig.base.json) reports them.
        ...program.getDeclarationDiagnostics(source),
      ];
    }),
  ].filter((diagnostic) => diagnostic.category === ts.DiagnosticCategory.Error);
  const failures = [];
  for (const diagnostic of diagnostics) {
    const message = `error TS${diagnostic.code}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ')}`;
    if (!diagnostic.file || diagnostic.start === undefined) {
      failures.push(message);
      continue;
    }
    const { line } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
    const block = blocks.find((b) => b.file === diagnostic.file.fileName);
    if (block?.flags.has('fragment') && CONTEXT_ERRORS.test(message)) continue;
    failures.push(
      block
        ? `${where(block, line + 1)}: ${message}`
        : `${relative(root, diagnostic.file.fileName)}: ${message}`,
    );
  }
  return failures;
}

function runBlock(block) {
  try {
    const stdout = execFileSync(
      process.execPath,
      [join(root, 'tools', 'run-source.mjs'), block.file],
      { cwd: block.host, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 300_000 },
    );
    if (block.output !== undefined && !outputMatches(stdout, block.output)) {
      return [
        `${where(block, 0)}: printed\n${stdout.trimEnd()}\n  but the README's output block says\n${block.output}`,
      ];
    }
    return [];
  } catch (error) {
    return [
      `${where(block, 0)}: failed when run:\n${String(error.stderr || error.message)
        .split('\n')
        .slice(0, 12)
        .join('\n')}`,
    ];
  }
}

const { checked, fragments, uninstalled } = collect();
const hosts = new Set(checked.map((block) => join(block.host, WORK)));
try {
  for (const block of checked) {
    mkdirSync(dirname(block.file), { recursive: true });
    writeFileSync(block.file, `${block.code}\nexport {};\n`);
  }
  const failures = [
    ...uninstalled,
    ...typecheck(
      checked.filter((b) => b.lang === 'ts'),
      'ts',
    ),
    ...typecheck(
      checked.filter((b) => b.lang === 'js'),
      'js',
    ),
  ];
  const runnable = checked.filter((block) => block.flags.has('run'));
  if (failures.length === 0) {
    for (const block of runnable) failures.push(...runBlock(block));
  }
  if (failures.length > 0) {
    for (const failure of failures) console.error(`FAIL ${failure}`);
    process.exit(1);
  }
  console.log(
    `README check: ${checked.length} blocks typecheck (${fragments} of them fragments), ${runnable.length} ran, ${checked.filter((b) => b.output !== undefined).length} printed their output sample`,
  );
} finally {
  for (const dir of [...hosts, join(root, WORK)]) {
    if (existsSync(dir)) rmSync(dir, { recursive: true, force: true });
  }
}
