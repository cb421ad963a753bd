// What each child process of the Redis soak (soak-redis.ts) starts with: its environment, a count
// of unhandled rejections (reported by its `stats`), its own node-redis client and the stores'
// time limit, and the IPC loop that answers the parent's calls.
import { createRedisClient } from '@dual-auth/store-redis';

/** One operation the parent calls by name, with the arguments of its message. */
export type SoakHandler = (args: Record<string, unknown>) => Promise<unknown>;

/** A child process of the soak, set up by {@link startSoakChild}. */
export interface SoakChild {
  readonly env: Record<string, string>;
  readonly client: ReturnType<typeof createRedisClient>;
  /** `STORE_TIMEOUT_MS`, default 1000: each store's `timeoutMs`. */
  readonly timeoutMs: number;
  /** How many rejections no one handled so far. */
  unhandled(): number;
  /** Answers the parent's messages with `handlers` and a `close` of the client; exits with it. */
  serve(handlers: Record<string, SoakHandler>): void;
}

/**
 * Sets up a child process of the soak named `label` in its stderr lines (`agent`, `worker`):
 * counts unhandled rejections and connects to `REDIS_URL`.
 */
export function startSoakChild(label: string): SoakChild {
  const env = process.env as Record<string, string>;
  let unhandled = 0;
  process.on('unhandledRejection', (reason) => {
    unhandled += 1;
    process.stderr.write(`soak ${label}: unhandled rejection ${(reason as Error)?.name}\n`);
  });
  const client = createRedisClient({ url: env.REDIS_URL as string });
  const close: SoakHandler = async () => {
    await client.close();
    return true;
  };
  return {
    env,
    client,
    timeoutMs: Number(env.STORE_TIMEOUT_MS ?? 1000),
    unhandled: () => unhandled,
    serve(handlers) {
      const all: Record<string, SoakHandler> = { ...handlers, close };
      process.on('message', (message: { id: number; op: string } & Record<string, unknown>) => {
        const { id, op, ...args } = message;
        const handler = all[op];
        if (handler === undefined) return;
        handler(args).then(
          (value) => process.send?.({ id, value }),
          (error: unknown) =>
            process.send?.({ id, value: { ok: false, reason: `op:${String(error)}` } }),
        );
      });
      process.on('disconnect', () => process.exit(0));
    },
  };
}
