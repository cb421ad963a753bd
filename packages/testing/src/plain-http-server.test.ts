import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { startPlainHttpServer } from './plain-http-server.js';

describe('startPlainHttpServer', () => {
  it('answers over clear-text HTTP at http://localhost:PORT with the handler', async () => {
    const server = await startPlainHttpServer((req, res) => res.end(`seen ${req.url}`));
    try {
      expect(server.url).toBe(`http://localhost:${server.port}`);
      const text = await (await fetch(`http://127.0.0.1:${server.port}/x`)).text();
      expect(text).toBe('seen /x');
    } finally {
      await server.close();
    }
  }, 30_000);

  it('closes with a request still held open, and the client sees its connection end', async () => {
    let arrive = (): void => undefined;
    const arrived = new Promise<void>((resolve) => {
      arrive = resolve;
    });
    const server = await startPlainHttpServer(() => arrive());
    const ended = new Promise<string>((resolve) => {
      const req = request(`http://127.0.0.1:${server.port}/held`);
      req.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
      req.on('response', () => resolve('answered'));
      req.end();
    });
    await arrived;
    // Without dropping the held connection, close() would wait for it for ever.
    await server.close();
    expect(await ended).toBe('ECONNRESET');
  }, 30_000);

  it('refuses a handler that is not a function', async () => {
    await expect(startPlainHttpServer(undefined as never)).rejects.toThrow(TypeError);
  });
});
