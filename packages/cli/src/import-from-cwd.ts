import { createRequire } from 'node:module';
import { isAbsolute, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ImportModule } from '@dual-auth/core';

/**
 * Imports modules as the project in `cwd` sees them: its `node_modules` hold the adapter and
 * secrets packages (`npx @dual-auth/cli` runs from a cache that has none), a path is taken from
 * `cwd`. A name the project cannot resolve is imported from the CLI's own location.
 */
export function importFromCwd(cwd: string): ImportModule {
  const require = createRequire(join(cwd, 'package.json'));
  return async (specifier) => {
    if (specifier.startsWith('.') || isAbsolute(specifier)) {
      return import(pathToFileURL(resolve(cwd, specifier)).href);
    }
    let resolved: string | undefined;
    try {
      resolved = require.resolve(specifier);
    } catch {
      resolved = undefined;
    }
    return import(resolved === undefined ? specifier : pathToFileURL(resolved).href);
  };
}
