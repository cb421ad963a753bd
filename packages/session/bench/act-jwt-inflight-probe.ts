// biome-ignore-all lint/suspicious/noConsole: a probe run by hand prints what it measured
// By hand, not run by `pnpm bench` (not a `*.bench.ts`): act-JWT verifications in flight (every
// check, a replay store that accepts all) against raw `crypto.subtle.verify` of the same token,
// alternating in one process, by wall time, by CPU time of the whole process and by the main
// thread's own CPU time (`process.threadCpuUsage`). Run from packages/session:
//   node ../../tools/run-source.mjs bench/act-jwt-inflight-probe.ts [alg] [inFlight] [rounds] [batches]
// `alg` RS256 (default), ES256 or EdDSA; `inFlight` 64; `rounds` 15; `batches` per side per round 80.
// `inFlight` 1 compares one at a time. Medians of per-round ratios (raw ÷ ours by time: above 1,
// ours is faster).
//
// On a machine shared with other work, wall and CPU time move by ±50 % per round; instructions
// counted on the main thread do not depend on the load. `CALLGRIND=ours` (or `raw`) runs that side
// alone, `rounds` batches of warm-up, then `batches` batches with callgrind's instrumentation on:
//   CALLGRIND=ours valgrind --tool=callgrind --instr-atstart=no --separate-threads=yes \
//     --callgrind-out-file=/tmp/probe.cg node --single-threaded \
//     ../../tools/run-source.mjs bench/act-jwt-inflight-probe.ts RS256 64 60 30
// (`node` being the repo's Node 24: `pnpm exec which node`); the file ending in `-01` is the main
// thread: divide its total by the tokens printed, and leave V8's heap and compiler functions out
// (`callgrind_annotate --inclusive=no`) to compare the mutators.
//
// Each sample also splits the process's CPU by thread (Linux: `/proc/self/task/*/schedstat`): the
// main thread, libuv's pool (`libuv-worker`) and V8's and Node's other threads. To approximate a
// quiet machine on a shared Linux host with autogroup scheduling (`/proc/sys/kernel/
// sched_autogroup_enabled` = 1, as root), run it in a session of its own weighted as nice -20:
//   setsid sh -c 'echo -20 > /proc/$$/autogroup; exec node ../../tools/run-source.mjs bench/act-jwt-inflight-probe.ts'
// (a plain `nice` only weighs the process against its own session's). Other work still gets a
// share; keep such runs short.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { base64url } from 'jose';
import { actJwtSetup } from './act-jwt-setup.ts';

const alg = (process.argv[2] ?? 'RS256') as 'RS256' | 'ES256' | 'EdDSA';
const IN_FLIGHT = Number(process.argv[3] ?? 64);
const ROUNDS = Number(process.argv[4] ?? 15);
const BATCHES = Number(process.argv[5] ?? 80);

const WEB_PARAMS: Record<string, AlgorithmIdentifier | EcdsaParams> = {
  RS256: { name: 'RSASSA-PKCS1-v1_5' },
  ES256: { name: 'ECDSA', hash: 'SHA-256' },
  EdDSA: { name: 'Ed25519' },
};

const { publicKey, token, verifier } = await actJwtSetup(alg);
const [h = '', p = '', s = ''] = token.split('.');
const sig = base64url.decode(s) as Uint8Array<ArrayBuffer>;
const data = new TextEncoder().encode(`${h}.${p}`);
const params = WEB_PARAMS[alg] as AlgorithmIdentifier;
const raw = async () => {
  if (!(await crypto.subtle.verify(params, publicKey, sig, data))) throw new Error('bad');
};
const ours = () => verifier.verify(token);
const batch = (one: () => Promise<unknown>) => Promise.all(Array.from({ length: IN_FLIGHT }, one));

interface Sample {
  wall: number;
  cpu: number;
  main: number;
  pool: number;
  other: number;
}

/** Nanoseconds each kind of thread has run so far; zeros where `/proc` has no schedstat. */
function threadTimes(): { pool: number; other: number } {
  const times = { pool: 0, other: 0 };
  let tasks: string[] = [];
  try {
    tasks = readdirSync('/proc/self/task');
  } catch {
    return times;
  }
  for (const tid of tasks) {
    if (Number(tid) === process.pid) continue;
    try {
      const ran = Number(readFileSync(`/proc/self/task/${tid}/schedstat`, 'utf8').split(' ')[0]);
      const name = readFileSync(`/proc/self/task/${tid}/comm`, 'utf8');
      if (name.startsWith('libuv')) times.pool += ran;
      else times.other += ran;
    } catch {
      // The thread ended between the listing and the read.
    }
  }
  return times;
}

async function sample(one: () => Promise<unknown>): Promise<Sample> {
  const threads0 = threadTimes();
  const cpu0 = process.cpuUsage();
  const main0 = process.threadCpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < BATCHES; i += 1) await batch(one);
  const wall = (performance.now() - t0) * 1000;
  const cpu = process.cpuUsage(cpu0);
  const main = process.threadCpuUsage(main0);
  const threads = threadTimes();
  const tokens = BATCHES * IN_FLIGHT;
  return {
    wall: wall / tokens,
    cpu: (cpu.user + cpu.system) / tokens,
    main: (main.user + main.system) / tokens,
    pool: (threads.pool - threads0.pool) / 1000 / tokens,
    other: (threads.other - threads0.other) / 1000 / tokens,
  };
}

const callgrind = process.env.CALLGRIND;
if (callgrind === 'ours' || callgrind === 'raw') {
  const one = callgrind === 'ours' ? ours : raw;
  for (let i = 0; i < ROUNDS; i += 1) await batch(one);
  const instrument = (state: 'on' | 'off') =>
    execFileSync('callgrind_control', ['-i', state, String(process.pid)], { stdio: 'ignore' });
  instrument('on');
  for (let i = 0; i < BATCHES; i += 1) await batch(one);
  instrument('off');
  console.log(`${callgrind}: ${BATCHES * IN_FLIGHT} tokens measured`);
  process.exit(0);
}

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;

for (const one of [raw, ours, raw, ours]) await sample(one);
const rows = { raw: [] as Sample[], ours: [] as Sample[] };
const wallRatios: number[] = [];
const cpuRatios: number[] = [];
for (let round = 0; round < ROUNDS; round += 1) {
  const order = round % 2 === 0 ? (['raw', 'ours'] as const) : (['ours', 'raw'] as const);
  const got: Partial<Record<'raw' | 'ours', Sample>> = {};
  for (const side of order) got[side] = await sample(side === 'raw' ? raw : ours);
  const r = got.raw as Sample;
  const o = got.ours as Sample;
  rows.raw.push(r);
  rows.ours.push(o);
  wallRatios.push(r.wall / o.wall);
  cpuRatios.push(r.cpu / o.cpu);
}
const med = (side: Sample[], key: keyof Sample) => median(side.map((x) => x[key])).toFixed(1);
console.log(
  `${alg} ${IN_FLIGHT} in flight, ${ROUNDS} rounds × ${BATCHES * IN_FLIGHT} tokens: wall ratio ${median(wallRatios).toFixed(2)} (${wallRatios.map((x) => x.toFixed(2)).join(' ')}), CPU ratio ${median(cpuRatios).toFixed(2)}; µs per token raw/ours: wall ${med(rows.raw, 'wall')}/${med(rows.ours, 'wall')}, CPU ${med(rows.raw, 'cpu')}/${med(rows.ours, 'cpu')}, main thread ${med(rows.raw, 'main')}/${med(rows.ours, 'main')}, libuv pool ${med(rows.raw, 'pool')}/${med(rows.ours, 'pool')}, other threads ${med(rows.raw, 'other')}/${med(rows.ours, 'other')}; load average ${loadavg()[0]?.toFixed(1)}`,
);
