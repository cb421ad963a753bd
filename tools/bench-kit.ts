// Shared by the packages' benchmarks (`pnpm bench`): ops/s with tinybench, and our code against the
// raw baseline (raw jose, raw fetch) measured in the same run, in short alternating rounds so a
// busy machine skews both sides alike. Benchmarks are not tests: they print, they do not assert;
// but with DUAL_AUTH_BENCH=once (tools/bench-once.test.ts) each task runs once, untimed, and a
// task that throws or a wrong verdict fails the run, so a bench cannot rot unnoticed.
import { Bench } from 'tinybench';

/** Whether this run only checks the benches: every task once, untimed (`DUAL_AUTH_BENCH=once`). */
// biome-ignore lint/suspicious/noUndeclaredEnvVars: set by tools/bench-once.test.ts, not a turbo task input
export const benchOnce = process.env.DUAL_AUTH_BENCH === 'once';

/** `count` (rounds, calls, iterations of a bench's own loop), or 1 when {@link benchOnce}. */
export function benchCount(count: number): number {
  return benchOnce ? 1 : count;
}

/**
 * Why `name` failed: its error's name, message and stack, and nothing else of it. The library's
 * errors name claims, never their values; jose's carry the token's payload as a property, which
 * is left out, so is the error itself (as `cause`, Node would print its properties).
 */
function failure(name: string, error: unknown): Error {
  const detail =
    error instanceof Error
      ? (error.stack ?? `${error.name}: ${error.message}`)
      : `a thrown ${typeof error}, not an Error`;
  return new Error(`${name} failed: ${detail}`);
}

/** Runs `task` once and returns its result; a rejection says which task and why. */
async function runOnce<T>(name: string, task: () => Promise<T>): Promise<T> {
  try {
    return await task();
  } catch (error) {
    throw failure(name, error);
  }
}

/**
 * Runs both tasks once before they are timed: a task that throws, or ours answering wrong
 * (`verdict` throws), stops the bench with the reason instead of timing an error path.
 */
async function checkOnce<T>(
  baseline: () => Promise<unknown>,
  ours: () => Promise<T>,
  verdict: ((result: T) => void) | undefined,
): Promise<void> {
  await runOnce('baseline', baseline);
  const result = await runOnce('ours', ours);
  try {
    verdict?.(result);
  } catch (error) {
    throw failure('ours (wrong verdict)', error);
  }
}

/** What {@link compareToBaseline} returns when {@link benchOnce}: nothing was timed. */
const UNTIMED: Comparison = { ratio: Number.NaN, ratios: [], baselineOps: 0, oursOps: 0 };

/**
 * Operations per second of each task, run one after another for `timeMs` each, and at least
 * `iterations` times (tinybench's default, 64; fewer for a task that is itself a long batch).
 */
export async function opsPerSecond(
  tasks: Record<string, () => Promise<unknown>>,
  timeMs: number,
  iterations?: number,
): Promise<Map<string, number>> {
  const result = new Map<string, number>();
  if (benchOnce) {
    for (const [name, fn] of Object.entries(tasks)) {
      await runOnce(name, fn);
      result.set(name, Number.NaN);
    }
    return result;
  }
  const bench = new Bench({
    time: timeMs,
    warmupTime: 100,
    ...(iterations === undefined ? {} : { iterations, warmupIterations: iterations }),
  });
  for (const [name, fn] of Object.entries(tasks)) bench.add(name, fn);
  await bench.run();
  for (const task of bench.tasks) {
    if (task.result.state === 'errored') throw failure(task.name, task.result.error);
    if (task.result.state !== 'completed') throw new Error(`${task.name}: ${task.result.state}`);
    result.set(task.name, 1000 / task.result.period);
  }
  return result;
}

/** The middle value. */
export function median(values: readonly number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;
}

/** What {@link compareToBaseline} measured. */
export interface Comparison {
  /** Median of the per-round ratios ours / baseline (1 = as fast as the baseline). */
  ratio: number;
  ratios: number[];
  baselineOps: number;
  oursOps: number;
}

/**
 * Our task against the raw baseline, in `rounds` alternating rounds of `timeMs` (and at least
 * `iterations` calls) each. Both run once first: `verdict` gets our result and throws when it is
 * not the answer the bench is about (a refused token timed as an error path measures nothing).
 */
export async function compareToBaseline<T>(
  baseline: () => Promise<unknown>,
  ours: () => Promise<T>,
  {
    rounds = 7,
    timeMs = 400,
    iterations,
    verdict,
  }: {
    rounds?: number;
    timeMs?: number;
    iterations?: number;
    verdict?: (result: T) => void;
  } = {},
): Promise<Comparison> {
  await checkOnce(baseline, ours, verdict);
  if (benchOnce) return UNTIMED;
  const ratios: number[] = [];
  const baselineRuns: number[] = [];
  const ourRuns: number[] = [];
  for (let round = 0; round < rounds; round += 1) {
    const tasks = round % 2 === 0 ? { baseline, ours } : { ours, baseline };
    const ops = await opsPerSecond(tasks, timeMs, iterations);
    const base = ops.get('baseline') ?? Number.NaN;
    const mine = ops.get('ours') ?? Number.NaN;
    baselineRuns.push(base);
    ourRuns.push(mine);
    ratios.push(mine / base);
  }
  return {
    ratio: median(ratios),
    ratios,
    baselineOps: median(baselineRuns),
    oursOps: median(ourRuns),
  };
}

/** One line: `label = 0.87 (median of 7 rounds; per round: …)`. */
export function formatComparison(label: string, comparison: Comparison): string {
  const rounds = comparison.ratios.map((r) => r.toFixed(2)).join(' ');
  return `${label} = ${comparison.ratio.toFixed(2)} (median of ${comparison.ratios.length} rounds; ${Math.round(comparison.oursOps)} vs ${Math.round(comparison.baselineOps)} ops/s; per round: ${rounds})`;
}

/** CPU microseconds per call of `task` (this process: main thread and thread pool together). */
async function cpuMicrosPerCall(task: () => Promise<unknown>, calls: number): Promise<number> {
  const start = process.cpuUsage();
  for (let call = 0; call < calls; call += 1) await task();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / calls;
}

/**
 * Our task against the raw baseline by CPU time per call instead of wall-clock throughput, in
 * `rounds` alternating rounds of `calls` sequential calls each. On a machine shared with other
 * work, the scheduler favours threads that sleep and wake (a thread-pool hop) over one that stays
 * busy (a synchronous verify), which skews wall-clock ratios; CPU time per call does not depend on
 * it. `ratio` is baseline CPU / our CPU (above 1: ours is cheaper), `*Ops` are calls per CPU second.
 */
export async function compareCpuCost(
  baseline: () => Promise<unknown>,
  ours: () => Promise<unknown>,
  { rounds = 7, calls = 1000 } = {},
): Promise<Comparison> {
  await checkOnce(baseline, ours, undefined);
  if (benchOnce) return UNTIMED;
  const ratios: number[] = [];
  const baselineCosts: number[] = [];
  const ourCosts: number[] = [];
  for (const task of [baseline, ours]) await cpuMicrosPerCall(task, Math.ceil(calls / 10));
  for (let round = 0; round < rounds; round += 1) {
    const order = round % 2 === 0 ? [baseline, ours] : [ours, baseline];
    const costs = new Map<() => Promise<unknown>, number>();
    for (const task of order) costs.set(task, await cpuMicrosPerCall(task, calls));
    const base = costs.get(baseline) ?? Number.NaN;
    const mine = costs.get(ours) ?? Number.NaN;
    baselineCosts.push(base);
    ourCosts.push(mine);
    ratios.push(base / mine);
  }
  return {
    ratio: median(ratios),
    ratios,
    baselineOps: 1e6 / median(baselineCosts),
    oursOps: 1e6 / median(ourCosts),
  };
}
