import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redisBehindProxyPerFile, type TcpProxy } from '../test/support/tcp-proxy.js';
import {
  createWorkerKit,
  type WorkerKit,
  type WorkerProcess,
} from '../test/support/worker-process.js';

// The watchdog decided a drop (an unanswered handshake, a dead connection) in an unref'd
// setImmediate after its timer. Node runs an unref'd immediate only once something else wakes the
// event loop: in a process with nothing else to do (an API between requests, a worker waiting for
// Redis) the drop came only at the app's next request or timer, and a new-user run saw
// `redis_handshake_timed_out` 7 s after a connectTimeoutMs of 300 (wave 29). The client runs here
// in a process of its own that does nothing else while it waits (a test worker's loop is woken by
// the runner, which hid this): five drops in a row, each due 100 ms after its connect, must all
// come before the one other timer of that process, 3 s on. (A dead connection's drop decided the
// same way, and is ref'd the same now.)

const WORKER = fileURLToPath(new URL('../test/support/idle-drop-worker.ts', import.meta.url));
const NOTHING_ELSE_MS = 3_000;

let proxy: TcpProxy;
let kit: WorkerKit;
let bundle: string;

redisBehindProxyPerFile(async (started) => {
  ({ proxy } = started);
});
beforeAll(async () => {
  kit = await createWorkerKit();
  bundle = await kit.bundle(WORKER);
});
afterAll(() => kit?.remove());

async function idleProcess(): Promise<WorkerProcess> {
  const [worker] = await kit.start(bundle, {});
  if (worker === undefined) throw new Error('no worker');
  return worker;
}

describe('a drop in a process with nothing else to do', () => {
  it('an unanswered handshake is dropped by itself (redis_handshake_timed_out)', async () => {
    const worker = await idleProcess();
    proxy.holdNewConnections(); // connects succeed; nothing is answered on them
    try {
      await worker.call('connect', {
        url: `redis://127.0.0.1:${proxy.port}`,
        options: { connectTimeoutMs: 100, reconnectBaseDelayMs: 20, reconnectMaxDelayMs: 20 },
      });
      expect(
        await worker.call('wait', {
          event: 'redis_handshake_timed_out',
          times: 5,
          nothingElseMs: NOTHING_ELSE_MS,
        }),
      ).toBe('logged');
    } finally {
      proxy.restore();
      await worker.call('close');
      await worker.close();
    }
  });
});
