// How long a local IdP takes to start (keys, CA, oidc-provider, HTTPS listener) and close, per
// vendor: what every integration test and `pnpm demo` pay. Not a test: run with `pnpm bench`.
import { benchCount, median } from '../../../tools/bench-kit.ts';
import { discoverWorkspacePlugins, startLocalIdp } from '../src/index.js';

const ADAPTERS = discoverWorkspacePlugins()
  .filter((plugin) => plugin.kind === 'adapter')
  .map((plugin) => plugin.name);
// Checking the bench once (`benchOnce`) starts one vendor's IdP: their own tests start them all.
const VENDORS = ADAPTERS.slice(0, benchCount(ADAPTERS.length));

const ROUNDS = benchCount(9);
const rows = [];
for (const vendor of VENDORS) {
  const starts: number[] = [];
  const closes: number[] = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    const started = performance.now();
    const idp = await startLocalIdp({ vendor });
    const ready = performance.now();
    await idp.close();
    starts.push(ready - started);
    closes.push(performance.now() - ready);
  }
  rows.push({
    vendor,
    'start ms (median)': median(starts).toFixed(1),
    'close ms (median)': median(closes).toFixed(1),
  });
}
console.table(rows);
