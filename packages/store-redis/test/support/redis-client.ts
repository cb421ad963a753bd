import { once } from 'node:events';
import { createRedisClient, type StoreRedisClient } from '../../src/index.js';

/**
 * A client of the stores' own kind ({@link createRedisClient}), ready to send. Tests wait for
 * readiness so that their first command does not race the connection.
 */
export async function readyClient(url: string): Promise<StoreRedisClient> {
  const client = createRedisClient({ url });
  if (!client.isReady) await once(client, 'ready');
  return client;
}

/** Waits until `attempt` resolves true, polling; for recoveries whose timing is the machine's. */
export async function eventually(attempt: () => Promise<boolean>, tries = 600): Promise<void> {
  for (let i = 0; i < tries; i += 1) {
    if (await attempt().catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`not true after ${tries} tries`);
}
