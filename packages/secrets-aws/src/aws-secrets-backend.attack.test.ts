import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SecretsBackendError } from '@dual-auth/core';
import {
  createRecordingLogger,
  dripBody,
  startHttpsServer,
  startPlainHttpServer,
  type TestHttpsServer,
} from '@dual-auth/testing';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AwsSecretsBackend } from './aws-secrets-backend.js';

// A hostile or compromised Secrets Manager endpoint (a VPC endpoint, a proxy on the path) that
// answers the headers at once and then the body as slowly or as large as it likes.

const credentials = { accessKeyId: 'AKIDTESTONLY', secretAccessKey: 'test-only-secret-key' };
const servers: TestHttpsServer[] = [];

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

const AMZ_JSON = 'application/x-amz-json-1.1';

function body(secret: string): string {
  return JSON.stringify({ Name: 'dual-auth/AGENT_CLIENT_SECRET', SecretString: secret });
}

/** A backend reading from `server` with one attempt of `timeoutMs`; closed after the test. */
function backendOf(server: TestHttpsServer, timeoutMs: number): AwsSecretsBackend {
  servers.push(server);
  return new AwsSecretsBackend({
    endpoint: server.url,
    caPem: server.ca.caPem,
    credentials,
    env: {},
    maxAttempts: 1,
    timeoutMs,
    logger: createRecordingLogger(),
  });
}

/** A plain-http endpoint on loopback that answers every read; `requested` lists what reached it. */
async function startPlainHttp(): Promise<{
  url: string;
  requested: string[];
  close: () => Promise<void>;
}> {
  const requested: string[] = [];
  const server = await startPlainHttpServer((req, res) => {
    requested.push(req.url ?? '');
    res.writeHead(200, { 'content-type': AMZ_JSON });
    res.end(body('plain-http-value'));
  });
  return { url: server.url, requested, close: () => server.close() };
}

/** A backend with no endpoint of its own: the SDK resolves one from the process's configuration. */
function backendFromEnvironment(): AwsSecretsBackend {
  return new AwsSecretsBackend({
    credentials,
    env: {},
    maxAttempts: 1,
    logger: createRecordingLogger(),
  });
}

/** The read fails with a SecretsBackendError instead of handing back the hostile answer. */
async function expectRefused(backend: AwsSecretsBackend): Promise<SecretsBackendError> {
  const outcome = await backend.getSecret('AGENT_CLIENT_SECRET').then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  expect(outcome).not.toHaveProperty('value');
  const { error } = outcome as { error: SecretsBackendError };
  expect(error).toBeInstanceOf(SecretsBackendError);
  return error;
}

describe('AwsSecretsBackend against a hostile endpoint (attack)', () => {
  it('a body dripped a byte at a time does not outlive timeoutMs', async () => {
    // 200 bytes of padding 20 ms apart: some 4 s in all, twenty times timeoutMs; each byte resets
    // the SDK's socket-idle timer, so the read is never cut and resolves with the value.
    const padded = `${' '.repeat(200)}${body('dripped-value')}`;
    const server = await startHttpsServer((_req, res) =>
      dripBody(res, padded, { everyMs: 20, contentType: AMZ_JSON }),
    );
    const error = await expectRefused(backendOf(server, 200));
    expect(error.message).toBe('AWS connection error: ETIMEDOUT');
    expect(error.hint).toContain('within timeoutMs (200 ms)');
  }, 30_000);

  it('an answer far larger than any secret (Secrets Manager caps values at 64 KiB) is refused', async () => {
    // 64 MiB of JSON whitespace before a valid answer: the SDK buffers all of it; a gigabyte takes
    // the process down.
    const chunk = ' '.repeat(1024 * 1024);
    const server = await startHttpsServer((_req, res) => {
      res.writeHead(200, { 'content-type': AMZ_JSON });
      for (let i = 0; i < 64; i += 1) res.write(chunk);
      res.end(body('huge-answer-value'));
    });
    const error = await expectRefused(backendOf(server, 60_000));
    expect(error.message).toBe(
      "AWS answer for secret 'dual-auth/AGENT_CLIENT_SECRET' is longer than 1048576 bytes.",
    );
  }, 60_000);
  it('an endpoint named by AWS_ENDPOINT_URL_SECRETS_MANAGER is held to https, as the endpoint option is', async () => {
    // The SDK reads this variable from process.env itself, past the backend's `env` option and the
    // https check its `endpoint` option gets: the answer then comes over plain http.
    const plain = await startPlainHttp();
    const before = process.env.AWS_ENDPOINT_URL_SECRETS_MANAGER;
    process.env.AWS_ENDPOINT_URL_SECRETS_MANAGER = plain.url;
    try {
      const backend = backendFromEnvironment();
      const outcome = await backend.getSecret('AGENT_CLIENT_SECRET').then(
        (value) => ({ value }),
        (error: unknown) => ({ error }),
      );
      expect(plain.requested).toEqual([]);
      expect(outcome).not.toEqual({ value: 'plain-http-value' });
    } finally {
      if (before === undefined) delete process.env.AWS_ENDPOINT_URL_SECRETS_MANAGER;
      else process.env.AWS_ENDPOINT_URL_SECRETS_MANAGER = before;
      await plain.close();
    }
  }, 30_000);

  it('a body dripped across retries does not outlive totalTimeoutMs', async () => {
    // Each attempt drips (so its socket-idle timeoutMs never fires) for some 9 s; three attempts
    // would hand the value back after half a minute.
    const padded = `${' '.repeat(400)}${body('dripped-value')}`;
    const server = await startHttpsServer((_req, res) =>
      dripBody(res, padded, { everyMs: 20, contentType: AMZ_JSON }),
    );
    servers.push(server);
    const backend = new AwsSecretsBackend({
      endpoint: server.url,
      caPem: server.ca.caPem,
      credentials,
      env: {},
      maxAttempts: 3,
      timeoutMs: 5_000,
      totalTimeoutMs: 300,
      logger: createRecordingLogger(),
    });
    const error = await expectRefused(backend);
    expect(error.message).toBe('AWS connection error: ETIMEDOUT');
    expect(error.hint).toContain('totalTimeoutMs (300 ms)');
  }, 30_000);

  it('an endpoint_url of the shared config file naming plain http is refused before anything is sent', async () => {
    // The SDK reads the shared config file itself; the URL it resolved is what must be https.
    const plain = await startPlainHttp();
    const dir = await mkdtemp(join(tmpdir(), 'dual-auth-aws-attack-'));
    try {
      const configFile = join(dir, 'config');
      await writeFile(configFile, `[default]\nendpoint_url = ${plain.url}\n`);
      for (const name of ['AWS_ENDPOINT_URL', 'AWS_ENDPOINT_URL_SECRETS_MANAGER', 'AWS_PROFILE']) {
        vi.stubEnv(name, undefined);
      }
      vi.stubEnv('AWS_CONFIG_FILE', configFile);
      const backend = backendFromEnvironment();
      const error = await expectRefused(backend);
      expect(plain.requested).toEqual([]);
      expect(error.message).toContain('endpoint_url in the shared AWS config file');
      expect(error.hint).toContain('allowInsecureLoopback: true');
    } finally {
      vi.unstubAllEnvs();
      await rm(dir, { recursive: true, force: true });
      await plain.close();
    }
  }, 30_000);
});
