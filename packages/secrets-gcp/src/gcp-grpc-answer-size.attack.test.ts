import { inspect } from 'node:util';
import { SecretsBackendError } from '@dual-auth/core';
import { createRecordingLogger } from '@dual-auth/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type GrpcSecretManagerServer,
  startCompressedGrpcServer,
  startGrpcSecretManagerServer,
  startHugeTrailersGrpcServer,
} from '../test/support/grpc-secret-manager-server.js';
import {
  type GcpCallOptions,
  type GcpClientOptions,
  GcpSecretsBackend,
} from './gcp-secrets-backend.js';

// Over REST an answer is read up to 1 MiB; over gRPC (the SDK's default transport) the SDK lifts
// grpc-js's receive limit (-1), so a secret store or a man in the middle answering 16 MiB (or 2 GiB)
// had the whole message read into memory and returned. A real gRPC server on loopback answers here.

const MIB = 1024 * 1024;
const HUGE = 'h'.repeat(16 * MIB);
const LARGE_BUT_FINE = 'f'.repeat(512 * 1024);
let server: GrpcSecretManagerServer;

beforeAll(async () => {
  server = await startGrpcSecretManagerServer({
    'dual-auth-agent-client-secret': { value: HUGE },
    'dual-auth-agent-client-id': { value: LARGE_BUT_FINE },
    'dual-auth-keycloak-token-url': { value: 'https://idp.example/token' },
    'dual-auth-keycloak-client-id': { silent: true },
    'dual-auth-keycloak-client-secret': { stallAfterHeaders: true },
  });
});
afterAll(() => server.close());

interface ReadOptions {
  timeoutMs?: number;
  callOptions?: GcpCallOptions;
}

/** A backend of the file's server, `options.clientOptions` over its own. */
function backend(options: ReadOptions & { clientOptions?: GcpClientOptions } = {}) {
  return backendAt({ ...server.clientOptions, ...options.clientOptions }, options);
}

/** A backend of the server that `clientOptions` reach, logging to a recording logger. */
function backendAt(clientOptions: GcpClientOptions, options: ReadOptions = {}) {
  return new GcpSecretsBackend({
    env: { DUAL_AUTH_GCP_PROJECT: 'grpc-test' },
    clientOptions,
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    ...(options.callOptions === undefined ? {} : { callOptions: options.callOptions }),
    logger: createRecordingLogger(),
  });
}

async function failureOf(read: Promise<unknown>): Promise<SecretsBackendError> {
  const error = await read.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(SecretsBackendError);
  return error as SecretsBackendError;
}

describe('GcpSecretsBackend over gRPC: answer size', () => {
  it('reads a secret over gRPC', async () => {
    const gcp = backend();
    try {
      await expect(gcp.getSecret('KEYCLOAK_TOKEN_URL')).resolves.toBe('https://idp.example/token');
      await expect(gcp.getSecret('AGENT_CLIENT_ID')).resolves.toBe(LARGE_BUT_FINE);
      await expect(gcp.getSecret('UNKNOWN_KEY', { required: false })).resolves.toBeUndefined();
    } finally {
      await gcp.close();
    }
  });

  it('an answer over 1 MiB is refused as over REST, and the client hangs up instead of reading it', async () => {
    const gcp = backend();
    try {
      const before = server.calls.length;
      const failure = await failureOf(gcp.getSecret('AGENT_CLIENT_SECRET'));
      expect(failure.message).toBe(
        "GCP Secret Manager's answer for secret 'dual-auth-agent-client-secret' is larger than 1048576 bytes.",
      );
      expect(failure.key).toBe('AGENT_CLIENT_SECRET');
      expect(failure.cause).toEqual({
        name: 'AnswerTooLargeError',
        message: 'The answer is longer than 1048576 bytes.',
      });
      const shown = `${failure.message} ${failure.hint} ${inspect(failure, { depth: 5 })} ${JSON.stringify(failure)}`;
      expect(shown).not.toContain('hhhhhhhh');
      // grpc-js refused the message from its length prefix and cancelled the call: the server,
      // held by the flow-control window, could not send the 16 MiB.
      await expect
        .poll(() => server.calls.slice(before))
        .toEqual([{ secretId: 'dual-auth-agent-client-secret', cancelled: true }]);
    } finally {
      await gcp.close();
    }
  });
});

describe("GcpSecretsBackend over gRPC: a caller's retry policy", () => {
  // AccessSecretVersion's own policy retries RESOURCE_EXHAUSTED, the status grpc-js gives an answer
  // over the limit: the retries ended as DEADLINE_EXCEEDED (or the read at timeoutMs), and the
  // answer-size error was reported as Secret Manager being unreachable.
  const tinyBackoff = {
    initialRetryDelayMillis: 1,
    retryDelayMultiplier: 1,
    maxRetryDelayMillis: 1,
    initialRpcTimeoutMillis: 30_000,
    rpcTimeoutMultiplier: 1,
    maxRpcTimeoutMillis: 30_000,
  };
  it.each([
    ['a few retries', { ...tinyBackoff, maxRetries: 3 }],
    ['retries until timeoutMs', { ...tinyBackoff, totalTimeoutMillis: 30_000 }],
  ])(
    'an answer over 1 MiB is reported as too large, not retried, with %s',
    async (_, backoffSettings) => {
      const gcp = backend({
        timeoutMs: 30_000,
        callOptions: { retry: { retryCodes: [8, 14], backoffSettings } } as GcpCallOptions,
      });
      try {
        const before = server.calls.length;
        const failure = await failureOf(gcp.getSecret('AGENT_CLIENT_SECRET'));
        // The read ended with the first refusal: no retry had been sent.
        expect(server.calls.slice(before).map(({ secretId }) => secretId)).toEqual([
          'dual-auth-agent-client-secret',
        ]);
        expect(failure.message).toBe(
          "GCP Secret Manager's answer for secret 'dual-auth-agent-client-secret' is larger than 1048576 bytes.",
        );
        expect(failure.cause).toEqual({
          name: 'AnswerTooLargeError',
          message: 'The answer is longer than 1048576 bytes.',
        });
      } finally {
        await gcp.close();
      }
    },
  );
});

describe('GcpSecretsBackend over gRPC: a compressed answer', () => {
  it.each(['gzip', 'deflate'] as const)(
    'a small %s message that inflates past 1 MiB is refused as the same error',
    async (encoding) => {
      const zipped = await startCompressedGrpcServer(HUGE, encoding);
      const gcp = backendAt(zipped.clientOptions);
      try {
        const failure = await failureOf(gcp.getSecret('AGENT_CLIENT_SECRET'));
        expect(failure.message).toBe(
          "GCP Secret Manager's answer for secret 'dual-auth-agent-client-secret' is larger than 1048576 bytes.",
        );
      } finally {
        await gcp.close();
        await zipped.close();
      }
    },
  );
});

describe('GcpSecretsBackend over gRPC: huge metadata', () => {
  it('trailers of 8 MiB are refused by the HTTP/2 header list limit, not read', async () => {
    const padded = await startHugeTrailersGrpcServer(8 * MIB);
    const gcp = backendAt(padded.clientOptions);
    try {
      const failure = await failureOf(gcp.getSecret('AGENT_CLIENT_SECRET'));
      expect(failure.message).toBe(
        "GCP Secret Manager error: INTERNAL reading secret 'dual-auth-agent-client-secret'.",
      );
      // grpc-js resets the stream (a protocol error) rather than taking the NOT_FOUND they carry.
      expect(failure.cause).toMatchObject({ code: 'INTERNAL' });
      expect(JSON.stringify(failure)).not.toContain('pppppppp');
    } finally {
      await gcp.close();
      await padded.close();
    }
  });
});

describe('GcpSecretsBackend over gRPC: the receive limit in clientOptions', () => {
  it.each([
    ['grpc.max_receive_message_length', -1],
    ['grpc.max_receive_message_length', 4 * MIB],
    ['grpc.max_receive_message_length', 0],
    ['grpc.max_receive_message_length', '1048576'],
    ['grpc.grpc.max_receive_message_length', -1],
  ])("a caller's %s of %j is refused at creation: only 1 to 1 MiB is taken", (name, value) => {
    expect(() => backend({ clientOptions: { [name]: value } as GcpClientOptions })).toThrow(
      new TypeError(
        `options.clientOptions['${name}'] must be a number of bytes from 1 to 1048576: gRPC answers are read up to 1048576 bytes (the default; a secret version holds at most 64 KiB)`,
      ),
    );
  });

  it('a lower limit is kept, and a longer answer is refused naming that limit', async () => {
    const gcp = backend({
      clientOptions: { 'grpc.max_receive_message_length': 256 * 1024 } as GcpClientOptions,
    });
    try {
      const failure = await failureOf(gcp.getSecret('AGENT_CLIENT_ID'));
      expect(failure.message).toBe(
        "GCP Secret Manager's answer for secret 'dual-auth-agent-client-id' is larger than 262144 bytes.",
      );
      await expect(gcp.getSecret('KEYCLOAK_TOKEN_URL')).resolves.toBe('https://idp.example/token');
    } finally {
      await gcp.close();
    }
  });
});

describe('GcpSecretsBackend over gRPC: deadline', () => {
  it.each([
    [
      'sends its headers and then stalls',
      'KEYCLOAK_CLIENT_SECRET',
      'dual-auth-keycloak-client-secret',
    ],
    ['never answers', 'KEYCLOAK_CLIENT_ID', 'dual-auth-keycloak-client-id'],
  ])(
    'a server that %s ends the read at timeoutMs, and the call is cancelled',
    async (_, key, secretId) => {
      const gcp = backend({ timeoutMs: 200 });
      try {
        const before = server.calls.length;
        const failure = await failureOf(gcp.getSecret(key));
        expect(failure.message).toBe(
          `GCP Secret Manager is unreachable reading secret '${secretId}' (DEADLINE_EXCEEDED).`,
        );
        await expect
          .poll(() => server.calls.slice(before))
          .toEqual([{ secretId, cancelled: true }]);
      } finally {
        await gcp.close();
      }
    },
  );
});
