// biome-ignore-all lint/suspicious/noConsole: a probe run by hand prints what it measured
// biome-ignore-all lint/style/noNonNullAssertion: keys of records this file fills itself
// By hand, not run by `pnpm bench` (not a `*.bench.ts`): what 64 act-JWT verifications in flight
// (RS256, every check, a replay store that accepts all) cost beside 64 raw `crypto.subtle.verify`,
// in the units docs/performance.md § "Verification with 64 in flight" (Session 13) quotes. Run from
// packages/session: `node ../../tools/run-source.mjs bench/act-jwt-alloc-probe.ts <mode>`, V8 flags
// before `../../tools/run-source.mjs`.
// - `alloc [batches]`: bytes allocated per token (the heap's growth plus what each GC freed, by
//   v8.GCProfiler), scavenges per 10 000 tokens, raw then ours, twice;
// - `profile [batches] [file]`: a sampling heap profile of ours (every 64 B, objects the GC
//   collected included), for Chrome DevTools or a script summing sizes by function;
// - `threads [rounds] [batches]`: CPU (schedstat) and context switches per token of each thread
//   group (main, libuv pool, V8's workers), wall time and GC pauses per token, raw and ours
//   alternating (Linux only: reads /proc/self/task);
// - `ratio [rounds] [batches]`: raw ÷ ours by wall and by CPU time (process.cpuUsage), medians.

import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { GCProfiler, getHeapStatistics } from 'node:v8';
import { base64url } from 'jose';
import { actJwtSetup } from './act-jwt-setup.ts';

const IN_FLIGHT = 64;
const mode = process.argv[2] ?? 'alloc';
const { publicKey, token, verifier } = await actJwtSetup('RS256');
const [h = '', p = '', s = ''] = token.split('.');
const sig = base64url.decode(s) as Uint8Array<ArrayBuffer>;
const data = new TextEncoder().encode(`${h}.${p}`);
const PARAMS = { name: 'RSASSA-PKCS1-v1_5' };
const raw = async () => {
  if (!(await crypto.subtle.verify(PARAMS, publicKey, sig, data))) throw new Error('bad');
};
const ours = () => verifier.verify(token);
const batch = (one: () => Promise<unknown>) => Promise.all(Array.from({ length: IN_FLIGHT }, one));
const sides: Record<string, () => Promise<unknown>> = { raw, ours };

interface GcRecord {
  readonly gcType: string;
  readonly cost: number;
  readonly beforeGC: { heapStatistics: { usedHeapSize: number } };
  readonly afterGC: { heapStatistics: { usedHeapSize: number } };
}

async function run(one: () => Promise<unknown>, batches: number) {
  for (let i = 0; i < batches; i += 1) await batch(one);
}

if (mode === 'alloc') {
  const batches = Number(process.argv[3] ?? 157);
  for (const name of ['raw', 'ours', 'raw', 'ours']) {
    const one = sides[name]!;
    await run(one, 40);
    const profiler = new GCProfiler();
    const start = getHeapStatistics();
    profiler.start();
    await run(one, batches);
    const end = getHeapStatistics();
    const { statistics } = profiler.stop() as unknown as { statistics: GcRecord[] };
    let freed = 0;
    let scavenges = 0;
    let majors = 0;
    let cost = 0;
    const types = new Set<string>();
    for (const gc of statistics) {
      cost += gc.cost;
      types.add(gc.gcType);
      freed += gc.beforeGC.heapStatistics.usedHeapSize - gc.afterGC.heapStatistics.usedHeapSize;
      if (gc.gcType === 'Scavenge') scavenges += 1;
      else majors += 1;
    }
    const tokens = batches * IN_FLIGHT;
    const bytes = end.used_heap_size - start.used_heap_size + freed;
    console.log(
      `${name}: ${(bytes / tokens).toFixed(0)} B/token, scavenges per 10k ${((scavenges * 10000) / tokens).toFixed(1)}, other GCs ${majors}, GC µs/token ${(cost / tokens).toFixed(2)} [${[...types]}], external Δ ${end.external_memory - start.external_memory}`,
    );
  }
} else if (mode === 'profile') {
  const session = new Session();
  session.connect();
  await run(ours, 40);
  await session.post('HeapProfiler.startSampling', {
    samplingInterval: 64,
    includeObjectsCollectedByMajorGC: true,
    includeObjectsCollectedByMinorGC: true,
  });
  await run(ours, Number(process.argv[3] ?? 100));
  const { profile } = await session.post('HeapProfiler.stopSampling');
  writeFileSync(process.argv[4] ?? 'act-jwt-ours.heapprofile', JSON.stringify(profile));
  console.log('written');
} else if (mode === 'threads') {
  // CPU (ns, schedstat) and context switches per token of each thread group, ours vs raw.
  const group = (comm: string, tid: string) =>
    tid === String(process.pid)
      ? 'main'
      : comm.startsWith('libuv')
        ? 'pool'
        : comm.startsWith('V8')
          ? 'v8'
          : 'other';
  const snap = () => {
    const out: Record<string, { ns: number; cs: number }> = {};
    for (const tid of readdirSync('/proc/self/task')) {
      try {
        const comm = readFileSync(`/proc/self/task/${tid}/comm`, 'utf8').trim();
        const ns = Number(readFileSync(`/proc/self/task/${tid}/schedstat`, 'utf8').split(' ')[0]);
        const st = readFileSync(`/proc/self/task/${tid}/status`, 'utf8');
        const cs =
          Number(/^voluntary_ctxt_switches:\s+(\d+)/m.exec(st)?.[1]) +
          Number(/^nonvoluntary_ctxt_switches:\s+(\d+)/m.exec(st)?.[1]);
        const g = group(comm, tid);
        out[g] ??= { ns: 0, cs: 0 };
        out[g].ns += ns;
        out[g].cs += cs;
      } catch {}
    }
    return out;
  };
  const rounds = Number(process.argv[3] ?? 6);
  const batches = Number(process.argv[4] ?? 80);
  await run(raw, 20);
  await run(ours, 20);
  const acc: Record<string, Record<string, { ns: number; cs: number }>> = { raw: {}, ours: {} };
  const gcUs: Record<string, number> = { raw: 0, ours: 0 };
  const gcN: Record<string, number> = { raw: 0, ours: 0 };
  const byType: Record<string, [number, number]> = {};
  const wallUs: Record<string, number> = { raw: 0, ours: 0 };
  for (let r = 0; r < rounds; r += 1) {
    for (const name of r % 2 === 0 ? ['raw', 'ours'] : ['ours', 'raw']) {
      const profiler = new GCProfiler();
      profiler.start();
      const a = snap();
      const t0 = performance.now();
      await run(sides[name]!, batches);
      wallUs[name]! += (performance.now() - t0) * 1000;
      const b = snap();
      for (const gc of (profiler.stop() as unknown as { statistics: GcRecord[] }).statistics) {
        gcUs[name]! += gc.cost;
        gcN[name]! += 1;
        const k = `${name}:${gc.gcType}`;
        byType[k] = [(byType[k]?.[0] ?? 0) + 1, (byType[k]?.[1] ?? 0) + gc.cost];
      }
      for (const g of Object.keys(b)) {
        acc[name]![g] ??= { ns: 0, cs: 0 };
        const t = acc[name]![g]!;
        t.ns += b[g]!.ns - (a[g]?.ns ?? 0);
        t.cs += b[g]!.cs - (a[g]?.cs ?? 0);
      }
    }
  }
  const tokens = rounds * batches * IN_FLIGHT;
  const fmt = (x: Record<string, { ns: number; cs: number }>) =>
    Object.entries(x)
      .map(
        ([g, v]) => `${g} ${(v.ns / tokens / 1000).toFixed(2)}µs/${(v.cs / tokens).toFixed(3)}cs`,
      )
      .join(', ');
  const gc = (n: string) =>
    `GC pause ${(gcUs[n]! / tokens).toFixed(2)}µs, ${((gcN[n]! * 10000) / tokens).toFixed(1)} GCs/10k`;
  console.log(
    `${process.execArgv.join(' ') || 'none'} | raw: ${fmt(acc.raw!)}, ${gc('raw')} | ours: ${fmt(acc.ours!)}, ${gc('ours')}`,
  );
  const total = (x: Record<string, { ns: number }>) =>
    Object.values(x).reduce((t, v) => t + v.ns, 0) / tokens / 1000;
  const cs = (x: Record<string, { cs: number }>) =>
    Object.values(x).reduce((t, v) => t + v.cs, 0) / tokens;
  console.log(
    `JSON ${JSON.stringify({ flags: process.execArgv.join(' ') || 'none', rawCpu: total(acc.raw!), oursCpu: total(acc.ours!), rawWall: wallUs.raw! / tokens, oursWall: wallUs.ours! / tokens, rawGc: gcUs.raw! / tokens, oursGc: gcUs.ours! / tokens, rawCs: cs(acc.raw!), oursCs: cs(acc.ours!) })}`,
  );
  console.log(
    Object.entries(byType)
      .map(([k, [n, c]]) => `${k} ${n}× ${(c / n / 1000).toFixed(1)}ms`)
      .join('; '),
  );
} else if (mode === 'ratio') {
  const rounds = Number(process.argv[3] ?? 7);
  const batches = Number(process.argv[4] ?? 40);
  await run(raw, 20);
  await run(ours, 20);
  const cpu: number[] = [];
  const wall: number[] = [];
  const per: Record<string, number[]> = { rawCpu: [], oursCpu: [] };
  for (let r = 0; r < rounds; r += 1) {
    const m: Record<string, { cpu: number; wall: number }> = {};
    for (const name of r % 2 === 0 ? ['raw', 'ours'] : ['ours', 'raw']) {
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      await run(sides[name]!, batches);
      const t1 = performance.now();
      const c1 = process.cpuUsage(c0);
      m[name] = {
        cpu: (c1.user + c1.system) / (batches * IN_FLIGHT),
        wall: ((t1 - t0) * 1000) / (batches * IN_FLIGHT),
      };
    }
    cpu.push(m.raw!.cpu / m.ours!.cpu);
    wall.push(m.raw!.wall / m.ours!.wall);
    per.rawCpu!.push(m.raw!.cpu);
    per.oursCpu!.push(m.ours!.cpu);
  }
  const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  console.log(
    JSON.stringify({
      flags: process.execArgv.join(' ') || 'none',
      wall: med(wall),
      cpu: med(cpu),
      rawCpuUs: med(per.rawCpu!),
      oursCpuUs: med(per.oursCpu!),
    }),
  );
}
