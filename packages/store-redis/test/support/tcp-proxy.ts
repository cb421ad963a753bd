import { once } from 'node:events';
import { createServer, type Socket, connect as tcpConnect } from 'node:net';
import { type LocalRedis, startRedisServer } from '@dual-auth/testing';
import { afterAll, beforeAll } from 'vitest';

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
   * A TLS peer whose Redis never answers: new connections complete their TLS handshake (records
   * forwarded both ways up to the client's first application data, TLS 1.2, where handshake
   * records are told from application data by their type), then what the client sends is dropped,
   * until {@link restore}. The flows open now are left as they are.
   */
  holdNewConnectionsAfterTls(): void;
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
  /**
   * New connections go to `127.0.0.1:port` from now on (a DNS name or virtual IP moved to another
   * host, as in a failover); the flows open now stay with the old target.
   */
  retarget(port: number): void;
  /** Delays what the target sends back by `ms` (0: at once), on every flow; order is kept. */
  delayReplies(ms: number): void;
  /**
   * Holds what the target sends back from now on, on every flow, until `release()` (which sends
   * it on, in order) or until the next `holdReplies()`, which holds what comes after it: release
   * the holds in the order taken. Held replies are not delayed by {@link delayReplies}.
   */
  holdReplies(): { release(): void };
  /**
   * Splits what a client sends after its next command that names `arg` (a key): the commands up
   * to that one go through, the bytes after it are held until `release()`. `ran` resolves once
   * Redis answered every command let through since this call, so the named one has run (another
   * client's command sent then runs between it and the held ones). For a client that sends
   * nothing else meanwhile (no watchdog probes), already connected.
   */
  splitAfterCommandNaming(arg: string): { readonly ran: Promise<void>; release(): void };
  /** How many connections it accepted and forwarded (a reconnect adds one). */
  readonly connections: number;
  /** Closes every flow and the listener. */
  close(): Promise<void>;
}

interface Flow {
  readonly client: Socket;
  readonly upstream: Socket;
  dead: boolean;
  /** Set by {@link TcpProxy.holdNewConnectionsAfterTls}: the client's TLS records not yet whole. */
  tlsRecords?: Buffer;
  /** The client sent application data on a flow held after TLS: nothing goes through any more. */
  tlsHeld?: boolean;
}

/** TLS record content type of application data (RFC 5246 §6.2.1). */
const TLS_APPLICATION_DATA = 23;

/**
 * What of `flow`'s client bytes goes through on a flow held after its TLS handshake: whole
 * records up to its first application data, none from it on.
 */
function tlsHandshakeOnly(flow: Flow, chunk: Buffer): Buffer {
  if (flow.tlsHeld) return Buffer.alloc(0);
  let records = Buffer.concat([flow.tlsRecords ?? Buffer.alloc(0), chunk]);
  const through: Buffer[] = [];
  while (records.length >= 5) {
    const end = 5 + records.readUInt16BE(3);
    if (records.length < end) break;
    if (records[0] === TLS_APPLICATION_DATA) {
      flow.tlsHeld = true;
      records = Buffer.alloc(0);
      break;
    }
    through.push(records.subarray(0, end));
    records = records.subarray(end);
  }
  flow.tlsRecords = records;
  return Buffer.concat(through);
}

/** A {@link TcpProxy.splitAfterCommandNaming} under way. */
interface Split {
  readonly needle: Buffer;
  /** The flow whose command named the arg: what its client sends is held from then on. */
  splitFlow: Flow | undefined;
  readonly held: Buffer[];
  /** Per flow: bytes not yet parsed either way, commands let through and replies seen. */
  readonly counts: Map<Flow, { requests: Buffer; replies: Buffer; sent: number; answered: number }>;
  readonly ran: () => void;
}

/**
 * Where the RESP value starting at `at` ends, or `undefined` while it is incomplete: a request
 * (an array of bulk strings) or a reply.
 */
function endOfValue(buffer: Buffer, at: number): number | undefined {
  const eol = buffer.indexOf('\r\n', at);
  if (eol === -1) return undefined;
  const type = String.fromCharCode(buffer[at] as number);
  const size = Number(buffer.toString('latin1', at + 1, eol));
  let next = eol + 2;
  if (type === '$' || type === '=' || type === '!') {
    if (size < 0) return next;
    return buffer.length >= next + size + 2 ? next + size + 2 : undefined;
  }
  if ('*~>%'.includes(type)) {
    const count = size < 0 ? 0 : type === '%' ? size * 2 : size;
    for (let i = 0; i < count; i += 1) {
      const end = endOfValue(buffer, next);
      if (end === undefined) return undefined;
      next = end;
    }
  }
  return next;
}

/** Starts a {@link TcpProxy} on a free loopback port, forwarding to `127.0.0.1:targetPort`. */
export async function startTcpProxy(targetPort: number): Promise<TcpProxy> {
  let target = targetPort;
  const flows = new Set<Flow>();
  const held = new Set<Socket>();
  let refusing = false;
  let holding = false;
  let holdingAfterTls = false;
  let delayMs = 0;
  let connections = 0;
  let split: Split | undefined;
  // The replies of the latest holdReplies() not released yet: what sends each on.
  let replyHold: Array<() => void> | undefined;
  // Forwards a client's bytes, unless a split holds them; true when the flow's split happened.
  const splitRequest = (flow: Flow, chunk: Buffer): boolean => {
    if (split === undefined) return false;
    if (split.splitFlow === flow) {
      split.held.push(chunk);
      return true;
    }
    if (split.splitFlow !== undefined) return false;
    let count = split.counts.get(flow);
    if (count === undefined) {
      count = { requests: Buffer.alloc(0), replies: Buffer.alloc(0), sent: 0, answered: 0 };
      split.counts.set(flow, count);
    }
    count.requests = Buffer.concat([count.requests, chunk]);
    for (let end = endOfValue(count.requests, 0); end !== undefined; ) {
      const command = count.requests.subarray(0, end);
      count.requests = count.requests.subarray(end);
      flow.upstream.write(command);
      count.sent += 1;
      if (command.includes(split.needle)) {
        split.splitFlow = flow;
        split.held.push(count.requests);
        return true;
      }
      end = count.requests.length === 0 ? undefined : endOfValue(count.requests, 0);
    }
    return true;
  };
  const countReplies = (flow: Flow, chunk: Buffer) => {
    const count = split?.counts.get(flow);
    if (split === undefined || count === undefined) return;
    count.replies = Buffer.concat([count.replies, chunk]);
    for (let end = endOfValue(count.replies, 0); end !== undefined; ) {
      count.replies = count.replies.subarray(end);
      count.answered += 1;
      end = count.replies.length === 0 ? undefined : endOfValue(count.replies, 0);
    }
    if (split.splitFlow === flow && count.answered >= count.sent) split.ran();
  };
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
    const upstream = tcpConnect(target, '127.0.0.1');
    upstream.on('error', () => undefined);
    const flow: Flow = { client, upstream, dead: false };
    if (holdingAfterTls) flow.tlsRecords = Buffer.alloc(0);
    flows.add(flow);
    client.on('data', (chunk: Buffer) => {
      if (flow.dead) return;
      if (flow.tlsRecords !== undefined) upstream.write(tlsHandshakeOnly(flow, chunk));
      else if (!splitRequest(flow, chunk)) upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => {
      if (flow.dead) return;
      countReplies(flow, chunk);
      if (replyHold !== undefined) replyHold.push(() => flow.dead || client.write(chunk));
      else if (delayMs === 0) client.write(chunk);
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
    holdNewConnectionsAfterTls() {
      holdingAfterTls = true;
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
      holdingAfterTls = false;
      if (!server.listening) server.listen(port, '127.0.0.1');
    },
    retarget(port) {
      target = port;
    },
    delayReplies(ms) {
      delayMs = ms;
    },
    holdReplies() {
      const held: Array<() => void> = [];
      replyHold = held;
      return {
        release() {
          if (replyHold === held) replyHold = undefined;
          for (const send of held.splice(0)) send();
        },
      };
    },
    splitAfterCommandNaming(arg) {
      let ran: () => void = () => undefined;
      const done = new Promise<void>((resolve) => {
        ran = resolve;
      });
      const current: Split = {
        needle: Buffer.from(`\r\n${arg}\r\n`),
        splitFlow: undefined,
        held: [],
        counts: new Map(),
        ran,
      };
      split = current;
      return {
        ran: done,
        release() {
          if (split === current) split = undefined;
          for (const [flow, count] of current.counts) {
            if (flow !== current.splitFlow && !flow.dead) flow.upstream.write(count.requests);
          }
          const flow = current.splitFlow;
          if (flow !== undefined && !flow.dead) flow.upstream.write(Buffer.concat(current.held));
        },
      };
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

/** A redis-server of a test file's own and a {@link TcpProxy} in front of it. */
export interface RedisBehindProxy {
  readonly redis: LocalRedis;
  readonly proxy: TcpProxy;
  /** Closes the proxy (every flow), then the redis-server. */
  close(): Promise<void>;
}

/** Starts a redis-server on a free loopback port and a {@link TcpProxy} in front of it. */
export async function startRedisBehindProxy(): Promise<RedisBehindProxy> {
  const redis = await startRedisServer();
  try {
    const proxy = await startTcpProxy(redis.port);
    return {
      redis,
      proxy,
      async close() {
        await proxy.close();
        await redis.close();
      },
    };
  } catch (error) {
    await redis.close();
    throw error;
  }
}

/**
 * A test file's {@link startRedisBehindProxy}: started before its tests (`beforeAll`), handed to
 * `use` (which may set more up), and closed after them (`afterAll`; an `afterAll` the file
 * registers later runs before it, so its clients close first).
 */
export function redisBehindProxyPerFile(
  use: (started: RedisBehindProxy) => void | Promise<void>,
): void {
  let started: RedisBehindProxy | undefined;
  beforeAll(async () => {
    started = await startRedisBehindProxy();
    await use(started);
  });
  afterAll(() => started?.close());
}
