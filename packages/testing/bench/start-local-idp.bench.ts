// How long a local IdP takes to start (keys, CA, oidc-provider, HTTPS listener) and close, per
// vendor: what every integration test and `pnpm demo` pay. Not a test: run with `pnpm bench`.
import { median } from '../../../tools/bench-kit.ts';
import { discoverWorkspacePlugins, startLocalIdp } from '../src/index.js';

const VENDORS = discoverWorkspacePlugins()
  .filter((plugin) => plugin.kind === 'adapter')
  .map((plugin) => plugin.name);

const ROUNDS = 9;
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
