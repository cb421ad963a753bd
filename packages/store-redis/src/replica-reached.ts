// Who hears that a client's command was refused READONLY: createRedisClient registers its client;
// the stores, which see Redis's replies, tell it. A WeakMap keeps no client alive.
const listeners = new WeakMap<object, () => void>();

/**
 * Registers what runs when a store's command on `client` is refused `READONLY` (Redis's reply of
 * a replica to a write: redis.io "Replication", "Read-only replica") or `MASTERDOWN` (a replica
 * cut off from its primary, with `replica-serve-stale-data no`, to a read): `createRedisClient`
 * drops the connection then, so that a failover behind one address is followed.
 */
export function onReplicaReached(client: object, listener: () => void): void {
  listeners.set(client, listener);
}

/** Tells `client`'s listener ({@link onReplicaReached}), if it has one, that it reached a replica. */
export function reportReplicaReached(client: object): void {
  listeners.get(client)?.();
}
