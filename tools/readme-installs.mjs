// What a reader must install to run a README's `run` block: every package the block imports from
// outside this project (not `node:`, not `@dual-auth/*`, not a relative file) must be named by an
// `npm install` (or `npm i`) command somewhere in the same Markdown file, so a reader who copies
// the block after the file's install lines does not meet ERR_MODULE_NOT_FOUND.

const INSTALL = /\bnpm (?:install|i)\b([^\n`]*)/g;
const NAME = /^(@[a-z0-9][\w.~-]*\/)?[a-z0-9][\w.~-]*/;
const IMPORT = /^\s*import\s[^'"]*?['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)/gm;

/** The package a module specifier belongs to (`@scope/name` or `name`), or undefined for a built-in, a relative file or this project's own. */
function packageOf(specifier) {
  if (specifier.startsWith('.') || specifier.startsWith('/') || specifier.startsWith('node:')) {
    return undefined;
  }
  const name = specifier
    .split('/')
    .slice(0, specifier.startsWith('@') ? 2 : 1)
    .join('/');
  return name.startsWith('@dual-auth/') ? undefined : name;
}

/** The package names every `npm install …` of `markdown` names (versions and flags dropped). */
export function installedPackages(markdown) {
  const names = new Set();
  for (const [, args] of markdown.matchAll(INSTALL)) {
    // A shell comment ends the command: `npm install jose   # the API`.
    for (const word of args
      .split(/(?:^|\s)#/, 1)[0]
      .trim()
      .split(/\s+/)) {
      if (word.startsWith('-')) continue;
      const name = NAME.exec(word)?.[0];
      if (name !== undefined) names.add(name);
    }
  }
  return names;
}

/** The packages `code` imports from outside the project that no `npm install` of `markdown` names. */
export function unnamedImports(markdown, code) {
  const installed = installedPackages(markdown);
  const missing = new Set();
  for (const [, fromStatement, fromCall] of code.matchAll(IMPORT)) {
    const name = packageOf(fromStatement ?? fromCall);
    if (name !== undefined && !installed.has(name)) missing.add(name);
  }
  return [...missing];
}
