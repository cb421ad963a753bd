import { inspect } from 'node:util';
import { SecretsBackendError } from '@dual-auth/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type HostileVault, startHostileVault } from '../test/support/hostile-vault.js';

// An answer that quotes the credential it was sent (a proxy echoing the request:
// `AKV10022: Invalid token: Bearer eyJ…`) kept the Bearer token in our error's cause, which apps log.

let hostile: HostileVault;
beforeAll(async () => {
  hostile = await startHostileVault(({ authorization }) => ({
    status: 401,
    error: {
      code: 'Unauthorized',
      message: `AKV10022: Invalid audience or token: ${String(authorization)}`,
    },
  }));
});
afterAll(() => hostile.close());

describe('AzureSecretsBackend errors that echo a credential', () => {
  it('a 401 quoting the Bearer token keeps the token out of the error and its cause', async () => {
    const token = (await hostile.vault.credential.getToken('https://vault.azure.net/.default'))
      ?.token;
    expect(token).toBeTypeOf('string');
    const error = await hostile.backend.getSecret('AGENT_CLIENT_SECRET').then(
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
