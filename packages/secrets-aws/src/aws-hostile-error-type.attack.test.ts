import { errorLogTexts, startHttpsServer, type TestHttpsServer } from '@dual-auth/testing';
import { secretsBackendFailure } from '@dual-auth/testing/conformance';
import { afterEach, describe, expect, it } from 'vitest';
import { AwsSecretsBackend } from './aws-secrets-backend.js';

// Attack (wave32 review): the SDK names its error after the answer's `__type` (or its
// `x-amzn-errortype` header), which an endpoint that is not Secrets Manager (a proxy, a
// look-alike behind a wrong `endpoint`) writes as it likes: an email or a token there became the
// SecretsBackendError's message ("AWS Secrets Manager error: jane.doe@corp.example") and its
// cause's name, in every way of logging it.
const EMAIL = 'jane.doe@corp.example';
const TOKEN = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJqYW5lIn0.c2lnbmF0dXJl';

let server: TestHttpsServer | undefined;
afterEach(() => server?.close());

describe('attack: an AWS answer whose error type is an email or a token', () => {
  it.each([
    ['__type', { __type: EMAIL, Message: 'denied' }, {}],
    ['__type', { __type: `Bearer ${TOKEN}`, Message: 'denied' }, {}],
    ['x-amzn-errortype', { message: 'denied' }, { 'x-amzn-errortype': EMAIL }],
  ])(
    '%s: no way of logging the SecretsBackendError shows it',
    async (_where, body, headers) => {
      server = await startHttpsServer((_req, res) => {
        res.writeHead(400, { 'content-type': 'application/x-amz-json-1.1', ...headers });
        res.end(JSON.stringify(body));
      });
      const backend = new AwsSecretsBackend({
        endpoint: server.url,
        caPem: server.ca.caPem,
        credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'test-only-secret-key' },
        env: {},
        maxAttempts: 1,
      });
      const error = await secretsBackendFailure(backend.getSecret('AGENT_CLIENT_SECRET'));
      for (const [how, text] of Object.entries(errorLogTexts(error))) {
        for (const leak of [EMAIL, 'jane.doe', TOKEN]) expect(text, how).not.toContain(leak);
      }
      expect(error.message).toBe('AWS Secrets Manager error: UnknownError');
      expect(error.cause).toMatchObject({ name: 'Error', message: 'denied' });
    },
    30_000,
  );
});
