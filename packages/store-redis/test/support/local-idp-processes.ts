import { type LocalIdp, startLocalIdp } from '@dual-auth/testing';
import { afterAll, beforeAll } from 'vitest';
import type { StoreRedisClient } from '../../src/index.js';
import { readyClient } from './redis-client.js';
import type { TokenCacheRedis } from './token-cache-scenario.js';

/** What {@link useLocalIdpProcesses} gives a test file: read inside tests. */
export interface LocalIdpProcesses {
  /** The local Keycloak-shaped IdP, with opaque access tokens (judged by when asked). */
  readonly idp: LocalIdp;
  /** A ready Redis connection of one more process, to the file's redis-server; closed after. */
  connect(): Promise<StoreRedisClient>;
}

/**
 * Starts a local Keycloak-shaped IdP issuing opaque tokens before a test file's tests (then runs
 * `setUp` on it: more agents), and closes it after them, with every connection `connect` opened
 * to `at`'s redis-server: processes that share one Redis, each on its own connection.
 */
export function useLocalIdpProcesses(
  at: TokenCacheRedis,
  setUp: (idp: LocalIdp) => void = () => {},
): LocalIdpProcesses {
  let idp: LocalIdp | undefined;
  const clients: StoreRedisClient[] = [];
  beforeAll(async () => {
    idp = await startLocalIdp({ vendor: 'keycloak', accessTokenFormat: 'opaque' });
    setUp(idp);
  }, 60_000);
  afterAll(async () => {
    await Promise.all(clients.map((client) => client.close()));
    await idp?.close();
  });
  return {
    get idp() {
      if (idp === undefined) throw new Error('the local IdP is read inside tests only');
      return idp;
    },
    async connect() {
      const client = await readyClient(at.redis.url);
      clients.push(client);
      return client;
    },
  };
}
