import { errorLogTexts } from '@dual-auth/testing';
import { secretsBackendFailure } from '@dual-auth/testing/conformance';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type HostileVault, startHostileVault } from '../test/support/hostile-vault.js';

// Attack (wave32 review): the SDK's RestError takes its `code` from the answer's `error.code`,
// which a proxy or an endpoint that is not Key Vault writes as it likes: an email there became
// the SecretsBackendError's message ("Access denied … (jane.doe@corp.example)") and its cause's
// code, in every way of logging it.
const EMAIL = 'jane.doe@corp.example';

let hostile: HostileVault;
beforeAll(async () => {
  hostile = await startHostileVault((headers) => ({
    status: headers.authorization === undefined ? 401 : 403,
    error: { code: EMAIL, message: 'Caller is not authorized.' },
  }));
});
afterAll(() => hostile.close());

describe('attack: a Key Vault answer whose error code is an email', () => {
  it('no way of logging the SecretsBackendError shows it', async () => {
    const error = await secretsBackendFailure(hostile.backend.getSecret('AGENT_CLIENT_SECRET'));
    for (const [how, text] of Object.entries(errorLogTexts(error))) {
      for (const leak of [EMAIL, 'jane.doe']) expect(text, how).not.toContain(leak);
    }
    expect(error.message).toBe(
      "Access denied to Azure Key Vault secret 'dual-auth-agent-client-secret' (Forbidden).",
    );
  }, 30_000);
});
