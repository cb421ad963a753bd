// The bundle of one size-limit check as the bundle tools build it (tools/bundle-composition.mjs,
// tools/bundle-initial-chunk.mjs): the check chosen by the start of its name in `.size-limit.mjs`,
// its esbuild options without plugins, and an entry module exporting what the check imports.
import checks from '../.size-limit.mjs';

/**
 * @param {string | undefined} name the start of a check's name
 * @returns {{ check: object, options: object, entry: string }} exits 2 listing the checks when
 *   none with an import map starts with `name`
 */
export function budgetEntry(name) {
  const check = checks.find((candidate) => name && candidate.name.startsWith(name));
  if (check === undefined || typeof check.import !== 'object') {
    console.error('Give the start of the name of a check with an import map:');
    for (const candidate of checks) console.error(`  ${candidate.name}`);
    process.exit(2);
  }
  const { plugins: _plugins, ...options } = check.modifyEsbuildConfig({});
  // size-limit's `import` map: an entry file and the names taken from it.
  const [[entryFile, names]] = Object.entries(check.import);
  const entry =
    names === '*'
      ? `export * from ${JSON.stringify(entryFile)};`
      : `export ${names} from ${JSON.stringify(entryFile)};`;
  return { check, options, entry };
}
