import { SecretClient } from '@azure/keyvault-secrets';
import { createRecordingLogger } from '@dual-auth/testing';
import {
  type AzureKeyVaultEmulator,
  kebabCaseReferenceSecrets,
  referenceSecrets,
  startAzureKeyVaultEmulator,
} from '@dual-auth/testing/emulators';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  type HeldCredential,
  heldCredential,
  readWhileHeld,
} from '../test/support/held-credential.js';
import { AzureSecretsBackend } from './azure-secrets-backend.js';

// Setups that worked with main's release (0.1.0) and must keep working, or fail with a message
// that says what to change, after the upgrade. Each test passes on main.
//
// A managed identity whose token endpoint is slow to answer: App Service's identity endpoint
// answers 410 while it restarts and @azure/identity retries it for some 70 s
// (https://learn.microsoft.com/azure/app-service/overview-managed-identity#rest-endpoint-reference);
// a Key Vault read waits on that token. The test holds the token, so time is the test's:
// setTimeout is faked and moved on by hand while the token is held, real I/O is not.

const values = referenceSecrets();
let vault: AzureKeyVaultEmulator;

beforeAll(async () => {
  vault = await startAzureKeyVaultEmulator({ secrets: kebabCaseReferenceSecrets(values) });
});

afterAll(() => vault.close());

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
});

afterEach(() => {
  vi.useRealTimers();
});

/** A backend reading through a SecretClient built by the app on `held`'s credential. */
function clientPassedIn(held: HeldCredential, cacheLoadTimeoutMs?: number): AzureSecretsBackend {
  return new AzureSecretsBackend({
    env: { DUAL_AUTH_AZURE_VAULT_URL: vault.vaultUrl },
    client: new SecretClient(vault.vaultUrl, held.credential, vault.clientOptions),
    logger: createRecordingLogger(),
    ...(cacheLoadTimeoutMs === undefined ? {} : { cacheLoadTimeoutMs }),
  });
}

describe('AzureSecretsBackend upgrade from main', () => {
  it('reads a secret once a managed identity that took 40 s hands out its token', async () => {
    const held = heldCredential(vault.credential);
    const backend = new AzureSecretsBackend({
      env: { DUAL_AUTH_AZURE_VAULT_URL: vault.vaultUrl },
      credential: held.credential,
      clientOptions: vault.clientOptions,
      logger: createRecordingLogger(),
    });
    const { outcome } = await readWhileHeld(
      () => backend.getSecret('AGENT_CLIENT_SECRET'),
      held,
      40_000,
    );
    held.release();
    expect(await outcome).toEqual({ value: values.AGENT_CLIENT_SECRET });
  }, 60_000);

  // Upgrade review (session 11, upg12). On main a SecretClient the app built itself (its own
  // credential chain, its own retry policy) was read without any deadline of ours. int16 puts the
  // secrets cache's load deadline on it too, derived from the SDK's default retry policy and a
  // managed identity's wait (162 s): a read whose own credential (DefaultAzureCredential trying its
  // chain) or own retries take longer fails. secrets-aws keeps a passed-in client's timing (no
  // deadline of ours unless totalTimeoutMs is given); the Azure backend does not.
  // Decided (lead, session 11): a client passed in keeps the backend's derived deadline (162 s by
  // default): without one, a stalled store holds every read of the key (brk23); secrets-aws now
  // keeps core's 30 s for its passed-in client too. A slower credential raises cacheLoadTimeoutMs.
  it('a client passed in whose credential answers after 200 s reads with cacheLoadTimeoutMs raised', async () => {
    const held = heldCredential(vault.credential);
    const backend = clientPassedIn(held, 300_000);
    const { outcome } = await readWhileHeld(
      () => backend.getSecret('AGENT_CLIENT_SECRET'),
      held,
      200_000,
    );
    held.release();
    expect(await outcome).toEqual({ value: values.AGENT_CLIENT_SECRET });
  }, 60_000);

  it('a client passed in whose credential never answers fails at the derived deadline, naming cacheLoadTimeoutMs', async () => {
    const held = heldCredential(vault.credential);
    const backend = clientPassedIn(held);
    const read = await readWhileHeld(() => backend.getSecret('AGENT_CLIENT_SECRET'), held, 200_000);
    const outcome = await read.outcome;
    expect(outcome).toMatchObject({ error: { name: 'SecretsBackendError' } });
    expect(
      JSON.stringify((outcome as { error: { message: string; hint?: string } }).error, [
        'message',
        'hint',
      ]),
    ).toMatch(/cacheLoadTimeoutMs/);
    held.release();
  }, 60_000);
});
