interface RuntimeWithBuiltins {
  process?: { getBuiltinModule?: (id: string) => unknown } | undefined;
}

/**
 * A Node built-in module through `process.getBuiltinModule` (Node ≥ 22.3, Deno, Bun), or
 * `undefined` on runtimes without one (edge workers, browsers). No static `node:` import, so the
 * module still loads everywhere.
 */
export function nodeBuiltin<T>(id: `node:${string}`): T | undefined {
  const getBuiltinModule = (globalThis as RuntimeWithBuiltins).process?.getBuiltinModule;
  if (typeof getBuiltinModule !== 'function') return undefined;
  try {
    return (getBuiltinModule(id) as T | undefined) ?? undefined;
  } catch {
    return undefined;
  }
}
