import { inspect } from 'node:util';
import { SecretsBackendError } from '@dual-auth/core';
import { createRecordingLogger, startHttpsServer, type TestHttpsServer } from '@dual-auth/testing';
import {
  type AzureKeyVaultEmulator,
  startAzureKeyVaultEmulator,
} from '@dual-auth/testing/emulators';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AzureSecretsBackend } from './azure-secrets-backend.js';

// An answer that quotes the credential it was sent (a proxy echoing the request:
// `AKV10022: Invalid token: Bearer eyJ…`) kept the Bearer token in our error's cause, which apps log.

let vault: AzureKeyVaultEmulator;
let hostile: TestHttpsServer;
beforeAll(async () => {
  vault = await startAzureKeyVaultEmulator();
  hostile = await startHttpsServer(
    (req, res) => {
      const authorization = req.headers.authorization;
      res.writeHead(401, {
        'content-type': 'application/json; charset=utf-8',
        ...(authorization === undefined
          ? {
              'www-authenticate': `Bearer authorization="https://login.microsoftonline.com/${vault.tenantId}", resource="https://vault.azure.net"`,
            }
          : {}),
      });
      res.end(
        JSON.stringify({
          error: {
            code: 'Unauthorized',
            message: `AKV10022: Invalid audience or token: ${String(authorization)}`,
          },
        }),
      );
    },
    { ca: vault.ca },
  );
});
afterAll(async () => {
  await hostile.close();
  await vault.close();
});

describe('AzureSecretsBackend errors that echo a credential', () => {
  it('a 401 quoting the Bearer token keeps the token out of the error and its cause', async () => {
    const token = (await vault.credential.getToken('https://vault.azure.net/.default'))?.token;
    expect(token).toBeTypeOf('string');
    const backend = new AzureSecretsBackend({
      env: { DUAL_AUTH_AZURE_VAULT_URL: hostile.url },
      credential: vault.credential,
      clientOptions: vault.clientOptions,
      logger: createRecordingLogger(),
    });
    const error = await backend.getSecret('AGENT_CLIENT_SECRET').then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(SecretsBackendError);
    const failure = error as SecretsBackendError;
    expect(failure.message).toBe(
      "Azure authentication failed accessing secret 'dual-auth-agent-client-secret'.",
    );
    const shown = `${failure.message} ${inspect(failure, { depth: 5 })} ${JSON.stringify(failure)}`;
    expect(shown).not.toContain(String(token).slice(-20));
    expect(shown).toContain('***REDACTED***');
  });
});
