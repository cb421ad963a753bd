// Where the wall time of one API call goes, client against raw fetch, one call at a time over
// HTTPS on loopback (client and server share this thread). For each side, in alternating rounds of
// `CALLS` calls (default 1000; `ROUNDS`, default 9), it prints per call:
//
//   wall            wall time
//   cpu             this thread's CPU time
//   idle            the event loop waiting in its poll phase (latency without CPU)
//   rest            wall - cpu - idle: the thread ready to run, waiting for a core
//   other threads   CPU time of the process's other threads (V8's collector and compilers)
//   start→create    before undici has the request (the client's checks and headers, the Request)
//   create→server   undici sends it, until the server's handler gets it
//   server→headers  the server answers, until undici has parsed the response headers
//   headers→answer  until the caller's `await` of the answer resumes
//   answer→end      `arrayBuffer()` of the body (`trailers→end`: from undici's end of the body)
//
// and the per-round ratios raw / client of wall, this thread's CPU and the process's CPU. Steps
// are timed by undici's diagnostics channels (`undici:request:create`, `:headers`, `:trailers`).
// `SIDE=raw` or `SIDE=client` runs one side only and prints each thread's CPU per call (Linux);
// under `strace -f -c`, `epoll_pwait` counts the event loop's turns (libuv polls once per turn).
// Not a test: `node ../../tools/run-source.mjs bench/api-call-trace.bench.ts` (see
// docs/performance.md, "The API call", session 13).
import { subscribe } from 'node:diagnostics_channel';
import { readdirSync, readFileSync } from 'node:fs';
import { constants, PerformanceObserver, performance } from 'node:perf_hooks';
import { benchCount, median } from '../../../tools/bench-kit.ts';
import { InSessionApiCall } from '../src/index.js';
import { startBalanceApi } from './balance-api.js';

const CALLS = benchCount(Number(process.env.CALLS ?? 1000));
const ROUNDS = benchCount(Number(process.env.ROUNDS ?? 9));
const SIDE = process.env.SIDE;

let serverGot = 0;
const { server, url, token } = await startBalanceApi(() => {
  serverGot = performance.now();
});
const api = new InSessionApiCall({ fetch: server.fetch });

let created = 0;
let headersAt = 0;
let trailersAt = 0;
subscribe('undici:request:create', () => {
  created = performance.now();
});
subscribe('undici:request:headers', () => {
  headersAt = performance.now();
});
subscribe('undici:request:trailers', () => {
  trailersAt = performance.now();
});

let collections = 0;
new PerformanceObserver((entries) => {
  for (const entry of entries.getEntries()) {
    const { kind } = (entry as PerformanceEntry & { detail: { kind: number } }).detail;
    if (kind !== constants.NODE_PERFORMANCE_GC_MAJOR) collections++;
  }
}).observe({ entryTypes: ['gc'] });

type Send = () => Promise<Response>;
const sides: Record<string, Send> = {
  raw: () => server.fetch(url, { headers: { authorization: `Bearer ${token.accessToken}` } }),
  client: () => api.callApi({ method: 'GET', apiUrl: url, tokenResponse: token }),
};

const STEPS = [
  'wall',
  'cpu',
  'idle',
  'rest',
  'other threads',
  'start→create',
  'create→server',
  'server→headers',
  'headers→answer',
  'answer→end',
  'trailers→end',
] as const;
type Step = (typeof STEPS)[number];

/** Microseconds per call of each step over `CALLS` sequential calls, and young collections. */
async function round(send: Send): Promise<Record<Step, number> & { gcs: number }> {
  const sum = Object.fromEntries(STEPS.map((step) => [step, 0])) as Record<Step, number>;
  const gcsBefore = collections;
  const elu = performance.eventLoopUtilization();
  const cpu = process.threadCpuUsage();
  const processCpu = process.cpuUsage();
  const wallStart = performance.now();
  for (let call = 0; call < CALLS; call++) {
    const start = performance.now();
    const response = await send();
    const answered = performance.now();
    await response.arrayBuffer();
    const end = performance.now();
    sum['start→create'] += created - start;
    sum['create→server'] += serverGot - created;
    sum['server→headers'] += headersAt - serverGot;
    sum['headers→answer'] += answered - headersAt;
    sum['answer→end'] += end - answered;
    sum['trailers→end'] += end - trailersAt;
  }
  const wall = performance.now() - wallStart;
  const used = process.threadCpuUsage(cpu);
  const all = process.cpuUsage(processCpu);
  const loop = performance.eventLoopUtilization(elu);
  const perCall = Object.fromEntries(
    STEPS.map((step) => [step, (sum[step] * 1000) / CALLS]),
  ) as Record<Step, number>;
  perCall.wall = (wall * 1000) / CALLS;
  perCall.cpu = (used.user + used.system) / CALLS;
  perCall.idle = (loop.idle * 1000) / CALLS;
  perCall.rest = perCall.wall - perCall.cpu - perCall.idle;
  perCall['other threads'] = (all.user + all.system) / CALLS - perCall.cpu;
  return { ...perCall, gcs: (collections - gcsBefore) / CALLS };
}

/** CPU clock ticks of each thread of this process by name (Linux: /proc/self/task). */
function threadTicks(): Map<string, number> {
  const ticks = new Map<string, number>();
  try {
    for (const tid of readdirSync('/proc/self/task')) {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replace(/\d+$/, '#');
      const [utime = 0, stime = 0] = stat
        .slice(stat.lastIndexOf(')') + 2)
        .split(' ')
        .slice(11, 13)
        .map(Number);
      ticks.set(name, (ticks.get(name) ?? 0) + utime + stime);
    }
  } catch {
    // Not Linux: no per-thread figures.
  }
  return ticks;
}

try {
  const names = SIDE === undefined ? ['raw', 'client'] : [SIDE];
  for (const name of names) {
    const send = sides[name];
    if (send === undefined) throw new Error('SIDE must be raw or client');
    for (let call = 0; call < CALLS; call++) await (await send()).arrayBuffer();
  }
  const ticksBefore = threadTicks();
  const results: Record<string, Array<Record<Step, number> & { gcs: number }>> = Object.fromEntries(
    names.map((name) => [name, []]),
  );
  for (let r = 0; r < ROUNDS; r++) {
    const order = r % 2 === 0 ? names : [...names].reverse();
    for (const name of order) {
      const send = sides[name] as Send;
      results[name]?.push(await round(send));
    }
  }
  const ticksAfter = threadTicks();
  if (SIDE !== undefined && ticksAfter.size > 0) {
    // 100 ticks a second on Linux: µs per call = ticks × 10 000 / calls.
    const perThread = [...ticksAfter].map(
      ([name, after]) =>
        `${name} ${(((after - (ticksBefore.get(name) ?? 0)) * 10_000) / (CALLS * ROUNDS)).toFixed(1)}`,
    );
    console.log(`CPU µs per call by thread: ${perThread.join(', ')}`);
  }
  console.log(`µs per call, median of ${ROUNDS} rounds of ${CALLS} sequential calls`);
  console.log(`${'step'.padEnd(16)}${names.map((n) => n.padStart(10)).join('')}`);
  for (const step of [...STEPS, 'gcs'] as const) {
    const cells = names.map((name) =>
      median((results[name] ?? []).map((each) => each[step]))
        .toFixed(step === 'gcs' ? 4 : 1)
        .padStart(10),
    );
    console.log(`${step.padEnd(16)}${cells.join('')}`);
  }
  const { raw, client } = results;
  if (raw !== undefined && client !== undefined) {
    // Per round, raw / client: above 1 the client is cheaper. Process CPU: every thread.
    const ratio = (of: (each: Record<Step, number>) => number): string => {
      const perRound = raw.map((each, r) => of(each) / of(client[r] ?? each));
      return `${median(perRound).toFixed(2)} (rounds ${perRound.map((x) => x.toFixed(2)).join(' ')})`;
    };
    console.log(`raw / client, wall: ${ratio((each) => each.wall)}`);
    console.log(`raw / client, this thread's CPU: ${ratio((each) => each.cpu)}`);
    console.log(`raw / client, process CPU: ${ratio((each) => each.cpu + each['other threads'])}`);
  }
} finally {
  await server.close();
}
