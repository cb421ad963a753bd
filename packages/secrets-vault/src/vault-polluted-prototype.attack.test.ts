import { createRecordingLogger } from '@dual-auth/testing';
import { describe, expect, it } from 'vitest';
import { polluted } from '../../core/test/polluted-prototype.js';
import { VaultSecretsBackend } from './vault-secrets-backend.js';

// Review (wave 32, ownoptions): the backend read redirectOrigins through the prototype: an origin
// list set on Object.prototype by a pollution bug elsewhere in the process was the list of hosts a
// Vault redirect may send the Vault token to. Here an entry the backend refuses shows whether it
// was read at all.
describe('VaultSecretsBackend: own options only, never a polluted Object.prototype', () => {
  it('an inherited redirectOrigins is no redirect origin', async () => {
    const made = polluted(
      { redirectOrigins: ['http://vault-2.example:8200'] },
      () =>
        new VaultSecretsBackend({
          env: { VAULT_ADDR: 'https://vault.example:8200', VAULT_TOKEN: 'hvs.test-only-token' },
          logger: createRecordingLogger(),
        }),
    );
    await expect(made).resolves.toBeInstanceOf(VaultSecretsBackend);
  });
});
