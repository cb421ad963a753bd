interface NodeBuiltins {
  'node:module': { createRequire(path: string): { resolve(specifier: string): string } };
  'node:url': { pathToFileURL(path: string): URL };
}

interface NodeProcess {
  getBuiltinModule?<K extends keyof NodeBuiltins>(id: K): NodeBuiltins[K] | undefined;
  cwd?(): string;
}

/**
 * The `file:` URL of `specifier` as the application in `process.cwd()` resolves it (its
 * `node_modules`), or `undefined` when it cannot, or off Node. Reached through
 * `process.getBuiltinModule` (Node ≥ 20.16) so core keeps no static `node:` import.
 */
export function resolveFromApp(specifier: string): string | undefined {
  const { process } = globalThis as { process?: NodeProcess };
  if (typeof process?.getBuiltinModule !== 'function' || typeof process.cwd !== 'function') {
    return undefined;
  }
  const module = process.getBuiltinModule('node:module');
  const url = process.getBuiltinModule('node:url');
  if (module === undefined || url === undefined) return undefined;
  try {
    const path = module.createRequire(`${process.cwd()}/package.json`).resolve(specifier);
    return url.pathToFileURL(path).href;
  } catch {
    return undefined;
  }
}
