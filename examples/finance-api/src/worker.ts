import { createFinanceApi, type FinanceApiEnv } from './finance-api.js';

let handler: ((request: Request) => Promise<Response>) | undefined;

/**
 * The API as a Cloudflare Worker (module syntax): the variables come as bindings (`wrangler.toml`
 * `[vars]`, secrets with `wrangler secret put`). Only Web APIs are used, so the same module runs
 * on Deno (`Deno.serve(worker.fetch)`), Bun (`Bun.serve(worker)`) and Node (`serve-on-node.ts`).
 */
export const worker = {
  fetch(request: Request, env: FinanceApiEnv): Promise<Response> {
    handler ??= createFinanceApi(env);
    return handler(request);
  },
};

// biome-ignore lint/style/noDefaultExport: Workers load a module's default export
export default worker;
