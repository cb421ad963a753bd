// Cost of an API call through InSessionApiCall (checks, headers, redirect and retry handling, the
// deadline) relative to a raw fetch of the same URL with the same headers, over HTTPS on loopback,
// one call at a time and 16 in flight. Target (issue 18): ≥ 0.9 for both. Besides throughput, it
// prints the same ratio in CPU time of this thread per call (client and server share it), which a
// busy machine skews far less than wall time.
// Not a test: run with `pnpm bench`.
import {
  benchCount,
  compareToBaseline,
  formatComparison,
  median,
} from '../../../tools/bench-kit.ts';
import { InSessionApiCall } from '../src/index.js';
import { startBalanceApi } from './balance-api.js';

const IN_FLIGHT = 16;

const { server, url, token } = await startBalanceApi();
const api = new InSessionApiCall({ fetch: server.fetch });

const rawFetch = async (): Promise<void> => {
  const response = await server.fetch(url, {
    headers: { authorization: `Bearer ${token.accessToken}` },
  });
  await response.arrayBuffer();
};
const apiCall = async (): Promise<void> => {
  const response = await api.callApi({ method: 'GET', apiUrl: url, tokenResponse: token });
  await response.arrayBuffer();
};
const inFlight = (one: () => Promise<void>) => async (): Promise<void> => {
  await Promise.all(Array.from({ length: IN_FLIGHT }, one));
};

/** Microseconds of this thread's CPU time per run of `task`. */
async function cpuPerRun(task: () => Promise<void>, runs: number): Promise<number> {
  const start = process.threadCpuUsage();
  for (let run = 0; run < runs; run++) await task();
  const used = process.threadCpuUsage(start);
  return (used.user + used.system) / runs;
}

/** Median over interleaved rounds of (baseline CPU per run / ours), 1 = as cheap as the baseline. */
async function cpuRatio(baseline: () => Promise<void>, ours: () => Promise<void>, runs: number) {
  const ratios: number[] = [];
  for (let round = 0; round < benchCount(9); round++) {
    const [first, second] = round % 2 === 0 ? [baseline, ours] : [ours, baseline];
    const a = await cpuPerRun(first, runs);
    const b = await cpuPerRun(second, runs);
    ratios.push(round % 2 === 0 ? a / b : b / a);
  }
  return `${median(ratios).toFixed(2)} (median of ${ratios.length} rounds; per round: ${ratios.map((r) => r.toFixed(2)).join(' ')})`;
}

try {
  console.log(
    `CPU time per call, raw fetch / InSessionApiCall.callApi, sequential = ${await cpuRatio(rawFetch, apiCall, benchCount(1000))}`,
  );
  console.log(
    `CPU time per call, raw fetch / InSessionApiCall.callApi, ${IN_FLIGHT} in flight = ${await cpuRatio(inFlight(rawFetch), inFlight(apiCall), benchCount(80))}`,
  );
  const sequential = await compareToBaseline(rawFetch, apiCall);
  console.log(formatComparison('InSessionApiCall.callApi / raw fetch, sequential', sequential));
  const parallel = await compareToBaseline(inFlight(rawFetch), inFlight(apiCall));
  console.log(
    formatComparison(`InSessionApiCall.callApi / raw fetch, ${IN_FLIGHT} in flight`, parallel),
  );
} finally {
  await server.close();
}
