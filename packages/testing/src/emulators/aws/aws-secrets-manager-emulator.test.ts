import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTrustingFetch, type TrustingFetch } from '../../tls/trusting-fetch.js';
import {
  type AwsSecretsManagerEmulator,
  startAwsSecretsManagerEmulator,
} from './aws-secrets-manager-emulator.js';

const SIGNED = {
  authorization:
    'AWS4-HMAC-SHA256 Credential=AKIDTEST/20250101/eu-west-1/secretsmanager/aws4_request, SignedHeaders=host;x-amz-date;x-amz-target, Signature=' +
    'a'.repeat(64),
  'x-amz-date': '20250101T000000Z',
};

let aws: AwsSecretsManagerEmulator;
let fetch: TrustingFetch;

beforeAll(async () => {
  aws = await startAwsSecretsManagerEmulator({
    secrets: { text: 'v1', bytes: new Uint8Array([1, 2, 3]) },
    failNext: ['throttling'],
  });
  fetch = createTrustingFetch(aws.caPem);
});

afterAll(async () => {
  await fetch.dispatcher.close();
  await aws.close();
});

async function call(target: string, body: unknown, headers: Record<string, string> = SIGNED) {
  const res = await fetch(`${aws.endpoint}/`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': target, ...headers },
    body: JSON.stringify(body),
  });
  return { status: res.status, type: res.headers.get('x-amzn-errortype'), body: await res.json() };
}

describe('startAwsSecretsManagerEmulator', () => {
  it('answers the failures given at start first, then GetSecretValue', async () => {
    const throttled = await call('secretsmanager.GetSecretValue', { SecretId: 'text' });
    expect(throttled).toMatchObject({ status: 400, type: 'ThrottlingException' });
    expect(throttled.body).toEqual({ __type: 'ThrottlingException', Message: 'Rate exceeded' });
    const ok = await call('secretsmanager.GetSecretValue', { SecretId: 'text' });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({
      Name: 'text',
      SecretString: 'v1',
      VersionStages: ['AWSCURRENT'],
    });
  });

  it('sends bytes as base64 SecretBinary', async () => {
    const { body } = await call('secretsmanager.GetSecretValue', { SecretId: 'bytes' });
    expect(body.SecretBinary).toBe('AQID');
  });

  it('refuses requests without SigV4 and unknown operations', async () => {
    const unsigned = await call('secretsmanager.GetSecretValue', { SecretId: 'text' }, {});
    expect(unsigned).toMatchObject({ status: 400, type: 'MissingAuthenticationTokenException' });
    const unknown = await call('secretsmanager.PutSecretValue', { SecretId: 'text' });
    expect(unknown).toMatchObject({ status: 400, type: 'UnknownOperationException' });
    expect(aws.requests.at(-2)).toEqual({
      target: 'secretsmanager.GetSecretValue',
      secretId: 'text',
      accessKeyId: undefined,
      signedRegion: undefined,
      sigV4: false,
    });
    expect(aws.requests.at(-1)).toMatchObject({
      accessKeyId: 'AKIDTEST',
      signedRegion: 'eu-west-1',
    });
  });

  it('answers ResourceNotFoundException for a deleted secret and 403-style denial on demand', async () => {
    aws.setSecret('gone', 'x');
    aws.deleteSecret('gone');
    const missing = await call('secretsmanager.GetSecretValue', { SecretId: 'gone' });
    expect(missing).toMatchObject({ status: 400, type: 'ResourceNotFoundException' });
    aws.failNext('access-denied');
    const denied = await call('secretsmanager.GetSecretValue', { SecretId: 'text' });
    expect(denied).toMatchObject({ status: 400, type: 'AccessDeniedException' });
    expect(denied.body.Message).toContain(
      'is not authorized to perform: secretsmanager:GetSecretValue',
    );
  });
});
