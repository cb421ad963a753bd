import { once } from 'node:events';
import { createServer, type Socket, connect as tcpConnect } from 'node:net';

/** A TCP proxy on loopback in front of one port, whose route can die without closing. */
export interface TcpProxy {
  readonly port: number;
  /**
   * The route dies, as after a NAT or firewall drops the flow, or the host vanished: the flows
   * open now stay open on both sides (no FIN, no RST) and what arrives on them is dropped; new
   * connections are refused until {@link restore}.
   */
  blackhole(): void;
  /** A new route: new connections are forwarded again. The flows blackholed stay dead. */
  restore(): void;
  /** Delays what the target sends back by `ms` (0: at once), on every flow; order is kept. */
  delayReplies(ms: number): void;
  /** How many connections it accepted and forwarded (a reconnect adds one). */
  readonly connections: number;
  /** Closes every flow and the listener. */
  close(): Promise<void>;
}

interface Flow {
  readonly client: Socket;
  readonly upstream: Socket;
  dead: boolean;
}

/** Starts a {@link TcpProxy} on a free loopback port, forwarding to `127.0.0.1:targetPort`. */
export async function startTcpProxy(targetPort: number): Promise<TcpProxy> {
  const flows = new Set<Flow>();
  let refusing = false;
  let delayMs = 0;
  let connections = 0;
  const server = createServer((client) => {
    client.on('error', () => undefined);
    if (refusing) {
      client.destroy();
      return;
    }
    connections += 1;
    const upstream = tcpConnect(targetPort, '127.0.0.1');
    upstream.on('error', () => undefined);
    const flow: Flow = { client, upstream, dead: false };
    flows.add(flow);
    client.on('data', (chunk) => {
      if (!flow.dead) upstream.write(chunk);
    });
    upstream.on('data', (chunk) => {
      if (flow.dead) return;
      if (delayMs === 0) client.write(chunk);
      else setTimeout(() => flow.dead || client.write(chunk), delayMs);
    });
    // A closing side closes the other, unless the flow is dead: then nothing gets through.
    const end = () => {
      if (flow.dead) return;
      flows.delete(flow);
      client.destroy();
      upstream.destroy();
    };
    client.on('close', end);
    upstream.on('close', end);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  return {
    port: address.port,
    get connections() {
      return connections;
    },
    blackhole() {
      refusing = true;
      for (const flow of flows) flow.dead = true;
    },
    restore() {
      refusing = false;
    },
    delayReplies(ms) {
      delayMs = ms;
    },
    async close() {
      for (const flow of flows) {
        flow.client.destroy();
        flow.upstream.destroy();
      }
      flows.clear();
      server.close();
      await once(server, 'close');
    },
  };
}
