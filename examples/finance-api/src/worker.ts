import { createFinanceApi, type FinanceApiEnv } from './finance-api.js';

let handler: ((request: Request) => Promise<Response>) | undefined;

// What the module reads its variables from. Workers pass the bindings as the second argument;
// Deno.serve passes its connection info (`{ remoteAddr, completed }`), Bun.serve its server, and a
// plain call nothing: none of those names DUAL_AUTH_VENDOR, so the variables then come from the
// process environment (`process` is a global on Node, Bun and Deno 2; Deno needs `--allow-env`).
function variablesOf(second: unknown): FinanceApiEnv {
  if (typeof second === 'object' && second !== null && 'DUAL_AUTH_VENDOR' in second) {
    return second as FinanceApiEnv;
  }
  return globalThis.process?.env ?? {};
}

/**
 * The API as a Cloudflare Worker (module syntax): the variables come as bindings (`wrangler.toml`
 * `[vars]`, secrets with `wrangler secret put`). Only Web APIs are used, so the same module runs
 * on Deno (`Deno.serve(worker.fetch)`), Bun (`Bun.serve(worker)`) and Node (`serve-on-node.ts`);
 * there, the second argument (Deno's connection info, Bun's server) holds no `DUAL_AUTH_VENDOR`,
 * and the variables come from the process environment.
 */
export const worker = {
  fetch(request: Request, env?: FinanceApiEnv): Promise<Response> {
    handler ??= createFinanceApi(variablesOf(env));
    return handler(request);
  },
};

// biome-ignore lint/style/noDefaultExport: Workers load a module's default export
export default worker;
