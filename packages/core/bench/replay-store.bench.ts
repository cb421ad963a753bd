// Replay-store claims at several fill levels against claims on a nearly empty store, in one run
// (alternating rounds, median of per-round ratios): a claim must cost the same however full the
// store is (issue 18 item 6), past its capacity too, where each claim first forgets the entry
// that expires soonest. Each store runs in a steady state on its own clock: tokens living 60 s
// arrive at the rate that keeps `live` of them alive, so the fill level holds for the whole run.
// Not a test: run with `pnpm bench`.
import { compareToBaseline, formatComparison } from '../../../tools/bench-kit.ts';
import { InMemoryReplayStore } from '../src/index.js';

const CAPACITY = 100_000;
const LIFETIME_MS = 60_000;

/** A claim of a new `jti` in a store that holds `live` unexpired ones (at most CAPACITY). */
async function steadyClaims(live: number): Promise<() => Promise<boolean>> {
  let now = Date.now();
  const store = new InMemoryReplayStore({ maxEntries: CAPACITY, clock: { now: () => now } });
  const stepMs = LIFETIME_MS / live;
  let jti = 0;
  const claim = () => {
    now += stepMs;
    jti += 1;
    return store.claim(`jti-${jti}`, now + LIFETIME_MS);
  };
  for (let i = 0; i < Math.min(live, 2 * CAPACITY); i += 1) await claim();
  return claim;
}

const nearlyEmpty = await steadyClaims(1_000);
const lines: string[] = [];
for (const [label, live] of [
  ['10 000 live', 10_000],
  ['100 000 live (full)', CAPACITY],
  ['300 000 wanted (5 000/s × 60 s, 3× full: each claim evicts)', 300_000],
] as const) {
  const comparison = await compareToBaseline(nearlyEmpty, await steadyClaims(live), {
    verdict: (claimed) => {
      if (!claimed) throw new Error(`a new jti was refused with ${label}`);
    },
  });
  lines.push(formatComparison(`replay claim, ${label} / 1 000 live`, comparison));
}
for (const line of lines) console.log(line);
