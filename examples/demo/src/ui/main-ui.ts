import { startJourneyServer } from './journey-server.js';

/**
 * `pnpm demo --ui [--port <n>]`: serves the journey page on 127.0.0.1 until Ctrl-C.
 *
 * @throws Error when `--port` is not a port number.
 */
export async function serveJourneyPage(argv: readonly string[]): Promise<void> {
  const portIndex = argv.indexOf('--port');
  const port = portIndex === -1 ? 8780 : Number(argv[portIndex + 1]);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new Error('--port must be a port number (0 to 65535)');
  }
  const server = await startJourneyServer({ port });
  console.log(`the journey page: ${server.url} (Ctrl-C stops it)`);
  process.once('SIGINT', () => {
    void server.close().then(() => console.log('stopped'));
  });
}
