import type { EnvRecord } from '../contracts/plugin-modules.js';

interface ProcessLike {
  readonly env?: EnvRecord;
}

/**
 * The process environment, read at call time: `process.env` on Node, Bun and Deno, an empty record
 * on runtimes without one (browsers, edge workers: pass their `env` explicitly instead).
 *
 * This is the only place in dual-auth that touches `process.env`; everything else takes an
 * injected `env` that defaults to `readEnv()` when it is called.
 *
 * @example
 * const env = readEnv();
 * env.DUAL_AUTH_VENDOR; // 'acme' | undefined
 */
export function readEnv(): EnvRecord {
  // Not named `process`: the edge-bundle checks refuse that bare name in browser/edge bundles.
  const runtime = (globalThis as { readonly process?: ProcessLike }).process;
  return runtime?.env ?? {};
}
