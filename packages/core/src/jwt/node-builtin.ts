interface RuntimeWithBuiltins {
  process?: { getBuiltinModule?: (id: string) => unknown } | undefined;
  navigator?: { userAgent?: unknown } | undefined;
}

/**
 * A Node built-in module through `process.getBuiltinModule` on Node itself (Node ≥ 22.3, told
 * apart by its `navigator.userAgent`, `Node.js/<version>`), or `undefined` on every other runtime.
 * No static `node:` import, so the module still loads everywhere. Deno, Bun and Cloudflare
 * Workers have `process.getBuiltinModule` too, but their `node:` modules are compatibility layers
 * that differ from Node's (workerd's `crypto.verify` refuses string data, so every signature
 * failed), and the fast paths built on these modules were measured on Node only: there the
 * web-standard code runs.
 */
export function nodeBuiltin<T>(id: `node:${string}`): T | undefined {
  const runtime = globalThis as RuntimeWithBuiltins;
  if (!String(runtime.navigator?.userAgent).startsWith('Node.js/')) return undefined;
  try {
    return (runtime.process?.getBuiltinModule?.(id) as T | undefined) ?? undefined;
  } catch {
    return undefined;
  }
}
