import { ApiCallError } from '@dual-auth/core';
import { expect, it } from 'vitest';
import { fakeTime, token } from '../test/demo-api.js';
import { useDemoApis } from '../test/use-demo-apis.js';
import { ApiCall } from './api-call.js';

const api = useDemoApis();

// Session 39 (chaos): an API whose connection closed after its headers and part of its body (a
// crashed instance, a proxy that cut the answer) made `response.json()` reject with the runtime's
// bare `TypeError: terminated`, where every other failure of the call is an ApiCallError saying
// what broke and what to do: a caller sorting errors by class took it for a bug of its own.
it('a body that broke off: its reader rejects with an ApiCallError `network` naming the runtime code, the status and what to do', async () => {
  const server = await api(() => ({ status: 200, body: '{"balance":', breakOff: true }));
  const response = await new ApiCall({ fetch: server.fetch, ...fakeTime().options }).callApi({
    apiUrl: `${server.url}/accounts?iban=FR76`,
    tokenResponse: token({ accessToken: 'the-access-token-value' }),
  });
  const error = await response.json().catch((e: unknown) => e);
  expect(ApiCallError.isInstance(error)).toBe(true);
  const failed = error as ApiCallError;
  expect(failed.reason).toBe('network');
  expect(failed.status).toBe(200);
  expect(failed.message).toMatch(
    new RegExp(
      `^API call failed: GET ${server.url}/accounts answered HTTP 200, then its body broke off \\((UND_ERR_SOCKET|ECONNRESET)\\): the connection closed before the whole body arrived; check the API and any proxy in between that cuts answers; calling again may succeed$`,
    ),
  );
  expect(`${String(failed)} ${JSON.stringify(failed)}`).not.toMatch(/the-access-token-value|FR76/);
}, 30_000);
