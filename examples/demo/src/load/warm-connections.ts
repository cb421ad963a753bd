import { type Agent, fetch } from 'undici';

/**
 * Opens `count` connections of `dispatcher` to the origin of `url` before a timed run, by sending
 * `count` bodiless POSTs at once (undici opens a connection for each request it cannot queue on an
 * idle one) and reading their answers, whatever their status. Each worker of the run then finds a
 * connection ready: on a loaded machine, `count` TLS handshakes at once in one process took longer
 * than an act JWT lives (60 s), so requests whose JWT was signed before its handshake were refused
 * `expired` (`pnpm load` beside a CPU hog, docs/performance.md).
 */
export async function warmConnections(
  dispatcher: Agent,
  url: string,
  count: number,
): Promise<void> {
  await Promise.all(
    Array.from({ length: count }, async () => {
      const response = await fetch(url, { dispatcher, method: 'POST', body: '' });
      await response.arrayBuffer(); // read to the end: a cancelled body may close its connection
    }),
  );
  // undici marks a connection idle after the answer's end is handed over: one turn of the event
  // loop, or the run's first request may open a connection of its own.
  await new Promise((resolve) => setImmediate(resolve));
}
