import { ApiCallError } from '@dual-auth/core';
import { expect, it } from 'vitest';
import { closedPort } from '../test/closed-port.js';
import { fakeTime, recordingLogger, vendorTokens } from '../test/demo-api.js';
import { InSessionApiCall } from './in-session-api-call.js';

// Found by an operations team adopting the library from its docs (session 38): an API that was
// down made `callApi` throw "API call failed: GET https://… network error after 4 attempt(s)" and
// log `api_call_error` with `failure` `network` alone, where a token request in the same outage
// names the runtime's code (ECONNREFUSED) and what to check. The on-call engineer could not tell a
// stopped API from a DNS, routing or port mistake, nor alert on them apart.
it('names the runtime code of a refused connection, and what to check, in the error and the log lines', async () => {
  const port = await closedPort();
  const logger = recordingLogger();
  const call = new InSessionApiCall({ ...fakeTime().options, logger, retry: { limit: 1 } });
  const error = await call
    .callApi({ apiUrl: `https://127.0.0.1:${port}/api`, tokenResponse: vendorTokens.okta })
    .catch((e: unknown) => e);
  expect(ApiCallError.isInstance(error)).toBe(true);
  expect((error as Error).message).toBe(
    `API call failed: GET https://127.0.0.1:${port}/api network error (ECONNREFUSED) after 2 attempt(s): check that the API is up and serves HTTPS there, and that the URL names its host and port`,
  );
  expect(logger.events.find((e) => e.event === 'api_call_retry')?.fields).toMatchObject({
    failure: 'network',
    error_type: 'ECONNREFUSED',
    attempt: 1,
  });
  expect(logger.events.find((e) => e.event === 'api_call_error')?.fields).toMatchObject({
    failure: 'network',
    error_type: 'ECONNREFUSED',
    attempts: 2,
  });
}, 30_000);

it('logs a code a custom fetch put there only when it reads as one', async () => {
  const logger = recordingLogger();
  const fetch = async () => {
    throw new TypeError('fetch failed', { cause: { code: 'jane.doe@example.com' } });
  };
  const call = new InSessionApiCall({ ...fakeTime().options, logger, fetch, retry: { limit: 0 } });
  const error = await call
    .callApi({ apiUrl: 'https://api.example/x', tokenResponse: vendorTokens.okta })
    .catch((e: unknown) => e);
  expect(JSON.stringify(logger.events)).not.toContain('jane.doe');
  expect((error as Error).message).not.toContain('jane.doe');
}, 30_000);
