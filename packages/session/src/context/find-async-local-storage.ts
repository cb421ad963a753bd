/** The part of `AsyncLocalStorage` the act context uses. */
export interface AsyncLocalStorageLike<T> {
  run<R>(store: T, callback: () => R): R;
  getStore(): T | undefined;
}

/** An `AsyncLocalStorage` class: Node's, Deno's, Bun's or an edge runtime's global one. */
export type AsyncLocalStorageClass = new <T>() => AsyncLocalStorageLike<T>;

interface RuntimeGlobals {
  AsyncLocalStorage?: unknown;
  process?: { getBuiltinModule?: (id: string) => unknown } | undefined;
}

function asClass(value: unknown): AsyncLocalStorageClass | undefined {
  return typeof value === 'function' ? (value as AsyncLocalStorageClass) : undefined;
}

/**
 * Finds the runtime's `AsyncLocalStorage` without a static `node:` import, so this module runs
 * everywhere: first a global `AsyncLocalStorage` (Vercel Edge and other edge runtimes expose one),
 * then `process.getBuiltinModule('node:async_hooks')` (Node ≥ 22.3, Deno, Bun, and Workers with
 * `nodejs_compat`). `undefined` when the runtime has neither.
 */
export function findAsyncLocalStorage(
  runtime: RuntimeGlobals = globalThis as RuntimeGlobals,
): AsyncLocalStorageClass | undefined {
  const global = asClass(runtime.AsyncLocalStorage);
  if (global !== undefined) return global;
  const getBuiltinModule = runtime.process?.getBuiltinModule;
  if (typeof getBuiltinModule !== 'function') return undefined;
  try {
    const hooks = getBuiltinModule('node:async_hooks') as
      | { AsyncLocalStorage?: unknown }
      | undefined;
    return asClass(hooks?.AsyncLocalStorage);
  } catch {
    return undefined;
  }
}
