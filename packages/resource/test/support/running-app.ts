import type { AddressInfo } from 'node:net';
import type { RunningApp } from './middleware-scenario.js';

/** A Node server told to listen on 127.0.0.1, port 0 (`http.Server`, Hono's `serve` result). */
export interface LoopbackServer {
  once(event: 'listening', listener: () => void): unknown;
  address(): AddressInfo | string | null;
  close(callback: () => void): unknown;
}

/** Waits until `server` listens, then describes it as the app under test (plain HTTP). */
export async function runningApp(server: LoopbackServer): Promise<RunningApp> {
  await new Promise<void>((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
