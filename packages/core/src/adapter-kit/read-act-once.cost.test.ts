import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { readActOnce } from './read-act-once.js';

// Session 32 (smallfix): the cycle check scanned an array of the ancestors for each object copied
// (a cost of depth × objects), and a typed array's indices were all listed by Object.keys before
// the 1 MiB bound was charged for them. Each case runs in a worker of its own: a stack deep enough
// for the act, a heap small enough that listing 10 million indices cannot fit in it.
const MODULE = new URL('./read-act-once.ts', import.meta.url).href;

interface Outcome {
  result?: string;
  error?: string;
}

// Runs `body` (JavaScript, with `readActOnce` in scope) in a worker; resolves to what it returned
// (a string) or threw (its message and its cause's), or rejects when the worker dies or is still
// running after `timeoutMs`.
function inWorker(
  body: string,
  limits: { stackSizeMb?: number; maxOldGenerationSizeMb?: number },
  timeoutMs: number,
): Promise<Outcome> {
  const code = `
    const { parentPort, workerData } = require('node:worker_threads');
    import(workerData.module).then(({ readActOnce }) => {
      try {
        parentPort.postMessage({ result: (() => { ${body} })() });
      } catch (error) {
        parentPort.postMessage({ error: error.message + ' / ' + error.cause?.message });
      }
    });`;
  const worker = new Worker(code, {
    eval: true,
    workerData: { module: MODULE },
    resourceLimits: limits,
  });
  return new Promise<Outcome>((resolve, reject) => {
    const timer = setTimeout(() => {
      void worker.terminate();
      reject(new Error(`still running after ${timeoutMs} ms`));
    }, timeoutMs);
    worker.once('message', (outcome: Outcome) => {
      clearTimeout(timer);
      void worker.terminate();
      resolve(outcome);
    });
    worker.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

describe('readActOnce: the cost of a copy grows with the act, not with its square', () => {
  it('copies 150 000 arrays under 150 000 levels in linear time', async () => {
    // An array costs 3 characters of the bound ("[]" and a separator): 300 000 arrays fit in it.
    // The ancestor scan made 150 000 × 150 000 = 2.25e10 comparisons (10.4 s of CPU, Node 24); a
    // linear walk makes 300 000 steps (0.21 s). What is bounded is the CPU time of the worker's
    // own thread (process.threadCpuUsage, µs): CPU hogs beside it do not stretch it as they
    // stretch its wall time (past the 10 s this test once allowed, at load 12–17 with three
    // hogs). The copy is checked by a loop: JSON.stringify's own cycle check is no faster at this
    // depth.
    const outcome = await inWorker(
      `let act = Array.from({ length: 150000 }, () => []);
       for (let level = 0; level < 150000; level += 1) act = [act];
       const start = process.threadCpuUsage();
       let level = readActOnce({ sub: 'agent-1', act }).act;
       const { user, system } = process.threadCpuUsage(start);
       let depth = 0;
       for (; level.length === 1 && Object.isFrozen(level); level = level[0]) depth += 1;
       const linear = user + system < 2e6 ? 'under 2 s of CPU' : (user + system) / 1e6 + ' s of CPU';
       return depth + ' levels, ' + level.length + ' arrays, ' + linear;`,
      { stackSizeMb: 256 },
      150_000,
    );
    expect(outcome).toStrictEqual({ result: '150000 levels, 150000 arrays, under 2 s of CPU' });
  }, 180_000);

  it('refuses a typed array of 10 million indices before listing them', async () => {
    // JSON writes a typed array as an object of its indices ({"0":0,...}): 10 million of them
    // are far past the bound, and listing them takes some 500 MB, more than this worker's heap of 200 MB (a smaller heap
    // than the 80 MB list of keys itself aborts the whole process instead of the worker).
    const outcome = await inWorker(
      `return String(readActOnce({ sub: 'agent-1', blob: new Uint8Array(10e6) }));`,
      { maxOldGenerationSizeMb: 200 },
      60_000,
    );
    expect(outcome).toStrictEqual({
      error: 'Act claim must be JSON-serializable / its JSON is longer than 1048576 characters',
    });
  }, 90_000);

  it('refuses a cycle and copies a shared claim above and below 16 levels, as JSON does', () => {
    for (const depth of [1, 15, 16, 17, 40]) {
      const root: { sub: string; next?: unknown } = { sub: 'agent-1' };
      let bottom: Record<string, unknown> = root;
      for (let level = 0; level < depth; level += 1) {
        const next: Record<string, unknown> = {};
        bottom.next = next;
        bottom = next;
      }
      const shared = { id: 'x' };
      bottom.left = shared;
      bottom.right = shared;
      expect(readActOnce(root)).toStrictEqual(JSON.parse(JSON.stringify(root)));
      bottom.back = root;
      expect(() => readActOnce(root)).toThrow(new TypeError('Act claim must be JSON-serializable'));
    }
  });

  it('still copies a typed array or a DataView as JSON writes it', () => {
    const lying = new Uint16Array([7, 8]);
    Object.defineProperty(lying, 'length', { value: 0, enumerable: true });
    const act = {
      sub: 'agent-1',
      bytes: new Uint8Array([1, 2]),
      floats: new Float64Array([0.5]),
      lying,
      view: new DataView(new ArrayBuffer(4)),
    };
    expect(readActOnce(act)).toStrictEqual(JSON.parse(JSON.stringify(act)));
  });
});
