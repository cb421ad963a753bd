/** What a worker answers to one op of {@link serveWorker}. */
export type WorkerHandler = (args: Record<string, unknown>) => Promise<unknown>;

/**
 * The child side of `worker-process.ts`: answers `{ id, op, ...args }` messages from the parent
 * with the handler's result, and exits when the parent goes away. `ready` resolves once `setup`
 * has.
 */
export function serveWorker(
  setup: Promise<unknown>,
  handlers: Record<string, WorkerHandler>,
): void {
  // Reported to the parent on `ready`, not as an unhandled rejection now.
  setup.catch(() => undefined);
  const send = (message: unknown): void => {
    process.send?.(message);
  };
  process.on('message', (message: { id: number; op: string } & Record<string, unknown>) => {
    const { id, op, ...args } = message;
    const handler = op === 'ready' ? () => setup : handlers[op];
    if (handler === undefined) {
      send({ id, ok: false, error: `unknown op ${op}` });
      return;
    }
    handler(args).then(
      (value) => send({ id, ok: true, value }),
      (error: unknown) => send({ id, ok: false, error: String(error) }),
    );
  });
  process.on('disconnect', () => process.exit(0));
}
