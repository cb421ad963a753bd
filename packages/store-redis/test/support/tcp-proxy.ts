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
  /**
   * A host whose kernel still takes connections but whose Redis never answers: new connections
   * are accepted (the client's TCP connect succeeds) and what they carry is dropped both ways,
   * until {@link restore}. The flows open now are left as they are.
   */
  holdNewConnections(): void;
  /**
   * A peer that stops reading: what the clients of the open flows send is no longer read, so it
   * backs up in their sockets (the kernel's buffers, then the client's own).
   */
  stallRequests(): void;
  /**
   * A Redis that went down: every open flow is reset and nothing listens on the port, so each
   * connection attempt is refused at once (`ECONNREFUSED`, nothing written on it), until
   * {@link restore} listens again.
   */
  goDown(): void;
  /**
   * A new route: new connections are forwarded again (after {@link goDown}, once the port listens
   * again). The flows blackholed stay dead.
   */
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
  const held = new Set<Socket>();
  let refusing = false;
  let holding = false;
  let delayMs = 0;
  let connections = 0;
  const server = createServer((client) => {
    client.on('error', () => undefined);
    if (refusing) {
      client.destroy();
      return;
    }
    connections += 1;
    if (holding) {
      held.add(client);
      return;
    }
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
  const { port } = address;
  return {
    port,
    get connections() {
      return connections;
    },
    blackhole() {
      refusing = true;
      for (const flow of flows) flow.dead = true;
    },
    holdNewConnections() {
      holding = true;
    },
    stallRequests() {
      for (const flow of flows) flow.client.pause();
    },
    goDown() {
      server.close();
      for (const flow of flows) {
        flow.dead = true;
        flow.client.resetAndDestroy();
        flow.upstream.destroy();
      }
      flows.clear();
    },
    restore() {
      refusing = false;
      holding = false;
      if (!server.listening) server.listen(port, '127.0.0.1');
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
      for (const socket of held) socket.destroy();
      held.clear();
      if (!server.listening) return;
      server.close();
      await once(server, 'close');
    },
  };
}
