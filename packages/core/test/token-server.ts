import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach } from 'vitest';

/** One request as the server saw it. */
export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/** How the server answers one request. */
export interface Reply {
  status?: number;
  /** A string or Buffer as it is (bytes on the wire), anything else as JSON. */
  body?: string | Buffer | object;
  headers?: Record<string, string>;
  /** Drop the connection without answering. */
  reset?: boolean;
  /** Never answer (until the client gives up). */
  hang?: boolean;
  /** Send the status, headers and the body's first byte, then nothing more (until the client gives up). */
  stallBody?: boolean;
}

/** A plain-HTTP token endpoint on 127.0.0.1 that answers from a script, for the kit's unit tests. */
export interface TokenServer {
  readonly url: string;
  readonly requests: RecordedRequest[];
  close(): Promise<void>;
}

/** Starts a {@link TokenServer}; the n-th request gets `replies[n]` (the last one repeats). */
export async function startTokenServer(
  replies: readonly Reply[] | ((request: RecordedRequest, index: number) => Reply),
): Promise<TokenServer> {
  const requests: RecordedRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const recorded = {
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      const index = requests.push(recorded) - 1;
      const reply =
        typeof replies === 'function'
          ? replies(recorded, index)
          : (replies[Math.min(index, replies.length - 1)] ?? {});
      if (reply.reset === true) {
        req.socket.destroy();
        return;
      }
      if (reply.hang === true) return;
      const body =
        typeof reply.body === 'string' || Buffer.isBuffer(reply.body)
          ? reply.body
          : JSON.stringify(reply.body ?? {});
      res.writeHead(reply.status ?? 200, { 'content-type': 'application/json', ...reply.headers });
      if (reply.stallBody === true) {
        res.write(body.slice(0, 1));
        return;
      }
      res.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/realms/r/protocol/openid-connect/token`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * The token server a test started last, closed after each test (and by `close`), for harnesses
 * whose tests start one server each.
 */
export function tokenServerPerTest() {
  let server: TokenServer | undefined;
  const close = async (): Promise<void> => {
    await server?.close();
    server = undefined;
  };
  afterEach(close);
  return {
    current: (): TokenServer | undefined => server,
    close,
    async start(replies: Parameters<typeof startTokenServer>[0]): Promise<TokenServer> {
      server = await startTokenServer(replies);
      return server;
    },
  };
}

/** A logger that keeps every event, to check what is (and is not) logged. */
export function recordingLogger(): {
  logger: {
    debug: (e: string, f?: object) => void;
    info: (e: string, f?: object) => void;
    warn: (e: string, f?: object) => void;
    error: (e: string, f?: object) => void;
  };
  events: { level: string; event: string; fields: object | undefined }[];
} {
  const events: { level: string; event: string; fields: object | undefined }[] = [];
  const at =
    (level: string) =>
    (event: string, fields?: object): void => {
      events.push({ level, event, fields });
    };
  return {
    logger: { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') },
    events,
  };
}
