import type { Adapter, AdapterFactory, AdapterPayload } from 'oidc-provider';

/**
 * A small in-memory oidc-provider adapter (replay detection and the like) whose `Client` model
 * reads the live agent directory, so agents added at run time can authenticate.
 * @internal
 */
export function createMemoryAdapterFactory(
  findClient: (id: string) => AdapterPayload | undefined,
): AdapterFactory {
  const store = new Map<string, { payload: AdapterPayload; expiresAt: number }>();

  const read = (key: string): AdapterPayload | undefined => {
    const entry = store.get(key);
    if (entry === undefined) return undefined;
    if (entry.expiresAt <= Date.now()) {
      store.delete(key);
      return undefined;
    }
    return entry.payload;
  };

  return (name: string): Adapter => {
    const key = (id: string) => `${name}:${id}`;
    return {
      async upsert(id, payload, expiresIn) {
        const expiresAt = expiresIn ? Date.now() + expiresIn * 1000 : Number.POSITIVE_INFINITY;
        store.set(key(id), { payload, expiresAt });
      },
      async find(id) {
        return name === 'Client' ? findClient(id) : read(key(id));
      },
      async findByUserCode() {
        return undefined;
      },
      async findByUid() {
        return undefined;
      },
      async consume(id) {
        const payload = read(key(id));
        if (payload) payload.consumed = Math.floor(Date.now() / 1000);
      },
      async destroy(id) {
        store.delete(key(id));
      },
      async revokeByGrantId() {},
    };
  };
}
