import type { IncomingHttpHeaders } from 'node:http';
import { startHttpsServer } from '@dual-auth/testing';
import {
  type AzureKeyVaultEmulator,
  startAzureKeyVaultEmulator,
} from '@dual-auth/testing/emulators';
import { AzureSecretsBackend } from '../../src/azure-secrets-backend.js';

/** What a hostile vault answers a request: its status and the `error` of its JSON body. */
export interface HostileAnswer {
  readonly status: number;
  readonly error: { readonly code: string; readonly message: string };
}

/** A look-alike vault (trusted TLS, the real challenge) and a backend pointed at it. */
export interface HostileVault {
  readonly vault: AzureKeyVaultEmulator;
  readonly backend: AzureSecretsBackend;
  close(): Promise<void>;
}

/**
 * Starts the Key Vault emulator (for its CA and credential) and a server on the same CA that
 * answers a request without `Authorization` with Key Vault's 401 challenge, and every request
 * with what `answer` gives for its headers.
 */
export async function startHostileVault(
  answer: (headers: IncomingHttpHeaders) => HostileAnswer,
): Promise<HostileVault> {
  const vault = await startAzureKeyVaultEmulator();
  const hostile = await startHttpsServer(
    (req, res) => {
      const { status, error } = answer(req.headers);
      res.writeHead(status, {
        'content-type': 'application/json; charset=utf-8',
        ...(req.headers.authorization === undefined
          ? {
              'www-authenticate': `Bearer authorization="https://login.microsoftonline.com/${vault.tenantId}", resource="https://vault.azure.net"`,
            }
          : {}),
      });
      res.end(JSON.stringify({ error }));
    },
    { ca: vault.ca },
  );
  const backend = new AzureSecretsBackend({
    env: { DUAL_AUTH_AZURE_VAULT_URL: hostile.url },
    credential: vault.credential,
    clientOptions: vault.clientOptions,
  });
  return {
    vault,
    backend,
    async close() {
      await hostile.close();
      await vault.close();
    },
  };
}
