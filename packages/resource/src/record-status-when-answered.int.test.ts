import { createServer, request as httpRequest, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { recordStatusWhenAnswered } from './record-status-when-answered.js';

const servers: ReturnType<typeof createServer>[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

/**
 * A real Node server whose handler `answer`s the response; the test's client goes away as soon as
 * the server has handled the request (`hangUp`), or reads the answer. `answer` also sees what was
 * recorded so far; `write` is what the admission's recordStatus does (default: keep the status).
 * Resolves with what was recorded.
 */
async function recorded(
  answer: (res: ServerResponse, statuses: readonly (number | null)[]) => void,
  hangUp: boolean,
  write: (statuses: (number | null)[], status: number | null) => void = (statuses, status) =>
    void statuses.push(status),
): Promise<(number | null)[]> {
  const statuses: (number | null)[] = [];
  let done: () => void = () => {};
  const closed = new Promise<void>((resolve) => {
    done = resolve;
  });
  let handled: () => void = () => {};
  const reached = new Promise<void>((resolve) => {
    handled = resolve;
  });
  const server = createServer((_req, res) => {
    recordStatusWhenAnswered(res, {
      // Not `async`: a custom guard's recordStatus may throw before it returns a promise.
      recordStatus: (status) => {
        write(statuses, status);
        return Promise.resolve();
      },
    });
    res.once('close', () => setImmediate(done));
    answer(res, statuses);
    handled();
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const client = httpRequest({ host: '127.0.0.1', port, path: '/' }, (response) => {
    response.resume();
  });
  client.on('error', () => {});
  client.end();
  if (hangUp) {
    await reached;
    client.destroy();
  }
  await closed;
  return statuses;
}

describe('recordStatusWhenAnswered over a real Node server', () => {
  it('records the status sent, once (finish, then close)', async () => {
    expect(await recorded((res) => res.writeHead(404).end('no'), false)).toEqual([404]);
  });

  it('records null when the client went away before any answer', async () => {
    expect(await recorded(() => {}, true)).toEqual([null]);
  });

  it('records the status line already sent when the client went away during the body', async () => {
    expect(await recorded((res) => res.writeHead(206).write('part'), true)).toEqual([206]);
  });

  it('records the status as soon as the status line is written, before the body ends', async () => {
    let whileOpen: (number | null)[] = [];
    const statuses = await recorded((res, soFar) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' }).write('data: 0\n\n');
      whileOpen = [...soFar];
      res.end();
    }, false);
    expect(whileOpen).toEqual([200]);
    expect(statuses).toEqual([200]);
  });

  it('keeps a recordStatus that throws from ending the process', async () => {
    const statuses = await recorded(
      (res) => res.writeHead(204).end(),
      false,
      (written, status) => {
        written.push(status);
        throw new Error('audit sink down');
      },
    );
    expect(statuses).toEqual([204]);
  });
});
