import { tracingChannel } from 'node:diagnostics_channel';
import { once } from 'node:events';
import { createRecordingLogger } from '@dual-auth/testing';
import { describe, expect, it } from 'vitest';
import { eventually } from '../test/support/redis-client.js';
import { redisBehindProxyPerFile, type TcpProxy } from '../test/support/tcp-proxy.js';
import { createRedisClient } from './index.js';

// The watchdog probes with one PING at a time. A probe whose deadline found the client no longer
// ready (node-redis had seen the socket fail and was reconnecting) left its PING in node-redis's
// offline queue, which a reconnect keeps: the ready connection started a new chain of probes, and
// the old PING, answered on it, started another. Two PINGs per interval, then more after each such
// reconnect (review, wave 28).

let proxy: TcpProxy;

redisBehindProxyPerFile((started) => {
  ({ proxy } = started);
});

const DEAD_AFTER_MS = 1_000; // probes every 500 ms
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** node-redis's diagnostics channel of commands: the PINGs of the client whose port is `port`. */
function watchPings(port: number) {
  type Context = { command?: string; serverPort?: number };
  const inFlight = new Set<Context>();
  let counting = false;
  let started = 0;
  let answered = 0;
  let mostInFlight = 0;
  let onAnswer: (() => void) | undefined;
  const isPing = (context: Context) => context.command === 'PING' && context.serverPort === port;
  const settle = (context: Context) => {
    if (inFlight.delete(context)) answered += 1;
    if (isPing(context)) onAnswer?.();
  };
  const handlers = {
    start(context: Context) {
      if (!isPing(context)) return;
      started += 1;
      if (!counting) return;
      inFlight.add(context);
      mostInFlight = Math.max(mostInFlight, inFlight.size);
    },
    end: () => undefined,
    asyncStart: () => undefined,
    asyncEnd: settle,
    error: settle,
  };
  const channel = tracingChannel<unknown, Context>('node-redis:command');
  channel.subscribe(handlers);
  return {
    get started() {
      return started;
    },
    get answered() {
      return answered;
    },
    get mostInFlight() {
      return mostInFlight;
    },
    /** Resolves when a PING is answered next (or fails). */
    nextAnswer: () =>
      new Promise<void>((resolve) => {
        onAnswer = () => {
          onAnswer = undefined;
          resolve();
        };
      }),
    /** Counts the PINGs sent from now on only (one sent earlier may still be queued). */
    countFromNow() {
      counting = true;
    },
    stop: () => channel.unsubscribe(handlers),
  };
}

describe('the dead-connection watchdog across a reconnect', () => {
  it('keeps one PING at a time when a probe outlived its connection in the offline queue', async () => {
    const logger = createRecordingLogger();
    const pings = watchPings(proxy.port);
    const client = createRedisClient({
      url: `redis://127.0.0.1:${proxy.port}`,
      logger,
      reconnectMaxDelayMs: 50,
      deadConnectionAfterMs: DEAD_AFTER_MS,
    });
    try {
      if (!client.isReady) await once(client, 'ready');
      // Just after a probe was answered: the next one is half a second away.
      await pings.nextAnswer();
      const before = pings.started;
      // Redis stops reading: a large command fills the socket's buffers, and the commands after it
      // wait unwritten in node-redis's queue, as does the next probe's PING.
      proxy.stallRequests();
      // After the reconnect, a BLPOP among them holds the answers after it (the PING's too) past
      // the handshake's, so that the client is ready before the old PING is answered.
      const stuck: Array<Promise<unknown>> = [
        client.set('one-probe:big', 'x'.repeat(32 * 1024 * 1024)),
      ];
      for (let i = 0; i < 5; i += 1) stuck.push(client.get('one-probe:k'));
      stuck.push(client.blPop('one-probe:empty', 0.6));
      for (let i = 0; i < 5; i += 1) stuck.push(client.get('one-probe:k'));
      for (const command of stuck) command.catch(() => undefined);
      await eventually(async () => pings.started > before, 100);

      // Redis goes down (node-redis reconnects, its unwritten commands kept) and stays down past
      // the probe's deadline, so that the deadline finds the client not ready.
      proxy.goDown();
      await sleep(DEAD_AFTER_MS + 200);
      await new Promise((resolve) => setImmediate(resolve));
      expect(client.isReady).toBe(false);

      // Replies slower than the probe interval: two chains of probes would have two PINGs
      // unanswered at once; one chain never has.
      proxy.delayReplies(750);
      // (not events.once: it rejects on the 'error' of each refused attempt)
      const ready = new Promise((resolve) => client.once('ready', resolve));
      proxy.restore();
      await ready;
      pings.countFromNow();
      const answeredBefore = pings.answered;
      await eventually(async () => pings.answered - answeredBefore >= 5, 200);
      expect(pings.mostInFlight).toBe(1);
    } finally {
      pings.stop();
      proxy.delayReplies(0);
      await client.close();
    }
  });
});
