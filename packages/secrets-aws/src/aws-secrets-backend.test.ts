import { setTimeout as sleep } from 'node:timers/promises';
import { inspect } from 'node:util';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { ConfigurationError } from '@dual-auth/core';
import { createRecordingLogger, startHttpsServer } from '@dual-auth/testing';
import { secretsBackendFailure } from '@dual-auth/testing/conformance';
import {
  type AwsSecretsManagerEmulator,
  startAwsSecretsManagerEmulator,
} from '@dual-auth/testing/emulators';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AwsSecretsBackend, type AwsSecretsBackendOptions } from './aws-secrets-backend.js';

const credentials = { accessKeyId: 'AKIDTESTONLY', secretAccessKey: 'test-only-secret-key' };

const logger = createRecordingLogger();

let aws: AwsSecretsManagerEmulator;

beforeAll(async () => {
  aws = await startAwsSecretsManagerEmulator({
    secrets: {
      'dual-auth/AGENT_CLIENT_SECRET': 's3cr3t-value-aws',
      'dual-auth/BINARY': new TextEncoder().encode('bin-value-ü'),
      'dual-auth/BAD_BINARY': new Uint8Array([0xff, 0xfe, 0x00]),
      'dual-auth/EMPTY': '',
      'team-x/AGENT_CLIENT_SECRET': 'other-prefix-value',
    },
  });
});

afterAll(() => aws.close());

function backend(options: AwsSecretsBackendOptions = {}): AwsSecretsBackend {
  return new AwsSecretsBackend({
    endpoint: aws.endpoint,
    caPem: aws.caPem,
    credentials,
    env: {},
    maxAttempts: 1,
    logger,
    ...options,
  });
}

function requestsDuring(): () => number {
  const start = aws.requests.length;
  return () => aws.requests.length - start;
}

describe('AwsSecretsBackend reading', () => {
  it('reads SecretString under the prefixed name, signed with SigV4 in the region', async () => {
    const before = aws.requests.length;
    await expect(backend().getSecret('AGENT_CLIENT_SECRET')).resolves.toBe('s3cr3t-value-aws');
    expect(aws.requests.slice(before)).toEqual([
      {
        target: 'secretsmanager.GetSecretValue',
        secretId: 'dual-auth/AGENT_CLIENT_SECRET',
        accessKeyId: 'AKIDTESTONLY',
        signedRegion: 'us-east-1',
        sigV4: true,
      },
    ]);
  });

  it('does not add the prefix twice', async () => {
    const before = aws.requests.length;
    await backend().getSecret('dual-auth/AGENT_CLIENT_SECRET');
    expect(aws.requests[before]?.secretId).toBe('dual-auth/AGENT_CLIENT_SECRET');
  });

  it('takes region and prefix from env, and options over env', async () => {
    const env = { DUAL_AUTH_AWS_REGION: ' eu-west-1 ', DUAL_AUTH_AWS_SECRET_PREFIX: 'team-x/' };
    const fromEnv = backend({ env });
    expect([fromEnv.region, fromEnv.secretPrefix]).toEqual(['eu-west-1', 'team-x/']);
    const before = aws.requests.length;
    await expect(fromEnv.getSecret('AGENT_CLIENT_SECRET')).resolves.toBe('other-prefix-value');
    expect(aws.requests[before]?.signedRegion).toBe('eu-west-1');
    const overridden = backend({ env, region: 'ap-south-1', secretPrefix: 'dual-auth/' });
    expect([overridden.region, overridden.secretPrefix]).toEqual(['ap-south-1', 'dual-auth/']);
    const defaults = backend({ env: { DUAL_AUTH_AWS_REGION: '' } });
    expect([defaults.region, defaults.secretPrefix]).toEqual(['us-east-1', 'dual-auth/']);
  });

  it('trims the line break a pasted region or prefix option ends with, as from env', async () => {
    const pasted = backend({ region: 'eu-west-1\n', secretPrefix: 'team-x/\n' });
    expect([pasted.region, pasted.secretPrefix]).toEqual(['eu-west-1', 'team-x/']);
    const before = aws.requests.length;
    await expect(pasted.getSecret('AGENT_CLIENT_SECRET')).resolves.toBe('other-prefix-value');
    expect(aws.requests[before]).toMatchObject({
      secretId: 'team-x/AGENT_CLIENT_SECRET',
      signedRegion: 'eu-west-1',
    });
  });

  it('decodes SecretBinary once, as UTF-8', async () => {
    await expect(backend().getSecret('BINARY')).resolves.toBe('bin-value-ü');
  });

  it('reports a SecretBinary that is not UTF-8 as malformed', async () => {
    const error = await secretsBackendFailure(backend().getSecret('BAD_BINARY'));
    expect(error.message).toBe(
      "AWS secret 'dual-auth/BAD_BINARY' is malformed: SecretBinary is not UTF-8 text.",
    );
    expect(error.key).toBe('BAD_BINARY');
  });

  it('counts an empty value as missing', async () => {
    await expect(backend().getSecret('EMPTY', { required: false })).resolves.toBeUndefined();
    const error = await secretsBackendFailure(backend().getSecret('EMPTY'));
    expect(error.message).toBe("AWS secret 'dual-auth/EMPTY' not found in region 'us-east-1'.");
  });
});

describe('AwsSecretsBackend errors', () => {
  it('a missing secret: required throws not found, required: false resolves undefined', async () => {
    const error = await secretsBackendFailure(backend().getSecret('NOPE'));
    expect(error.message).toBe("AWS secret 'dual-auth/NOPE' not found in region 'us-east-1'.");
    expect(error).toMatchObject({ backend: 'aws', key: 'NOPE', code: 'ERR_SECRETS_BACKEND' });
    expect(error.hint).toContain('DUAL_AUTH_AWS_SECRET_PREFIX');
    expect((error.cause as Error).name).toBe('ResourceNotFoundException');
    await expect(backend().getSecret('NOPE', { required: false })).resolves.toBeUndefined();
  });

  it('access denied throws even with required: false', async () => {
    aws.failNext('access-denied');
    const error = await secretsBackendFailure(
      backend().getSecret('AGENT_CLIENT_SECRET', { required: false }),
    );
    expect(error.message).toBe("Access denied to AWS secret 'dual-auth/AGENT_CLIENT_SECRET'.");
    expect(error.hint).toContain('secretsmanager:GetSecretValue');
    expect((error.cause as Error).name).toBe('AccessDeniedException');
  });

  it('throttling is retried by the SDK, then reported as throttled', async () => {
    const count = requestsDuring();
    aws.failNext('throttling');
    await expect(backend({ maxAttempts: 2 }).getSecret('AGENT_CLIENT_SECRET')).resolves.toBe(
      's3cr3t-value-aws',
    );
    expect(count()).toBe(2);
    aws.failNext('throttling', 2);
    const error = await secretsBackendFailure(
      backend({ maxAttempts: 2 }).getSecret('AGENT_CLIENT_SECRET'),
    );
    expect(error.message).toBe('AWS Secrets Manager error: ThrottlingException');
    expect(error.hint).toContain('throttled');
  });

  it('a dead endpoint (closed port) is a connection error', async () => {
    const dead = await startAwsSecretsManagerEmulator();
    await dead.close();
    const error = await secretsBackendFailure(
      backend({ endpoint: dead.endpoint, caPem: dead.caPem }).getSecret('AGENT_CLIENT_SECRET'),
    );
    expect(error.message).toBe('AWS connection error: ECONNREFUSED');
    expect(error.hint).toContain('could not be reached');
    expect((error.cause as { code?: string }).code).toBe('ECONNREFUSED');
  });

  it('an endpoint that never answers is a connection error after timeoutMs', async () => {
    const silent = await startHttpsServer(() => {});
    try {
      const b = backend({ endpoint: silent.url, caPem: silent.ca.caPem, timeoutMs: 200 });
      const error = await secretsBackendFailure(b.getSecret('AGENT_CLIENT_SECRET'));
      expect(error.message).toBe('AWS connection error: ETIMEDOUT');
    } finally {
      await silent.close();
    }
  });

  it('a client passed in is held to totalTimeoutMs when it is set, and the hint names no region', async () => {
    // Its region is its own: the backend's (default us-east-1) would send the reader astray.
    const client = new SecretsManagerClient({
      region: 'eu-west-1',
      endpoint: aws.endpoint,
      maxAttempts: 1,
      // Slower than totalTimeoutMs: the SDK notices the abort once the provider has answered.
      credentials: async () => {
        await sleep(1_000);
        return credentials;
      },
    });
    const b = new AwsSecretsBackend({ client, totalTimeoutMs: 200, logger });
    const error = await secretsBackendFailure(b.getSecret('AGENT_CLIENT_SECRET'));
    expect(error.message).toBe('AWS connection error: ETIMEDOUT');
    expect(error.hint).toContain('Secrets Manager (through the client passed in)');
    expect(error.hint).toContain('within totalTimeoutMs (200 ms)');
    expect(error.hint).not.toContain('region');
  });

  it('an answer declaring a content-length over 1 MiB is refused before its body is read', async () => {
    const big = await startHttpsServer((_req, res) => {
      res.writeHead(200, {
        'content-type': 'application/x-amz-json-1.1',
        'content-length': String(2 * 1024 * 1024),
      });
      res.write('{');
    });
    try {
      const b = backend({ endpoint: big.url, caPem: big.ca.caPem, timeoutMs: 60_000 });
      const error = await secretsBackendFailure(b.getSecret('AGENT_CLIENT_SECRET'));
      expect(error.message).toBe(
        "AWS answer for secret 'dual-auth/AGENT_CLIENT_SECRET' is longer than 1048576 bytes.",
      );
      expect(error.hint).toContain('64 KiB');
    } finally {
      await big.close();
    }
  });

  it('an answer of 900 KiB, under the cap, is read', async () => {
    const padded = `${' '.repeat(900 * 1024)}${JSON.stringify({ SecretString: 'padded-value' })}`;
    const large = await startHttpsServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
      res.end(padded);
    });
    try {
      const b = backend({ endpoint: large.url, caPem: large.ca.caPem, timeoutMs: 60_000 });
      await expect(b.getSecret('AGENT_CLIENT_SECRET')).resolves.toBe('padded-value');
    } finally {
      await large.close();
    }
  });

  it('a dropped connection is a connection error', async () => {
    aws.failNext('disconnect');
    const error = await secretsBackendFailure(backend().getSecret('AGENT_CLIENT_SECRET'));
    expect(error.message).toMatch(/^AWS connection error: /);
  });

  it('a server that is not trusted fails TLS verification', async () => {
    const error = await secretsBackendFailure(
      backend({ caPem: undefined }).getSecret('AGENT_CLIENT_SECRET'),
    );
    expect(error.message).toMatch(/^AWS connection error: /);
  });

  it('a service fault names its code', async () => {
    aws.failNext('internal-error');
    const error = await secretsBackendFailure(backend().getSecret('AGENT_CLIENT_SECRET'));
    expect(error.message).toBe('AWS Secrets Manager error: InternalServiceError');
  });

  it('a 200 whose body is cut off is an error that never quotes the body', async () => {
    aws.failNext('malformed');
    const error = await secretsBackendFailure(backend().getSecret('AGENT_CLIENT_SECRET'));
    expect(error).toMatchObject({ backend: 'aws', key: 'AGENT_CLIENT_SECRET' });
    for (const text of [String(error), JSON.stringify(error), inspect(error, { depth: 10 })]) {
      expect(text).not.toContain('s3cr3t-value-aws');
    }
  });
});

describe('AwsSecretsBackend options and redaction', () => {
  it('rejects wrong option types with TypeError', () => {
    expect(() => backend({ region: 5 as unknown as string })).toThrow(TypeError);
    expect(() => backend({ cacheTtlMs: -1 })).toThrow(TypeError);
    expect(() => backend({ env: 'x' as unknown as Record<string, string> })).toThrow(TypeError);
    expect(() => new AwsSecretsBackend(null as unknown as AwsSecretsBackendOptions)).toThrow(
      TypeError,
    );
  });

  it('refuses a plain-http endpoint unless loopback is explicitly allowed', () => {
    expect(() => backend({ endpoint: 'http://127.0.0.1:9' })).toThrow(ConfigurationError);
    expect(() => backend({ endpoint: 'http://example.com' })).toThrow(ConfigurationError);
    expect(() =>
      backend({ endpoint: 'http://127.0.0.1:9', allowInsecureLoopback: true }),
    ).not.toThrow();
  });

  it('reads from the endpoint named by AWS_ENDPOINT_URL_SECRETS_MANAGER in its env', async () => {
    const b = backend({
      endpoint: undefined,
      env: { AWS_ENDPOINT_URL_SECRETS_MANAGER: aws.endpoint },
    });
    await expect(b.getSecret('AGENT_CLIENT_SECRET')).resolves.toBe('s3cr3t-value-aws');
  });

  it('prints its region and prefix only', () => {
    const used = backend();
    expect(String(used)).toBe(
      "AwsSecretsBackend { region: 'us-east-1', secretPrefix: 'dual-auth/' }",
    );
    expect(JSON.parse(JSON.stringify(used))).toEqual({
      backendName: 'aws',
      region: 'us-east-1',
      secretPrefix: 'dual-auth/',
    });
    expect(inspect(used)).toBe(String(used));
  });
});
