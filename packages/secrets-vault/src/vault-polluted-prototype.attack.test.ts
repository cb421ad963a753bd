import { createRecordingLogger } from '@dual-auth/testing';
import { describe, expect, it } from 'vitest';
import { polluted } from '../../core/test/polluted-prototype.js';
import { VaultSecretsBackend } from './vault-secrets-backend.js';

// Review (wave 32, ownoptions, ownenv): the backend read redirectOrigins (and the variable
// DUAL_AUTH_VAULT_REDIRECT_ORIGINS) through the prototype: an origin list set on Object.prototype
// by a pollution bug elsewhere in the process was the list of hosts a Vault redirect may send the
// Vault token to. Here an entry the backend refuses shows whether it
// was read at all.
describe('VaultSecretsBackend: own options only, never a polluted Object.prototype', () => {
  it.each([
    ['redirectOrigins', ['http://vault-2.example:8200']],
    ['DUAL_AUTH_VAULT_REDIRECT_ORIGINS', 'http://vault-2.example:8200'],
  ])('an inherited %s is no redirect origin', async (name, value) => {
    const made = polluted(
      { [name]: value },
      () =>
        new VaultSecretsBackend({
          env: { VAULT_ADDR: 'https://vault.example:8200', VAULT_TOKEN: 'hvs.test-only-token' },
          logger: createRecordingLogger(),
        }),
    );
    await expect(made).resolves.toBeInstanceOf(VaultSecretsBackend);
  });

  // An inherited VAULT_CACERT would be the CA the backend trusts for Vault, its token sent there.
  it('an inherited VAULT_CACERT names no CA file', async () => {
    const failure = await polluted({ VAULT_CACERT: '/nonexistent/attacker-ca.pem' }, () =>
      new VaultSecretsBackend({
        // A closed loopback port: the request fails past the CA, or at it when the CA is read.
        env: { VAULT_ADDR: 'https://127.0.0.1:1', VAULT_TOKEN: 'hvs.test-only-token' },
        logger: createRecordingLogger(),
      })
        .getSecret('AGENT_CLIENT_ID')
        .then(
          () => undefined,
          (error: unknown) => error,
        ),
    );
    expect(failure).toMatchObject({ name: 'SecretsBackendError' });
    expect((failure as Error).message).not.toMatch(/VAULT_CACERT/);
  });
});
