import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { Agent } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as realSleep } from 'node:timers/promises';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import {
  createRecordingLogger,
  startHttpsServer,
  startPlainHttpServer,
  type TestHttpsServer,
  type TestPlainHttpServer,
} from '@dual-auth/testing';
import { secretsBackendFailure } from '@dual-auth/testing/conformance';
import {
  type AwsSecretsManagerEmulator,
  startAwsSecretsManagerEmulator,
} from '@dual-auth/testing/emulators';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { AwsSecretsBackend, type AwsSecretsBackendOptions } from './aws-secrets-backend.js';

// Setups that worked with main's release (0.1.0) and must keep working, or fail with a message
// that says what to change, after the upgrade. Each test passes on main.

const credentials = { accessKeyId: 'AKIDTESTONLY', secretAccessKey: 'test-only-secret-key' };
const SECRET = 'upgrade-test-value';

let aws: AwsSecretsManagerEmulator;
const dirs: string[] = [];
const plain: TestPlainHttpServer[] = [];
const tls: TestHttpsServer[] = [];

beforeAll(async () => {
  aws = await startAwsSecretsManagerEmulator({
    secrets: { 'dual-auth/AGENT_CLIENT_SECRET': SECRET },
  });
});

afterAll(() => aws.close());

afterEach(async () => {
  vi.unstubAllEnvs();
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
  await Promise.all(tls.splice(0).map((server) => server.close()));
  await Promise.all(plain.splice(0).map((server) => server.close()));
});

/** Clears the endpoint variables a developer's shell may hold, so each test sets its own. */
function cleanEndpointEnv(): void {
  for (const name of [
    'AWS_ENDPOINT_URL',
    'AWS_ENDPOINT_URL_SECRETS_MANAGER',
    'AWS_IGNORE_CONFIGURED_ENDPOINT_URLS',
    'AWS_PROFILE',
  ]) {
    vi.stubEnv(name, undefined);
  }
}

/**
 * A plain-http Secrets Manager stand-in on loopback (LocalStack's `http://localhost:4566`):
 * answers every GetSecretValue with {@link SECRET}. Returns its URL and the requests it saw.
 */
async function startPlainHttpSecretsManager(): Promise<{ url: string; seen: string[] }> {
  const seen: string[] = [];
  const server = await startPlainHttpServer((req, res) => {
    seen.push(String(req.headers['x-amz-target']));
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
      res.end(JSON.stringify({ Name: 'dual-auth/AGENT_CLIENT_SECRET', SecretString: SECRET }));
    });
  });
  plain.push(server);
  return { url: server.url, seen };
}

/**
 * A backend with `options` and no endpoint of its own (it must find the emulator from the
 * environment) reads the secret with one request to the emulator.
 */
async function expectOneReadAtEmulator(options: AwsSecretsBackendOptions): Promise<void> {
  const backend = new AwsSecretsBackend({
    caPem: aws.caPem,
    credentials,
    maxAttempts: 1,
    timeoutMs: 5_000,
    logger: createRecordingLogger(),
    ...options,
  });
  const before = aws.requests.length;
  await expect(backend.getSecret('AGENT_CLIENT_SECRET')).resolves.toBe(SECRET);
  expect(aws.requests.length - before).toBe(1);
}

describe('AwsSecretsBackend upgrade from main', () => {
  it('reads through endpoint_url of the shared AWS config file (a VPC endpoint set per profile)', async () => {
    // AWS's documented way to point every SDK of a host at an endpoint:
    // https://docs.aws.amazon.com/sdkref/latest/guide/feature-ss-endpoints.html
    cleanEndpointEnv();
    const dir = await mkdtemp(join(tmpdir(), 'dual-auth-aws-upgrade-'));
    dirs.push(dir);
    const configFile = join(dir, 'config');
    await writeFile(configFile, `[default]\nendpoint_url = ${aws.endpoint}\n`);
    vi.stubEnv('AWS_CONFIG_FILE', configFile);
    await expectOneReadAtEmulator({});
  }, 30_000);

  it('reads from LocalStack on loopback named by AWS_ENDPOINT_URL (plain http, as LocalStack serves) with allowInsecureLoopback; without it the read says to set it', async () => {
    // Plain http even to loopback stays opt-in (the attack tests send the read there from the
    // process environment): main read it silently; now the refusal names the option, and nothing
    // is sent before it is set.
    cleanEndpointEnv();
    const localstack = await startPlainHttpSecretsManager();
    vi.stubEnv('AWS_ENDPOINT_URL', localstack.url);
    const options = { credentials, maxAttempts: 1, logger: createRecordingLogger() };
    const refused = await secretsBackendFailure(
      new AwsSecretsBackend(options).getSecret('AGENT_CLIENT_SECRET'),
    );
    expect(refused.message).toContain('AWS_ENDPOINT_URL in the process environment');
    expect(refused.hint).toContain('set allowInsecureLoopback: true');
    expect(localstack.seen).toEqual([]);
    const backend = new AwsSecretsBackend({ ...options, allowInsecureLoopback: true });
    await expect(backend.getSecret('AGENT_CLIENT_SECRET')).resolves.toBe(SECRET);
    expect(localstack.seen).toEqual(['secretsmanager.GetSecretValue']);
  }, 30_000);

  it('starts with AWS_ENDPOINT_URL naming LocalStack by its docker compose service name', () => {
    // http://localstack:4566 is not loopback, so allowInsecureLoopback cannot let it through.
    cleanEndpointEnv();
    vi.stubEnv('AWS_ENDPOINT_URL', 'http://localstack:4566');
    expect(
      () => new AwsSecretsBackend({ credentials, maxAttempts: 1, logger: createRecordingLogger() }),
    ).not.toThrow();
  });

  it('a read from LocalStack by its docker compose name says to pass your own client, which then reads over plain http', async () => {
    // Secrets over plain http to another host stay refused from every source the backend builds
    // its client from; a client the app builds itself is its own call.
    cleanEndpointEnv();
    vi.stubEnv('AWS_ENDPOINT_URL', 'http://localstack:4566');
    const refused = await secretsBackendFailure(
      new AwsSecretsBackend({
        credentials,
        maxAttempts: 1,
        allowInsecureLoopback: true,
        logger: createRecordingLogger(),
      }).getSecret('AGENT_CLIENT_SECRET'),
    );
    expect(refused.message).toMatch(/^The Secrets Manager endpoint must use HTTPS/);
    expect(refused.hint).toContain('pass your own client');
    // A loopback stand-in for http://localstack:4566, whose name does not resolve here.
    const localstack = await startPlainHttpSecretsManager();
    const client = new SecretsManagerClient({
      region: 'us-east-1',
      endpoint: localstack.url,
      credentials,
      maxAttempts: 1,
    });
    const backend = new AwsSecretsBackend({ client, logger: createRecordingLogger() });
    await expect(backend.getSecret('AGENT_CLIENT_SECRET')).resolves.toBe(SECRET);
    expect(localstack.seen).toEqual(['secretsmanager.GetSecretValue']);
  }, 30_000);

  it('reads from the https endpoint the platform sets in AWS_ENDPOINT_URL_SECRETS_MANAGER when the app passes its own env', async () => {
    // The app passes `env` for dual-auth's own variables (from its config loader); the platform
    // (a VPC endpoint, a CI emulator over TLS) sets the AWS SDK's endpoint variable in the process.
    cleanEndpointEnv();
    vi.stubEnv('AWS_ENDPOINT_URL_SECRETS_MANAGER', aws.endpoint);
    await expectOneReadAtEmulator({
      env: { DUAL_AUTH_AWS_REGION: 'us-east-1', DUAL_AUTH_AWS_SECRET_PREFIX: 'dual-auth/' },
    });
  }, 30_000);

  it('retries an attempt that timed out: timeoutMs bounds each attempt, maxAttempts the retries', async () => {
    // main documented timeoutMs as the per-request timeout: an attempt that hangs (a VPC endpoint
    // address in a zone that is down) times out and the SDK's retry reaches a working one.
    cleanEndpointEnv();
    let requests = 0;
    const endpoint = await startHttpsServer((req, res) => {
      requests += 1;
      if (requests === 1) return; // the first attempt hangs
      req.resume();
      req.on('end', () => {
        res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
        res.end(JSON.stringify({ Name: 'dual-auth/AGENT_CLIENT_SECRET', SecretString: SECRET }));
      });
    });
    tls.push(endpoint);
    const backend = new AwsSecretsBackend({
      endpoint: endpoint.url,
      caPem: endpoint.ca.caPem,
      env: {},
      credentials,
      maxAttempts: 3,
      timeoutMs: 1_000,
      logger: createRecordingLogger(),
    });
    await expect(backend.getSecret('AGENT_CLIENT_SECRET')).resolves.toBe(SECRET);
    expect(requests).toBe(2);
  }, 60_000);

  it('a client passed in keeps its own timing: its slow credential provider is not cut at 10 s', async () => {
    // The team builds its own client (its credential chain: SSO, then an STS role, that can take
    // seconds on a cold start); main's timeoutMs applied only to the client the backend built.
    cleanEndpointEnv();
    const client = new SecretsManagerClient({
      region: 'us-east-1',
      endpoint: aws.endpoint,
      requestHandler: { httpsAgent: new Agent({ ca: aws.caPem }) },
      maxAttempts: 1,
      credentials: async () => {
        await realSleep(11_000);
        return credentials;
      },
    });
    const backend = new AwsSecretsBackend({ client, logger: createRecordingLogger() });
    await expect(backend.getSecret('AGENT_CLIENT_SECRET')).resolves.toBe(SECRET);
  }, 60_000);
});
