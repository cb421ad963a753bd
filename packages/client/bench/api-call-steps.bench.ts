// What each part of the client's call shape costs over a raw fetch, one step at a time: runs ONE
// step (`STEP=…`, default `client`) `CALLS` times (default 4000) after `WARMUP` calls (1500) over
// HTTPS on loopback, and prints this thread's CPU microseconds per call and the garbage collections
// in the loop (a call's young-generation collections cost about as much as the client's own code).
//
// CPU time on a shared 2-core machine is too noisy for differences of a few percent (getrusage
// counts in 4 ms ticks here, and the neighbours' load moves each round by ±10 %). Counted
// instructions are steadier: under callgrind, with instrumentation on only around the measured loop
// and V8 on one thread, the raw step repeats within 1 %. The GC's share does not: from one run to
// the next it falls in one of two modes (about 100 k or 200 k instructions per call), so compare
// the mutator and the GC apart (`callgrind_annotate`: V8's heap and compiler functions by name):
//
//   CALLGRIND=1 STEP=signal valgrind --tool=callgrind --instr-atstart=no \
//     --callgrind-out-file=/tmp/steps.cg node --single-threaded --expose-gc \
//     ../../tools/run-source.mjs bench/api-call-steps.bench.ts
//
// (`node` being the repo's Node 24: `pnpm exec which node`), then divide "Collected" by CALLS.
// User-space instructions only: compare the system calls with `strace -f -c` (they are the same
// for every step today). Not a test: it prints, it asserts nothing.
//
// The client's own work apart from the wire: `FETCH=instant` gives every step a fetch that answers
// at once with a `new Response(…)` (no socket: the loopback's GC and compiler noise stays out), and
// `IN_FLIGHT=16` runs the calls 16 at a time (`CALLS` and `WARMUP` then count rounds of 16).
//
// Allocation per call: with a young generation larger than the loop allocates, no collection runs
// and the heap's growth is what the loop allocated; the line then ends with it (bytes per call).
// `HEAP_PROFILE=<file>` also writes V8's sampling heap profile of the loop (every 32 B, collected
// objects included; open it in Chrome's DevTools, or sum its nodes' `selfSize` by function):
//
//   FETCH=instant STEP=client CALLS=3000 WARMUP=3000 node --max-semi-space-size=512 \
//     --min-semi-space-size=512 --expose-gc ../../tools/run-source.mjs bench/api-call-steps.bench.ts
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { constants, PerformanceObserver } from 'node:perf_hooks';
import { noopLogger } from '@dual-auth/core';
import { benchCount, benchOnce } from '../../../tools/bench-kit.ts';
import { InSessionApiCall } from '../src/index.js';
import { startBalanceApi } from './balance-api.js';

const STEP = process.env.STEP ?? 'client';
const IN_FLIGHT = Number(process.env.IN_FLIGHT ?? 1);
const CALLS = benchCount(Number(process.env.CALLS ?? 4000));
const WARMUP = benchOnce ? 0 : Number(process.env.WARMUP ?? 1500);

const { server, url, token } = await startBalanceApi();
const authorization = `Bearer ${token.accessToken}`;
const BODY = '{"balance":1234.56}';
const answerAtOnce: typeof globalThis.fetch = async () =>
  new Response(BODY, { status: 200, headers: { 'content-type': 'application/json' } });
const fetch = process.env.FETCH === 'instant' ? answerAtOnce : server.fetch;
const client = new InSessionApiCall({ fetch });
const quietClient = new InSessionApiCall({ fetch, logger: noopLogger });

// A derived prototype whose arrayBuffer() ends the answer's timer, as the client's bounded answer
// does: the prototype is shared, so each answer carries its own `end`.
const END = Symbol('end');
type EndingResponse = Response & { [END]?: () => void };
const boundedPrototypes = new WeakMap<object, object>();
function bounded(response: Response, end: () => void): Response {
  const base = Object.getPrototypeOf(response) as { arrayBuffer(): Promise<ArrayBuffer> };
  let prototype = boundedPrototypes.get(base);
  if (prototype === undefined) {
    prototype = Object.create(base, {
      arrayBuffer: {
        value(this: EndingResponse) {
          const ending = this[END];
          return base.arrayBuffer.call(this).then((bytes) => {
            ending?.();
            return bytes;
          });
        },
      },
    }) as object;
    boundedPrototypes.set(base, prototype);
  }
  Object.setPrototypeOf(response, prototype);
  (response as EndingResponse)[END] = end;
  return response;
}

/** The client's request init without the signal. */
const clientInit = (): RequestInit => ({
  method: 'GET',
  headers: { authorization },
  body: null,
  redirect: 'manual',
});

const steps: Record<string, () => Promise<unknown>> = {
  /** The baseline of `api-call.bench.ts`. */
  raw: async () => (await fetch(url, { headers: { authorization } })).arrayBuffer(),
  /** + a controller's signal and a timer that would abort it, cleared after the body is read. */
  controllerTimer: async () => {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), 30_000);
    const response = await fetch(url, { headers: { authorization }, signal: controller.signal });
    const bytes = await response.arrayBuffer();
    clearTimeout(timer);
    return bytes;
  },
  /** + `AbortSignal.timeout` as the request's signal (no controller, no timer of ours to clear). */
  timeoutSignal: async () => {
    const signal = AbortSignal.timeout(30_000);
    return (await fetch(url, { headers: { authorization }, signal })).arrayBuffer();
  },
  /** + an abort signal of its own per request. */
  signal: async () => {
    const { signal } = new AbortController();
    return (await fetch(url, { headers: { authorization }, signal })).arrayBuffer();
  },
  /** + a timer set before and cleared after. */
  timer: async () => {
    const timer = setTimeout(() => undefined, 30_000);
    const bytes = await (await fetch(url, { headers: { authorization } })).arrayBuffer();
    clearTimeout(timer);
    return bytes;
  },
  /** + `method`, `body: null`. */
  init: async () =>
    (await fetch(url, { method: 'GET', headers: { authorization }, body: null })).arrayBuffer(),
  /** + `redirect: 'manual'`. */
  manual: async () =>
    (await fetch(url, { headers: { authorization }, redirect: 'manual' })).arrayBuffer(),
  /** All of the above: the client's exact fetch call with a timeout. */
  bare: async () => {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), 30_000);
    const response = await fetch(url, { ...clientInit(), signal: controller.signal });
    const bytes = await response.arrayBuffer();
    clearTimeout(timer);
    return bytes;
  },
  /** `bare` + six awaits between the answer and the body read (the client's async frames). */
  hops: async () => {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), 30_000);
    const response = await fetch(url, { ...clientInit(), signal: controller.signal });
    for (let hop = 0; hop < 6; hop++) await null;
    const bytes = await response.arrayBuffer();
    clearTimeout(timer);
    return bytes;
  },
  /** `bare` + the body read through a derived prototype that clears the timer. */
  bounded: async () => {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), 30_000);
    const response = await fetch(url, { ...clientInit(), signal: controller.signal });
    return bounded(response, () => clearTimeout(timer)).arrayBuffer();
  },
  /** The client with the default logger (reads DUAL_AUTH_LOG per call). */
  client: async () =>
    (await client.callApi({ method: 'GET', apiUrl: url, tokenResponse: token })).arrayBuffer(),
  /** The client with `logger: noopLogger`. */
  quiet: async () =>
    (await quietClient.callApi({ method: 'GET', apiUrl: url, tokenResponse: token })).arrayBuffer(),
};

// Checking the bench once (`benchOnce`): every step runs once, then the chosen one as usual.
if (benchOnce) for (const each of Object.values(steps)) await each();
const one = steps[STEP];
if (one === undefined) throw new Error(`STEP must be one of ${Object.keys(steps).join(', ')}`);
const step =
  IN_FLIGHT === 1 ? one : () => Promise.all(Array.from({ length: IN_FLIGHT }, () => one()));
const callgrind = (state: 'on' | 'off'): void => {
  if (process.env.CALLGRIND === '1') {
    execFileSync('callgrind_control', ['-i', state, String(process.pid)], { stdio: 'ignore' });
  }
};
/** With `HEAP_PROFILE=<file>`: V8's sampling heap profile of the measured loop, collected objects included. */
async function heapProfile(): Promise<{ stop(): Promise<void> } | undefined> {
  const file = process.env.HEAP_PROFILE;
  if (file === undefined) return undefined;
  const session = new Session();
  session.connect();
  await session.post('HeapProfiler.startSampling', {
    samplingInterval: 32,
    includeObjectsCollectedByMajorGC: true,
    includeObjectsCollectedByMinorGC: true,
  });
  return {
    async stop() {
      const { profile } = await session.post('HeapProfiler.stopSampling');
      writeFileSync(file, JSON.stringify(profile));
      session.disconnect();
    },
  };
}

try {
  for (let call = 0; call < WARMUP; call++) await step();
  (globalThis as { gc?: () => void }).gc?.();
  const gc = { major: 0, majorMs: 0, minor: 0, minorMs: 0 };
  const observer = new PerformanceObserver((entries) => {
    for (const entry of entries.getEntries()) {
      const { kind } = (entry as PerformanceEntry & { detail: { kind: number } }).detail;
      if (kind === constants.NODE_PERFORMANCE_GC_MAJOR) {
        gc.major++;
        gc.majorMs += entry.duration;
      } else {
        gc.minor++;
        gc.minorMs += entry.duration;
      }
    }
  });
  observer.observe({ entryTypes: ['gc'] });
  const profiler = await heapProfile();
  callgrind('on');
  const heapBefore = process.memoryUsage().heapUsed;
  const start = process.threadCpuUsage();
  for (let call = 0; call < CALLS; call++) await step();
  const used = process.threadCpuUsage(start);
  const grown = process.memoryUsage().heapUsed - heapBefore;
  callgrind('off');
  await profiler?.stop();
  // The observer is told of the last collections on a later turn.
  await new Promise((resolve) => setTimeout(resolve, 50));
  observer.disconnect();
  console.log(
    `${STEP}${IN_FLIGHT === 1 ? '' : ` ×${IN_FLIGHT}`}: ${((used.user + used.system) / (CALLS * IN_FLIGHT)).toFixed(1)} µs CPU per call; ` +
      `${gc.minor} young collections (${gc.minorMs.toFixed(0)} ms), ${gc.major} full (${gc.majorMs.toFixed(0)} ms)` +
      (gc.minor + gc.major === 0
        ? `; heap +${(grown / (CALLS * IN_FLIGHT)).toFixed(0)} B per call`
        : ''),
  );
} finally {
  await server.close();
}
