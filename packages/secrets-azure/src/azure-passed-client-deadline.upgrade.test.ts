import type { AccessToken, GetTokenOptions, TokenCredential } from '@azure/identity';
import { SecretClient } from '@azure/keyvault-secrets';
import { createRecordingLogger } from '@dual-auth/testing';
import {
  type AzureKeyVaultEmulator,
  kebabCaseReferenceSecrets,
  referenceSecrets,
  startAzureKeyVaultEmulator,
} from '@dual-auth/testing/emulators';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { AzureSecretsBackend } from './azure-secrets-backend.js';

// Upgrade review (session 11, upg12). On main a SecretClient the app built itself (its own
// credential chain, its own retry policy) was read without any deadline of ours. int16 puts the
// secrets cache's load deadline on every read, derived from the SDK's DEFAULT retry policy and a
// managed identity's wait (162 s), even when the client is the app's: a read whose credential
// (DefaultAzureCredential trying its chain, a workload identity federation that is slow to
// answer) or whose own retries take longer fails. secrets-aws keeps a passed-in client's timing
// (no deadline of ours unless totalTimeoutMs is given); Azure does not. Real Key Vault emulator
// over loopback; setTimeout is faked and moved on by hand while the token is held.

const values = referenceSecrets();
let vault: AzureKeyVaultEmulator;

beforeAll(async () => {
  vault = await startAzureKeyVaultEmulator({ secrets: kebabCaseReferenceSecrets(values) });
});
afterAll(() => vault.close());
afterEach(() => {
  vi.useRealTimers();
});

function heldCredential(): { credential: TokenCredential; asked: Promise<void>; release(): void } {
  let markAsked = (): void => undefined;
  const asked = new Promise<void>((resolve) => {
    markAsked = resolve;
  });
  let release = (): void => undefined;
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  const credential: TokenCredential = {
    async getToken(scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken> {
      markAsked();
      await released;
      return vault.credential.getToken(scopes, options);
    },
  };
  return { credential, asked, release };
}

describe('AzureSecretsBackend upgrading from main: a client the app passes in', () => {
  it('keeps the client its own timing: a credential that answers after 200 s still reads', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const held = heldCredential();
    const client = new SecretClient(vault.vaultUrl, held.credential, vault.clientOptions);
    const backend = new AzureSecretsBackend({
      env: { DUAL_AUTH_AZURE_VAULT_URL: vault.vaultUrl },
      client,
      logger: createRecordingLogger(),
    });
    const read = backend.getSecret('AGENT_CLIENT_SECRET').then(
      (value) => ({ value }),
      (error: unknown) => ({ error }),
    );
    await held.asked;
    await vi.advanceTimersByTimeAsync(200_000);
    held.release();
    expect(await read).toEqual({ value: values.AGENT_CLIENT_SECRET });
  }, 60_000);
});
