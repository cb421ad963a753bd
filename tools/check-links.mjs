// Keeps the docs' references true: every `[text](target)` and `[label]: target` of a tracked
// Markdown file (READMEs, docs/, examples/; not changelogs) whose target is a path in this
// repository must name a file or folder that exists, and its `#anchor`, in the same file or in
// another Markdown file, must be a heading there (GitHub's slugs: lower case, punctuation dropped,
// spaces to `-`, `-1`, `-2` … for repeats). Links inside code blocks and code spans are text.
// Absolute URLs are not fetched. A code span that is a repository path (`packages/…`, `tools/…`,
// `examples/…`, `docs/…`) must exist too, unless git ignores it (a file a command writes), and in
// "`name` in `path`" the file must hold that name: the contributor pages point at code by file,
// and a file renamed or a function moved leaves them pointing at nothing. The pages that record
// past sessions (docs/performance.md, docs/upgrading.md) name files as they were then, so only
// their links are checked. Failures name the file, the line and the target.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

const root = join(import.meta.dirname, '..');

/** GitHub's anchor of a heading's text (the rule of github-slugger). */
export function slug(heading) {
  return heading
    .replace(/<[^>]*>/g, '')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
    .replace(/ /g, '-');
}

/** The lines of a Markdown file with fenced blocks blanked and code spans removed. */
function proseLines(markdown) {
  let fence;
  return markdown.split('\n').map((line) => {
    const marker = /^ {0,3}(`{3,}|~{3,})/.exec(line)?.[1];
    if (fence === undefined && marker !== undefined) {
      fence = marker;
      return '';
    }
    if (fence !== undefined) {
      if (marker !== undefined && marker[0] === fence[0] && marker.length >= fence.length) {
        fence = undefined;
      }
      return '';
    }
    return line.replace(/(`+)[^`]*?\1/g, '');
  });
}

/** The anchors a Markdown file's headings give (ATX headings and explicit `<a id>`s). */
export function anchors(markdown) {
  const seen = new Map();
  const found = new Set();
  for (const line of proseLines(markdown)) {
    for (const id of line.matchAll(/<a\s+(?:id|name)="([^"]+)"/g)) found.add(id[1]);
  }
  // Code spans count in a heading's text: read headings from the raw lines outside fences.
  const raw = markdown.split('\n');
  proseLines(markdown).forEach((prose, index) => {
    if (!/^#{1,6}\s/.test(prose)) return;
    const text = raw[index].replace(/^#{1,6}\s+/, '').replace(/\s+#+\s*$/, '');
    const base = slug(text.replace(/`/g, ''));
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    found.add(count === 0 ? base : `${base}-${count}`);
  });
  return found;
}

/** The repository-relative link targets of a Markdown file, with their 1-based line. */
export function relativeLinks(markdown) {
  const links = [];
  proseLines(markdown).forEach((line, index) => {
    const targets = [
      ...[...line.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((m) => m[1]),
      ...[...line.matchAll(/^ {0,3}\[(?!\^)[^\]]+\]:\s+<?(\S+?)>?(?:\s|$)/g)].map((m) => m[1]),
    ];
    for (const target of targets) {
      if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue;
      links.push({ line: index + 1, target });
    }
  });
  return links;
}

const REPOSITORY_PATH = /^(?:packages|examples|tools|docs)\/[\w@.+/-]+$/;
const NAME_IN_PATH =
  /`([A-Za-z_$][\w$.]*)(?:\(\))?` in `((?:packages|examples|tools)\/[\w@.+/-]+\.m?[jt]s)`/g;
/** Pages that record past sessions: their code spans name files as they were then. */
const HISTORY = /(^|\/)docs\/(performance|upgrading)\.md$/;

/** What the code spans of a file name: repository paths, and names said to be in a file. */
export function codeReferences(markdown) {
  const references = [];
  let fence;
  markdown.split('\n').forEach((line, index) => {
    const marker = /^ {0,3}(`{3,}|~{3,})/.exec(line)?.[1];
    if (marker !== undefined && (fence === undefined || marker[0] === fence[0])) {
      fence = fence === undefined ? marker : undefined;
      return;
    }
    if (fence !== undefined) return;
    for (const [, span] of line.matchAll(/`([^`]+)`/g)) {
      if (REPOSITORY_PATH.test(span)) references.push({ line: index + 1, path: span });
    }
    for (const [, name, path] of line.matchAll(NAME_IN_PATH)) {
      references.push({ line: index + 1, path, name: name.split('.').at(-1) });
    }
  });
  return references;
}

/** The paths of `paths` that git ignores (files that commands write: examples/.env, docs/api/). */
function ignoredBy(base, paths) {
  if (paths.length === 0) return new Set();
  try {
    const out = execFileSync('git', ['check-ignore', '--stdin'], {
      cwd: base,
      input: paths.join('\n'),
      encoding: 'utf8',
    });
    return new Set(out.split('\n'));
  } catch {
    // Exit status 1: none of them is ignored.
    return new Set();
  }
}

/** What is wrong with a file's relative links: one message per broken link, paths from `base`. */
export function brokenLinks(file, base = root) {
  const read = (path) => readFileSync(path, 'utf8');
  const problems = [];
  const cache = new Map();
  const anchorsOf = (path) => {
    if (!cache.has(path)) cache.set(path, anchors(read(path)));
    return cache.get(path);
  };
  for (const { line, target } of relativeLinks(read(file))) {
    const [pathPart, fragment] = target.split('#', 2);
    const path = pathPart === '' ? file : join(dirname(file), decodeURIComponent(pathPart));
    const where = `${relative(base, file)}:${line}: ${target}`;
    if (!existsSync(path)) {
      problems.push(`${where}: no such file`);
      continue;
    }
    if (fragment === undefined || fragment === '' || !path.endsWith('.md')) continue;
    if (statSync(path).isDirectory()) continue;
    if (!anchorsOf(path).has(decodeURIComponent(fragment))) {
      problems.push(`${where}: no heading with that anchor`);
    }
  }
  if (HISTORY.test(file)) return problems;
  const references = codeReferences(read(file));
  const missing = references.filter(({ path }) => !existsSync(join(base, path)));
  const ignored = ignoredBy(
    base,
    missing.map(({ path }) => path),
  );
  for (const { line, path, name } of references) {
    const where = `${relative(base, file)}:${line}: ${path}`;
    if (!existsSync(join(base, path))) {
      if (!ignored.has(path)) problems.push(`${where}: no such file in the repository`);
    } else if (name !== undefined && !read(join(base, path)).includes(name)) {
      problems.push(`${where}: does not hold ${name}`);
    }
  }
  return problems;
}

if (import.meta.main) {
  const files = execFileSync('git', ['ls-files', '*.md'], { cwd: root, encoding: 'utf8' })
    .split('\n')
    .filter((path) => path !== '' && !/(^|\/)CHANGELOG\.md$|^\.changeset\//.test(path))
    .map((path) => join(root, path));
  const problems = files.flatMap((file) => brokenLinks(file));
  if (problems.length > 0) {
    console.error(`Broken references in the docs:\n${problems.join('\n')}`);
    process.exit(1);
  }
  console.log(
    `check-links: ${files.length} Markdown files, every relative link, anchor and repository path found`,
  );
}
