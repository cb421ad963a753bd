import { rootCertificates } from 'node:tls';
import nodeVault from 'node-vault';

/** What {@link createVaultClient} needs. */
export interface VaultClientSettings {
  address: string;
  namespace: string | undefined;
  caPem: string | undefined;
  timeoutMs: number;
}

/** The node-vault client type. */
export type VaultClient = ReturnType<typeof nodeVault>;

/**
 * A node-vault client that takes its settings only from dual-auth (node-vault would otherwise
 * fall back to `process.env` VAULT_TOKEN, VAULT_NAMESPACE, VAULT_PREFIX and VAULT_SKIP_VERIFY),
 * verifies TLS (system roots plus `caPem`), and never prints requests, whose login bodies hold
 * credentials, through its `DEBUG=node-vault` output.
 */
export function createVaultClient({
  address,
  namespace,
  caPem,
  timeoutMs,
}: VaultClientSettings): VaultClient {
  // rpDefaults is read by node-vault but missing from its types.
  const options: Parameters<typeof nodeVault>[0] & { rpDefaults: { strictSSL: boolean } } = {
    endpoint: address,
    debug: () => undefined,
    rpDefaults: { strictSSL: true },
    requestOptions: {
      timeout: timeoutMs,
      ...(caPem === undefined ? {} : { ca: [...rootCertificates, caPem] }),
    },
  };
  const client = nodeVault(options);
  client.token = '';
  Object.assign(client, { namespace, pathPrefix: '' });
  return client;
}
