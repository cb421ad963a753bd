import { ApiCallError } from '@dual-auth/core';
import { errorLogTexts } from '@dual-auth/testing';
import { describe, expect, it } from 'vitest';
import { fakeTime, token, unsignedJwt } from '../test/demo-api.js';
import { useDemoApis } from '../test/use-demo-apis.js';
import { ApiCall } from './api-call.js';

const api = useDemoApis();

const EMAIL = 'jane.doe@corp.example';
const ACCESS_TOKEN = unsignedJwt({ sub: 'finance-agent', act: { sub: 'u-1', email: EMAIL } });

// Attack (wave32): an API answers 500 quoting the request it was sent (the bearer token and the
// human's email) in its body and in a Location header, to a URL whose query names the human. The
// error's message and `url` drop them; its `response` holds the answer for a caller who reads the
// body on purpose, and a logger that writes an error's fields (pino's `err` serializer,
// `{ ...error }`) must not write that answer, its URL or its headers.
describe('attack: an API that echoes the token and the human in a 500', () => {
  it('no way of logging the ApiCallError shows them; the body is still readable', async () => {
    const echo = `upstream failed for ${EMAIL}: Authorization: Bearer ${ACCESS_TOKEN}`;
    const server = await api(() => ({
      status: 500,
      headers: {
        location: `https://api.example/retry?email=${EMAIL}&access_token=${ACCESS_TOKEN}`,
      },
      body: JSON.stringify({ error: echo }),
    }));
    const error = await new ApiCall({
      fetch: server.fetch,
      retry: { limit: 0 },
      ...fakeTime().options,
    })
      .callApi({
        apiUrl: `${server.url}/accounts?owner=${EMAIL}`,
        tokenResponse: token({ accessToken: ACCESS_TOKEN }),
        identity: { agentId: 'finance-agent', humanId: 'u-1' },
      })
      .catch((e: unknown) => e);
    expect(ApiCallError.isInstance(error)).toBe(true);
    for (const [how, text] of Object.entries(errorLogTexts(error))) {
      for (const leak of [EMAIL, 'jane.doe', ACCESS_TOKEN]) expect(text, how).not.toContain(leak);
    }
    const { response, url } = error as ApiCallError;
    expect(url).toBe(`${server.url}/accounts`);
    expect(response?.headers.get('location')).toContain(EMAIL);
    expect(await response?.json()).toEqual({ error: echo });
  }, 30_000);
});
