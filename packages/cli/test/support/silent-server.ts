import { createServer, type Socket } from 'node:net';

/** A loopback TCP server that accepts connections and never sends a byte (not even TLS's). */
export interface SilentServer {
  /** Its port on 127.0.0.1. */
  readonly port: number;
  /** The connections it accepted. */
  readonly sockets: readonly Socket[];
  /** Resolves when it accepts its first connection. */
  readonly connected: Promise<void>;
  /** Destroys every connection and stops listening. */
  close(): Promise<void>;
}

/**
 * Starts a {@link SilentServer}: a real socket for testing what a client does when a server never
 * answers.
 */
export async function startSilentServer(): Promise<SilentServer> {
  const sockets: Socket[] = [];
  let resolve = (): void => undefined;
  const connected = new Promise<void>((done) => {
    resolve = done;
  });
  const server = createServer((socket) => {
    sockets.push(socket);
    resolve();
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as { port: number };
  return {
    port,
    sockets,
    connected,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise((done) => server.close(done));
    },
  };
}
