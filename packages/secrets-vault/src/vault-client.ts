import nodeVault from 'node-vault';
import { createVaultTransport } from './vault-transport.js';

/** What {@link createVaultClient} needs. */
export interface VaultClientSettings {
  address: string;
  namespace: string | undefined;
  caPem: string | undefined;
  /** Deadline of one request to Vault, body included, in ms. */
  timeoutMs: number;
  /** The largest answer body read, in bytes. */
  maxResponseBytes: number;
  /** Origins besides `address`'s that a 307/308 may lead to (the cluster's other nodes). */
  redirectOrigins: ReadonlySet<string>;
}

/** The node-vault client type. */
export type VaultClient = ReturnType<typeof nodeVault>;

/**
 * A node-vault client that takes its settings only from dual-auth (node-vault would otherwise
 * fall back to `process.env` VAULT_TOKEN, VAULT_NAMESPACE, VAULT_PREFIX and VAULT_SKIP_VERIFY),
 * sends through {@link createVaultTransport} (TLS verified against the system roots plus `caPem`,
 * no redirect off Vault's origin but to `redirectOrigins`, a size cap and a deadline), and never prints requests, whose
 * login bodies hold credentials, through its `DEBUG=node-vault` output.
 */
export function createVaultClient({
  address,
  namespace,
  caPem,
  timeoutMs,
  maxResponseBytes,
  redirectOrigins,
}: VaultClientSettings): VaultClient {
  const client = nodeVault({
    endpoint: address,
    debug: () => undefined,
    'request-promise': createVaultTransport({
      caPem,
      timeoutMs,
      maxResponseBytes,
      redirectOrigins,
    }),
  });
  client.token = '';
  Object.assign(client, { namespace, pathPrefix: '' });
  return client;
}
