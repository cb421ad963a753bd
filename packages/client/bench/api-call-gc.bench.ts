// What each side of a loopback API call leaves for V8's collector. Objects that die young cost a
// young collection (scavenge) nothing; what a call keeps alive past the next one is copied,
// promoted to the old generation, then marked and swept by a full (mark-compact) collection. A
// `FinalizationRegistry` keeps its targets and their held values, with all they reach, through
// every young collection (undici registers each `Response`, and each request's dependent signal;
// Node each `AbortSignal.any` and `AbortSignal.timeout` signal); a `WeakRef` target does not stay.
//
// Interleaved rounds inside one process (`SIDES`, default `raw,bare,client`; `ROUNDS` rounds of
// `CALLS` calls after `WARMUP` calls of each side, `IN_FLIGHT` at a time): per side the process's
// CPU time per call (`process.cpuUsage`, V8's helper threads included) and, from `v8.GCProfiler`,
// per 10 000 calls the bytes young collections promoted, the collections and their time.
// A round holds only a few young collections (one per ~1 000 calls), so its promoted bytes move
// by ±30 %; the count below does not:
//
//   SIDES=raw,bare,client ROUNDS=9 CALLS=3000 node ../../tools/run-source.mjs bench/api-call-gc.bench.ts
//
// `SURVIVORS=<calls>` (with `node --expose-gc`): per round and side, a full collection, `<calls>`
// calls, two young collections, and the old generation's growth per call: the bytes each call
// leaves there (repeats within ±1 %). `TOP=<n>` prints V8's sampling heap profile of those
// survivors by allocating function (in the last round; objects allocated from C++ are not in it).
//
// `BASE=<another checkout's packages/client/src/index.ts>` adds the sides `base` and `baseSignal`:
// that client, loaded beside this one, over the same fetch (a before/after in one process).
// Not a test: it prints, it asserts nothing.

import { Session } from 'node:inspector/promises';
import { loadavg } from 'node:os';
import { GCProfiler, getHeapSpaceStatistics } from 'node:v8';
import { benchCount, benchOnce, median } from '../../../tools/bench-kit.ts';
import { InSessionApiCall } from '../src/index.js';
import { startBalanceApi } from './balance-api.js';

const ROUNDS = benchCount(Number(process.env.ROUNDS ?? 9));
const CALLS = benchCount(Number(process.env.CALLS ?? 2000));
const WARMUP = benchOnce ? 0 : Number(process.env.WARMUP ?? 3000);
const IN_FLIGHT = Number(process.env.IN_FLIGHT ?? 1);

const { server, url, token } = await startBalanceApi();
const { fetch } = server;
const authorization = `Bearer ${token.accessToken}`;
const client = new InSessionApiCall({ fetch });
const BaseClient = process.env.BASE
  ? ((await import(process.env.BASE)) as { InSessionApiCall: typeof InSessionApiCall })
      .InSessionApiCall
  : undefined;
const base = BaseClient && new BaseClient({ fetch });
const callerSignal = new AbortController().signal;

const sides: Record<string, () => Promise<unknown>> = {
  /** The baseline of `api-call.bench.ts`. */
  raw: async () => (await fetch(url, { headers: { authorization } })).arrayBuffer(),
  /** + an abort signal of its own per request. */
  signal: async () => {
    const { signal } = new AbortController();
    return (await fetch(url, { headers: { authorization }, signal })).arrayBuffer();
  },
  /** The client's fetch call and deadline, no code of ours: a controller's signal, a timer that
   * would abort it (unref'd once answered, cleared once read), `redirect: 'manual'`. */
  bare: async () => {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), 30_000);
    const response = await fetch(url, {
      method: 'GET',
      headers: { authorization },
      body: null,
      redirect: 'manual',
      signal: controller.signal,
    });
    timer.unref();
    const bytes = await response.arrayBuffer();
    clearTimeout(timer);
    return bytes;
  },
  /** `bare` with `AbortSignal.timeout` in place of the controller and timer. */
  timeoutSignal: async () => {
    const signal = AbortSignal.timeout(30_000);
    return (
      await fetch(url, { headers: { authorization }, redirect: 'manual', signal })
    ).arrayBuffer();
  },
  /** `bare` with the caller's signal joined by `AbortSignal.any`, as the client did with one. */
  anySignal: async () => {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), 30_000);
    const signal = AbortSignal.any([callerSignal, controller.signal]);
    const response = await fetch(url, { headers: { authorization }, redirect: 'manual', signal });
    timer.unref();
    const bytes = await response.arrayBuffer();
    clearTimeout(timer);
    return bytes;
  },
  client: async () =>
    (await client.callApi({ method: 'GET', apiUrl: url, tokenResponse: token })).arrayBuffer(),
  /** The client given a caller's signal (one for every call, as a server's shutdown signal). */
  clientSignal: async () =>
    (
      await client.callApi({
        method: 'GET',
        apiUrl: url,
        tokenResponse: token,
        signal: callerSignal,
      })
    ).arrayBuffer(),
  base: async () => {
    if (base === undefined) throw new Error('side base needs BASE=<a client src/index.ts>');
    return (await base.callApi({ method: 'GET', apiUrl: url, tokenResponse: token })).arrayBuffer();
  },
  baseSignal: async () => {
    if (base === undefined) throw new Error('side baseSignal needs BASE=<a client src/index.ts>');
    return (
      await base.callApi({ method: 'GET', apiUrl: url, tokenResponse: token, signal: callerSignal })
    ).arrayBuffer();
  },
};

/** One round's cost of a side. */
interface Round {
  cpuUs: number;
  promoted: number;
  scavenges: number;
  fullGcs: number;
  gcUs: number;
}

// Spaces a young collection promotes into.
const OLD_SPACES = new Set(['old_space', 'large_object_space', 'trusted_space']);
type SpaceStats = readonly { spaceName: string; spaceUsedSize: number }[];
const oldUsed = (spaces: SpaceStats): number =>
  spaces.reduce(
    (sum, space) => sum + (OLD_SPACES.has(space.spaceName) ? space.spaceUsedSize : 0),
    0,
  );

/** `run`, `IN_FLIGHT` at a time. */
const inFlight = (run: () => Promise<unknown>) =>
  IN_FLIGHT === 1 ? run : () => Promise.all(Array.from({ length: IN_FLIGHT }, () => run()));

async function round(run: () => Promise<unknown>, calls: number): Promise<Round> {
  const step = inFlight(run);
  const profiler = new GCProfiler();
  profiler.start();
  const start = process.cpuUsage();
  for (let done = 0; done < calls; done += IN_FLIGHT) await step();
  const used = process.cpuUsage(start);
  const { statistics } = profiler.stop() as {
    statistics: {
      gcType: string;
      cost: number;
      beforeGC: { heapSpaceStatistics: SpaceStats };
      afterGC: { heapSpaceStatistics: SpaceStats };
    }[];
  };
  const result: Round = {
    cpuUs: (used.user + used.system) / calls,
    promoted: 0,
    scavenges: 0,
    fullGcs: 0,
    gcUs: 0,
  };
  for (const gc of statistics) {
    result.gcUs += gc.cost;
    if (gc.gcType === 'Scavenge') {
      result.scavenges++;
      result.promoted +=
        oldUsed(gc.afterGC.heapSpaceStatistics) - oldUsed(gc.beforeGC.heapSpaceStatistics);
    } else if (gc.gcType === 'MarkSweepCompact') result.fullGcs++;
  }
  return result;
}

// Checking the bench once (`benchOnce`): every side but those of another checkout.
const SIDES = (
  process.env.SIDES ??
  (benchOnce
    ? Object.keys(sides)
        .filter((name) => !name.startsWith('base'))
        .join(',')
    : 'raw,bare,client')
).split(',');
const chosen = SIDES.map((name) => {
  const run = sides[name];
  if (run === undefined)
    throw new Error(`SIDES: ${name} is none of ${Object.keys(sides).join(', ')}`);
  return [name, run] as const;
});
const load = () =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');

/** What a function of V8's sampling heap profile allocated: its name, file and line. */
interface ProfileNode {
  callFrame: { functionName: string; url: string; lineNumber: number };
  selfSize: number;
  children: ProfileNode[];
}

/**
 * Bytes per call still alive after two young collections that follow `calls` calls (each call
 * over): what the calls left for the old generation, promoted or allocated there. A full
 * collection first, so the round starts from an old generation with nothing dead to sweep. With
 * `top`, also V8's sampling heap profile of those survivors (objects collected are dropped from
 * it), summed by allocating function.
 */
async function survivors(run: () => Promise<unknown>, calls: number, top: number) {
  const gc = (globalThis as { gc?: (options?: object) => void }).gc;
  if (gc === undefined) throw new Error('SURVIVORS needs node --expose-gc');
  gc({ type: 'major' });
  const session = new Session();
  session.connect();
  if (top > 0) {
    await session.post('HeapProfiler.startSampling', {
      samplingInterval: 64,
      includeObjectsCollectedByMajorGC: false,
      includeObjectsCollectedByMinorGC: false,
    });
  }
  const profiler = new GCProfiler();
  profiler.start();
  const before = oldUsed(heapSpaces());
  for (let done = 0; done < calls; done += IN_FLIGHT) await inFlight(run)();
  gc({ type: 'minor' });
  gc({ type: 'minor' });
  const bytes = (oldUsed(heapSpaces()) - before) / calls;
  const natural = (profiler.stop() as { statistics: unknown[] }).statistics.length - 2;
  const byFunction = new Map<string, number>();
  if (top > 0) {
    const { profile } = await session.post('HeapProfiler.stopSampling');
    const walk = (node: ProfileNode): void => {
      const { functionName, url: file, lineNumber } = node.callFrame;
      const key = `${functionName || '(anonymous)'} ${file.split('/').slice(-2).join('/')}:${lineNumber + 1}`;
      byFunction.set(key, (byFunction.get(key) ?? 0) + node.selfSize / calls);
      for (const child of node.children) walk(child);
    };
    walk(profile.head as ProfileNode);
  }
  session.disconnect();
  return { bytes, natural, byFunction };
}

const heapSpaces = (): SpaceStats =>
  getHeapSpaceStatistics().map((s) => ({
    spaceName: s.space_name,
    spaceUsedSize: s.space_used_size,
  }));

try {
  const loadBefore = load();
  const survivorCalls = Number(process.env.SURVIVORS ?? 0);
  if (survivorCalls > 0) {
    const top = Number(process.env.TOP ?? 0);
    for (const [, run] of chosen) {
      for (let call = 0; call < WARMUP; call += IN_FLIGHT) await inFlight(run)();
    }
    const bytes = new Map<string, number[]>(chosen.map(([name]) => [name, []]));
    for (let r = 0; r < ROUNDS; r++) {
      for (const [name, run] of chosen) {
        const found = await survivors(run, survivorCalls, r === ROUNDS - 1 ? top : 0);
        // A collection of V8's own during the round moved what was promoted: not counted.
        if (found.natural === 0) bytes.get(name)?.push(found.bytes);
        if (r === ROUNDS - 1 && top > 0) {
          const sorted = [...found.byFunction].sort((a, b) => b[1] - a[1]).slice(0, top);
          console.log(`${name}, survivors by allocating function (B/call):`);
          for (const [key, size] of sorted) console.log(`  ${size.toFixed(0).padStart(6)}  ${key}`);
        }
      }
    }
    console.log(
      `survivors of ${survivorCalls} calls, ${ROUNDS} rounds; load ${loadBefore} → ${load()}`,
    );
    for (const [name, list] of bytes) {
      console.log(
        `${name}: ${median(list).toFixed(0)} B/call left for the old generation (${list.length} rounds without a collection of V8's own: ${list.map((b) => b.toFixed(0)).join(' ')})`,
      );
    }
    process.exitCode = 0;
  } else {
    for (const [, run] of chosen) {
      for (let call = 0; call < WARMUP; call += IN_FLIGHT) await inFlight(run)();
    }
    const rounds = new Map<string, Round[]>(chosen.map(([name]) => [name, []]));
    for (let r = 0; r < ROUNDS; r++) {
      // Each side in turn first: what one round leaves, the next round's side collects.
      const order = chosen.map(
        (_, i) => chosen[(i + r) % chosen.length] as (typeof chosen)[number],
      );
      for (const [name, run] of order) rounds.get(name)?.push(await round(run, CALLS));
    }
    const per10k = 10_000 / CALLS;
    const [firstName] = chosen[0] ?? [];
    const firstCpu = rounds.get(firstName ?? '') ?? [];
    console.log(
      `${ROUNDS} rounds of ${CALLS} calls${IN_FLIGHT === 1 ? '' : `, ${IN_FLIGHT} in flight`}, after ${WARMUP} each; load ${loadBefore} → ${load()}`,
    );
    for (const [name, list] of rounds) {
      const sum = (pick: (r: Round) => number) =>
        list.reduce((s, r) => s + pick(r), 0) / list.length;
      const ratios = list.map((r, i) => (firstCpu[i]?.cpuUs ?? Number.NaN) / r.cpuUs);
      console.log(
        `${name}: CPU ${median(list.map((r) => r.cpuUs)).toFixed(1)} µs/call (${firstName}/${name} ${median(ratios).toFixed(2)}, rounds ${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}); ` +
          `per 10 000 calls: promoted ${((sum((r) => r.promoted) * per10k) / 1e6).toFixed(1)} MB (rounds ${list.map((r) => ((r.promoted * per10k) / 1e6).toFixed(0)).join(' ')}), ` +
          `${(sum((r) => r.scavenges) * per10k).toFixed(0)} scavenges, ${(sum((r) => r.fullGcs) * per10k).toFixed(1)} mark-compacts, GC ${((sum((r) => r.gcUs) * per10k) / 1000).toFixed(0)} ms`,
      );
    }
  }
} finally {
  await server.close();
}
