// A process with nothing to do but its Redis client: no timer, no request, no other I/O. The test
// asks it over IPC to make a client and to wait for one watchdog event; an IPC message is the only
// other thing that can wake its event loop, and none is sent while it waits.
import type { Logger } from '@dual-auth/core';
import { createRedisClient, type StoreRedisClient } from '@dual-auth/store-redis';

interface Call {
  id: number;
  op: string;
  url?: string;
  event?: string;
  options?: Record<string, number>;
  nothingElseMs?: number;
  times?: number;
}

let client: StoreRedisClient | undefined;
const heard = new Map<string, number>();
const waiters = new Map<string, () => void>();
const hear = (event: string) => {
  heard.set(event, (heard.get(event) ?? 0) + 1);
  waiters.get(event)?.();
};
const logger: Logger = { debug: hear, info: hear, warn: hear, error: hear };

const reply = (id: number, value: unknown) => process.send?.({ id, ok: true, value });

process.on('message', (call: Call) => {
  if (call.op === 'ready') return reply(call.id, true);
  if (call.op === 'connect') {
    client = createRedisClient({ url: call.url ?? '', logger, ...call.options });
    if (call.event === undefined) return reply(call.id, true);
    client.once(call.event, () => reply(call.id, true));
    return;
  }
  if (call.op === 'wait') {
    const event = call.event ?? '';
    const times = call.times ?? 1;
    if ((heard.get(event) ?? 0) >= times) return reply(call.id, 'logged');
    // The one ref'd timer: it wakes the loop far past the event's due time, and settles first
    // when the event waits for a wake-up.
    const timer = setTimeout(
      () => reply(call.id, 'nothing else woke the process'),
      call.nothingElseMs,
    );
    waiters.set(event, () => {
      if ((heard.get(event) ?? 0) < times) return;
      clearTimeout(timer);
      reply(call.id, 'logged');
    });
    return;
  }
  if (call.op === 'close') {
    client?.destroy();
    return reply(call.id, true);
  }
});
