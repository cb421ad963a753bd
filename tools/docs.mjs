// `pnpm run docs` (plain `pnpm docs` is pnpm's own command): one API reference site for every
// package, built with TypeDoc from the sources (no build needed first) into `docs/api/`
// (git-ignored). Every public subpath of every package is an
// entry point, named as users import it (`@dual-auth/core/jwt`). Warnings fail the run, so an
// export without TSDoc, a broken `{@link}` or a type the reference cannot reach breaks the test
// command.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Application, Converter, ReflectionKind } from 'typedoc';

const root = join(import.meta.dirname, '..');

/** Each public subpath of each package: the specifier users import and its source file. */
function apiEntryPoints() {
  const entries = [];
  for (const dir of readdirSync(join(root, 'packages')).sort()) {
    const manifest = JSON.parse(readFileSync(join(root, 'packages', dir, 'package.json'), 'utf8'));
    if (manifest.private) continue;
    for (const [subpath, target] of Object.entries(manifest.exports ?? {})) {
      const source = typeof target === 'object' ? target['@dual-auth/source'] : undefined;
      if (source === undefined) continue;
      entries.push({
        specifier: subpath === '.' ? manifest.name : `${manifest.name}${subpath.slice(1)}`,
        file: join(root, 'packages', dir, source),
      });
    }
  }
  return entries;
}

const entries = apiEntryPoints();
const app = await Application.bootstrapWithPlugins({
  entryPoints: entries.map((entry) => entry.file),
  tsconfig: join(root, 'tsconfig.docs.json'),
  out: join(root, 'docs/api'),
  name: '@dual-auth API reference',
  readme: 'none',
  treatWarningsAsErrors: true,
  // TypeDoc's own `notDocumented` asks for every member too (680 warnings today, mostly members
  // inherited from core's base classes); the house rule is TSDoc on every export: undocumentedExports.
  validation: { notExported: true, invalidLink: true, notDocumented: false },
  excludePrivate: true,
  excludeInternal: true,
  disableSources: true,
  logLevel: 'Warn',
});
// TypeDoc names a module after its path below the entry points' common folder
// (`core/src/jwt`); readers know it by the specifier they import.
const specifiers = new Map(
  entries.map((entry) => [
    relative(join(root, 'packages'), entry.file).replace(/\/index\.ts$/, ''),
    entry.specifier,
  ]),
);
app.converter.on(Converter.EVENT_CREATE_DECLARATION, (_context, reflection) => {
  if (reflection.kind === ReflectionKind.Module && specifiers.has(reflection.name)) {
    reflection.name = specifiers.get(reflection.name);
  }
});
/** What a package exports at the top level of an entry point: each needs its TSDoc. */
const EXPORT_KINDS =
  ReflectionKind.Class |
  ReflectionKind.Interface |
  ReflectionKind.Function |
  ReflectionKind.TypeAlias |
  ReflectionKind.Variable |
  ReflectionKind.Enum;

/** Exports of an entry point with no TSDoc, by the name users import them as. */
function undocumentedExports(project) {
  return project
    .getReflectionsByKind(EXPORT_KINDS)
    .filter((reflection) => reflection.parent?.kindOf(ReflectionKind.Module))
    .filter(
      (reflection) =>
        !reflection.hasComment() &&
        !(reflection.signatures ?? []).some((signature) => signature.hasComment()),
    )
    .map((reflection) => `${reflection.parent.name}: ${reflection.name}`);
}

const project = await app.convert();
if (project !== undefined) {
  app.validate(project);
  for (const name of undocumentedExports(project)) {
    app.logger.warn(`${name} is exported without TSDoc`);
  }
}
if (project === undefined || app.logger.hasErrors() || app.logger.hasWarnings()) {
  process.exitCode = 1;
} else {
  await app.generateDocs(project, join(root, 'docs/api'));
  if (app.logger.hasErrors() || app.logger.hasWarnings()) process.exitCode = 1;
}
