import { inspect } from 'node:util';
import { createRecordingLogger } from '@dual-auth/testing';
import { describe, expect, it } from 'vitest';
import { fakeTime, token } from '../test/demo-api.js';
import { useDemoApis } from '../test/use-demo-apis.js';
import { ApiCall } from './api-call.js';

const api = useDemoApis();

// Attack (wave27 review): the API's URL names the human by a login-like id (`/users/aliddell/…`,
// the app's `humanId`). The route kept for errors and logs blanks ids by shape (digits, emails,
// long or encoded values), but a short word is a static segment to it: `aliddell` reached
// ApiCallError's url and message (which callers log) and the api_url and route of the log lines.
// The call knows whom it is for.
describe('attack: an API URL that names the human by their id', () => {
  it.each([
    ['aliddell', '/users/aliddell/events'],
    ['aliddell', '/users/ALiddell/events'],
    ['jnunez', '/people/jnunez'],
  ])('humanId %j in %j reaches neither the error nor the logs', async (humanId, path) => {
    const server = await api(() => ({ status: 403 }));
    const logger = createRecordingLogger();
    const error = await new ApiCall({
      fetch: server.fetch,
      retry: { limit: 0 },
      logger,
      ...fakeTime().options,
    })
      .callApi({
        apiUrl: `${server.url}${path}`,
        tokenResponse: token({ accessToken: 'opaque-access-token' }),
        identity: { agentId: 'finance-agent', humanId },
      })
      .then(
        () => undefined,
        (e: unknown) => e as Error & { url: string },
      );
    if (error === undefined) throw new Error('the call succeeded');
    const named = new RegExp(humanId, 'i');
    for (const text of [error.message, error.url, String(error), inspect(error, { depth: 10 })]) {
      expect(text).not.toMatch(named);
    }
    expect(error.url).toContain(':redacted');
    // Log lines carry the human as `human_id` (core's humanIdForLogging: an id kept, an email as
    // its digest); only there.
    const logged = JSON.stringify(logger.records).replace(/"human_id":"[^"]*"/g, '');
    expect(logged).toContain('"api_url"');
    expect(logged).not.toMatch(named);
  });

  it('keeps the static words of the route', async () => {
    const server = await api(() => ({ status: 403 }));
    const error = await new ApiCall({
      fetch: server.fetch,
      retry: { limit: 0 },
      ...fakeTime().options,
    })
      .callApi({
        apiUrl: `${server.url}/users/aliddell/events`,
        tokenResponse: token({ accessToken: 'opaque-access-token' }),
        identity: { agentId: 'finance-agent', humanId: 'aliddell' },
      })
      .then(
        () => undefined,
        (e: unknown) => e as Error & { url: string },
      );
    expect(error?.url).toBe(`${server.url}/users/:redacted/events`);
  });
});
