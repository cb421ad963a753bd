import type { LookupAddress } from 'node:dns';
import { once } from 'node:events';
import { createRecordingLogger } from '@dual-auth/testing';
import { describe, expect, it } from 'vitest';
import { eventually } from '../test/support/redis-client.js';
import { redisBehindProxyPerFile, type TcpProxy } from '../test/support/tcp-proxy.js';
import { createRedisClient } from './index.js';

// After the watchdog dropped a dead connection it dials a new one. A client the user destroy()s
// or close()s while that dial is under way must stay closed: node-redis marks the ready socket of
// a dial that ends after destroy() as ready (a live connection the user let go of, holding the
// process open).

let proxy: TcpProxy;

redisBehindProxyPerFile((started) => {
  ({ proxy } = started);
});

type LookupCallback = (
  error: Error | null,
  address: string | LookupAddress[],
  family?: number,
) => void;

/** A DNS lookup for the client's socket that the test can hold, as a slow resolver does. */
function holdableLookup() {
  const held: Array<() => void> = [];
  let holding = false;
  const lookup = (_host: string, options: { all?: boolean }, callback: LookupCallback) => {
    const answer = () =>
      options.all
        ? callback(null, [{ address: '127.0.0.1', family: 4 }])
        : callback(null, '127.0.0.1', 4);
    if (holding) held.push(answer);
    else answer();
  };
  return {
    lookup,
    hold: () => {
      holding = true;
    },
    get held() {
      return held.length;
    },
    release: () => {
      holding = false;
      for (const answer of held.splice(0)) answer();
    },
  };
}

describe('a client closed by its user while the watchdog reconnects', () => {
  for (const how of ['destroy', 'close'] as const) {
    it(`stays closed after ${how}(): the dial under way does not leave a ready connection`, async () => {
      const logger = createRecordingLogger();
      const dns = holdableLookup();
      const client = createRedisClient({
        url: `redis://redis-host.test:${proxy.port}`,
        logger,
        reconnectMaxDelayMs: 50,
        deadConnectionAfterMs: 300,
        // A host name whose lookup the test holds (maintNotifications would resolve it on its own).
        clientOptions: { maintNotifications: 'disabled', socket: { lookup: dns.lookup } as never },
      });
      try {
        if (!client.isReady) await once(client, 'ready');
        dns.hold();
        proxy.blackhole();
        await eventually(async () => dns.held > 0, 200); // dropped; the new dial waits on DNS
        expect(logger.records.map((r) => r.event)).toContain('redis_connection_dropped');
        if (how === 'destroy') client.destroy();
        else await client.close();
        proxy.restore();
        const dialed = once(client, 'ready'); // node-redis's, for the dial that was under way
        dns.release();
        await dialed;
        expect(client.isReady).toBe(false);
        expect(client.isOpen).toBe(false);
      } finally {
        if (client.isReady) client.destroy();
      }
    });
  }
});
