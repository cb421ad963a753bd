import { errorLogTexts } from '@dual-auth/testing';
import { secretsBackendFailure } from '@dual-auth/testing/conformance';
import {
  type AwsSecretsManagerEmulator,
  startAwsSecretsManagerEmulator,
} from '@dual-auth/testing/emulators';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AwsSecretsBackend } from './aws-secrets-backend.js';

// Attack (wave32): Secrets Manager's AccessDeniedException names the caller ("User:
// arn:aws:sts::…:assumed-role/AWSReservedSSO_…/jane.doe@corp.example is not authorized…": an SSO
// session is named by the person's email). The emulator names the caller by its access key id,
// so an id written as that email stands for it. The message became the cause's message,
// credentials scrubbed but the email kept: `JSON.stringify` of the SecretsBackendError (its
// cause's message), a logger following causes and `structuredClone` wrote it.
const EMAIL = 'jane.doe@corp.example';

let aws: AwsSecretsManagerEmulator;
beforeAll(async () => {
  aws = await startAwsSecretsManagerEmulator({
    secrets: { 'dual-auth/AGENT_CLIENT_SECRET': 's3cr3t-value-aws' },
  });
});
afterAll(() => aws.close());

describe('attack: an AccessDeniedException that names the person behind the credentials', () => {
  it('no way of logging the SecretsBackendError shows the email; the denial still reads as one', async () => {
    aws.failNext('access-denied');
    const backend = new AwsSecretsBackend({
      endpoint: aws.endpoint,
      caPem: aws.caPem,
      credentials: { accessKeyId: EMAIL, secretAccessKey: 'test-only-secret-key' },
      env: {},
      maxAttempts: 1,
    });
    const error = await secretsBackendFailure(backend.getSecret('AGENT_CLIENT_SECRET'));
    for (const [how, text] of Object.entries(errorLogTexts(error))) {
      for (const leak of [EMAIL, 'jane.doe']) expect(text, how).not.toContain(leak);
    }
    expect(error.message).toBe("Access denied to AWS secret 'dual-auth/AGENT_CLIENT_SECRET'.");
    expect(error.cause).toMatchObject({
      name: 'AccessDeniedException',
      message: expect.stringContaining(
        'is not authorized to perform: secretsmanager:GetSecretValue',
      ),
    });
  }, 30_000);
});
