// biome-ignore-all lint/suspicious/noConsole: a probe run by hand prints what it measured
// By hand, not run by `pnpm bench` (not a `*.bench.ts`): the main thread's own work per act JWT
// (RS256, 64 in flight, every check, a real InMemoryReplayStore kept for the whole run and a new
// `jti` per token) with the signature check stubbed, in the units docs/performance.md
// § "Verification with 64 in flight" (Session 34) quotes. The stub answers `node:crypto`'s
// `verify` with a cached verdict (true, on a later turn of the loop by `setImmediate`, as the
// thread pool answers), so only the work before and after the hand-over is counted; the `stub`
// line is that hand-over alone. Run from packages/session:
//   node ../../tools/run-source.mjs bench/act-jwt-cpu-probe.ts <mode> …
// - `cpu [rounds] [bursts] [other packages/ root]`: µs of CPU per token, the main thread's
//   (/proc/thread-self/schedstat, Linux) and the process's (`process.cpuUsage`), medians over the
//   rounds (two more rounds of warm-up first). With another root (a checkout's `packages`
//   directory, its `node_modules` links copied) both run in one process, rounds alternating, and
//   `paired` is the other's CPU ÷ this checkout's per round (above 1: this one is cheaper).
// - `profile [bursts]`: V8's sampling profile of this checkout (every 100 µs), the top functions
//   by self time in µs per token (inflated by the profiler: compare within one run).
// - `callgrind [warm-up rounds] [bursts] [other packages/ root]`: one round counted in
//   instructions, the rest not instrumented:
//     valgrind --tool=callgrind --instr-atstart=no --separate-threads=yes \
//       --callgrind-out-file=/tmp/probe.cg node --single-threaded \
//       ../../tools/run-source.mjs bench/act-jwt-cpu-probe.ts callgrind 20 30
//   (`node` being the repo's Node 24: `pnpm exec which node`); the file ending in `-01` is the
//   main thread: divide its total by the tokens printed. Compare runs of one path only: where the
//   code is loaded from moves V8's collector timing, and with it the count, by more than a cut.
import { readFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as CoreModule from '@dual-auth/core';
import { generateKeyPair } from 'jose';
import type * as SessionModule from '../src/index.js';

const IN_FLIGHT = 64;
const AUD = 'https://agent.example.com/invoke';
const mode = process.argv[2] ?? 'cpu';

interface Side {
  readonly name: string;
  readonly verifier: SessionModule.ActJwtVerifier;
}

// `node:crypto`'s verify, as the verifier reaches it (process.getBuiltinModule), answering true.
const nodeCrypto = process.getBuiltinModule('node:crypto') as unknown as Record<string, unknown>;
type Callback = (error: Error | null, valid: boolean) => void;
nodeCrypto.verify = (...args: unknown[]) => {
  const callback = args[4] as Callback | undefined;
  if (callback === undefined) return true;
  setImmediate(callback, null, true);
};

const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });

async function sideOf(name: string, packages: string): Promise<Side> {
  const url = (path: string) => pathToFileURL(resolve(packages, path)).href;
  const core: typeof CoreModule = await import(url('core/src/index.ts'));
  const session: typeof SessionModule = await import(url('session/src/index.ts'));
  const verifier = new session.ActJwtVerifier({
    publicKey,
    expectedAudience: AUD,
    replayStore: new core.InMemoryReplayStore(),
  });
  return { name, verifier };
}

const here = await sideOf('this', resolve(import.meta.dirname, '../..'));
const sides = [here];
const otherRoot = mode === 'profile' ? undefined : process.argv[5];
if (otherRoot !== undefined) sides.push(await sideOf('other', resolve(otherRoot)));

// One token signed by HybridSender; the others share its header and signature with a new `jti`
// each: the signature is never checked (the stub answers), every other check runs.
const template = await new (await import('../src/index.js')).HybridSender({
  privateKey,
  algorithm: 'RS256',
  includeEmail: true,
}).prepareOutOfSessionAct({
  act: { sub: 'u-1', email: 'alice@example.com' },
  agentEndpoint: AUD,
  ttlSeconds: 300,
});
const [header, payload, signature] = template.split('.') as [string, string, string];
const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));

function freshTokens(count: number): string[] {
  return Array.from({ length: count }, () => {
    const variant = Buffer.from(JSON.stringify({ ...claims, jti: crypto.randomUUID() }));
    return `${header}.${variant.toString('base64url')}.${signature}`;
  });
}

// Each side's key imported before anything is counted.
for (const side of sides) await side.verifier.verify(freshTokens(1)[0] as string);

async function verifyAll(side: Side, tokens: readonly string[]): Promise<void> {
  for (let b = 0; b < tokens.length; b += IN_FLIGHT) {
    const burst: Promise<unknown>[] = [];
    for (let i = b; i < b + IN_FLIGHT; i += 1)
      burst.push(side.verifier.verify(tokens[i] as string));
    await Promise.all(burst);
  }
}

// The hand-over alone: the stubbed verify wrapped as the thread-pool verifier wraps it.
const stub: Side = {
  name: 'stub',
  verifier: {
    verify: () =>
      new Promise<boolean>((done) =>
        (nodeCrypto.verify as (...args: unknown[]) => void)(
          'sha256',
          '',
          null,
          null,
          (_: unknown, ok: boolean) => done(ok),
        ),
      ),
  } as unknown as SessionModule.ActJwtVerifier,
};

function mainThreadNs(): number {
  return Number(readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ')[0]);
}

interface Sample {
  readonly main: number;
  readonly process: number;
}

async function measure(side: Side, tokens: readonly string[]): Promise<Sample> {
  const main = mainThreadNs();
  const cpu = process.cpuUsage();
  await verifyAll(side, tokens);
  const used = process.cpuUsage(cpu);
  return {
    main: (mainThreadNs() - main) / 1000 / tokens.length,
    process: (used.user + used.system) / tokens.length,
  };
}

const median = (values: readonly number[]): number =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

if (mode === 'cpu') {
  const rounds = Number(process.argv[3] ?? 15);
  const tokenCount = Number(process.argv[4] ?? 40) * IN_FLIGHT;
  const samples = new Map<string, Sample[]>([...sides, stub].map((side) => [side.name, []]));
  for (let r = 0; r < rounds + 2; r += 1) {
    const tokens = freshTokens(tokenCount);
    for (const side of r % 2 === 0 ? sides : [...sides].reverse()) {
      const sample = await measure(side, tokens);
      if (r >= 2) samples.get(side.name)?.push(sample);
    }
    const sample = await measure(stub, tokens);
    if (r >= 2) samples.get('stub')?.push(sample);
  }
  for (const [name, list] of samples) {
    const mains = list.map((s) => s.main);
    console.log(
      `${name}: main thread ${median(mains).toFixed(2)} µs/token (rounds ${Math.min(...mains).toFixed(2)}–${Math.max(...mains).toFixed(2)}), process ${median(list.map((s) => s.process)).toFixed(2)} µs/token`,
    );
  }
  const mine = samples.get('this') as Sample[];
  const other = samples.get('other');
  if (other !== undefined) {
    const paired = mine.map((s, i) => (other[i] as Sample).main / s.main);
    const pairedCpu = mine.map((s, i) => (other[i] as Sample).process / s.process);
    console.log(
      `paired other ÷ this: main thread ${median(paired).toFixed(3)} (${paired.filter((x) => x > 1).length} of ${paired.length} rounds above 1), process ${median(pairedCpu).toFixed(3)}`,
    );
  }
} else if (mode === 'callgrind') {
  const warm = Number(process.argv[3] ?? 20);
  const tokenCount = Number(process.argv[4] ?? 30) * IN_FLIGHT;
  const side = sides[sides.length - 1] as Side;
  for (let r = 0; r < warm; r += 1) await verifyAll(side, freshTokens(tokenCount));
  const tokens = freshTokens(tokenCount);
  const { execFileSync } = await import('node:child_process');
  const instrument = (state: 'on' | 'off') =>
    execFileSync('callgrind_control', ['-i', state, String(process.pid)], { stdio: 'ignore' });
  instrument('on');
  await verifyAll(side, tokens);
  instrument('off');
  console.log(`${tokens.length} tokens counted`);
} else if (mode === 'profile') {
  const tokenCount = Number(process.argv[3] ?? 40) * IN_FLIGHT;
  for (let r = 0; r < 4; r += 1) await verifyAll(here, freshTokens(tokenCount));
  const rounds = Array.from({ length: 10 }, () => freshTokens(tokenCount));
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 100 });
  await session.post('Profiler.start');
  for (const tokens of rounds) await verifyAll(here, tokens);
  const { profile } = await session.post('Profiler.stop');
  const selfUs = new Map<string, number>();
  const deltas = profile.timeDeltas ?? [];
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  (profile.samples ?? []).forEach((id, i) => {
    const frame = byId.get(id)?.callFrame;
    if (frame === undefined) return;
    const where = frame.url.split('/').slice(-2).join('/');
    const key = `${frame.functionName || '(anonymous)'} ${where}:${frame.lineNumber + 1}`;
    selfUs.set(key, (selfUs.get(key) ?? 0) + (deltas[i] ?? 0));
  });
  const count = rounds.length * tokenCount;
  const total = [...selfUs.values()].reduce((a, b) => a + b, 0);
  console.log(`${(total / count).toFixed(3)} µs/token of samples in all`);
  for (const [key, us] of [...selfUs].sort((a, b) => b[1] - a[1]).slice(0, 30)) {
    console.log(`${(us / count).toFixed(3)} µs/token  ${key}`);
  }
}
