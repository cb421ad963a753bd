import { inspect } from 'node:util';
import { SecretsBackendError } from '@dual-auth/core';
import { createRecordingLogger } from '@dual-auth/testing';
import {
  type GcpSecretManagerEmulator,
  startGcpSecretManagerEmulator,
} from '@dual-auth/testing/emulators';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GcpSecretsBackend } from './gcp-secrets-backend.js';

// AWS, Azure and Vault stop reading an answer at 1 MiB; Secret Manager's client read any answer
// whole into memory (a hostile or broken endpoint, a proxy: 2 MiB here, or 2 GiB) and returned it.

const MIB = 1024 * 1024;
const HUGE = 'h'.repeat(2 * MIB);
const LARGE_BUT_FINE = 'f'.repeat(512 * 1024);
let gcp: GcpSecretManagerEmulator;

beforeAll(async () => {
  gcp = await startGcpSecretManagerEmulator({
    secrets: {
      'dual-auth-agent-client-secret': HUGE,
      'dual-auth-agent-client-id': LARGE_BUT_FINE,
    },
  });
});
afterAll(() => gcp.close());

function backend(): GcpSecretsBackend {
  return new GcpSecretsBackend({
    env: { DUAL_AUTH_GCP_PROJECT: gcp.projectId },
    clientOptions: gcp.clientOptions,
    logger: createRecordingLogger(),
  });
}

describe('GcpSecretsBackend answer size', () => {
  it('an answer over 1 MiB is refused with an error naming the secret, not its value', async () => {
    const gcpBackend = backend();
    try {
      const error = await gcpBackend.getSecret('AGENT_CLIENT_SECRET').then(
        () => undefined,
        (thrown: unknown) => thrown,
      );
      expect(error).toBeInstanceOf(SecretsBackendError);
      const failure = error as SecretsBackendError;
      expect(failure.message).toBe(
        "GCP Secret Manager's answer for secret 'dual-auth-agent-client-secret' is larger than 1048576 bytes.",
      );
      expect(failure.key).toBe('AGENT_CLIENT_SECRET');
      const shown = `${failure.message} ${failure.hint} ${inspect(failure, { depth: 5 })} ${JSON.stringify(failure)}`;
      expect(shown).not.toContain('hhhhhhhh');
      expect(shown).not.toContain(Buffer.from('hhhhhhhhh').toString('base64'));
    } finally {
      await gcpBackend.close();
    }
  });

  it('an answer under 1 MiB reads', async () => {
    const gcpBackend = backend();
    try {
      await expect(gcpBackend.getSecret('AGENT_CLIENT_ID')).resolves.toBe(LARGE_BUT_FINE);
    } finally {
      await gcpBackend.close();
    }
  });
});
