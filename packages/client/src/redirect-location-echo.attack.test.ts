import { createRecordingLogger } from '@dual-auth/testing';
import { expect, it } from 'vitest';
import { fakeTime, token, unsignedJwt } from '../test/demo-api.js';
import { useDemoApis } from '../test/use-demo-apis.js';
import { ApiCall } from './api-call.js';
import type { RequestStartState } from './api-call-hooks.js';

const api = useDemoApis();

const legacy = unsignedJwt({
  sub: 'finance-agent',
  act: { sub: 'u-7301', name: 'Alice Liddell', preferred_username: 'aliddell' },
});

// Attack (wave27): the API picks a redirect's Location, and the client writes its route in the
// `api_call_redirect` log line, the hooks' `url` and a refused redirect's ApiCallError. Core's
// route trimming finds ids and emails by shape, not a login or a name the API echoes in the path
// (`/users/aliddell/statement`), and a path of thousands of segments went in whole.
it("keeps the human's login or name out of a redirect's logged route, and bounds its length", async () => {
  const long = `/${'seg/'.repeat(3000)}end`;
  const server = await api((request) => {
    if (request.path === '/accounts') {
      return { status: 302, headers: { location: '/users/aliddell/statement' } };
    }
    if (request.path.startsWith('/users/')) {
      return { status: 307, headers: { location: long } };
    }
    return { status: 302, headers: { location: `/people/Alice%20Liddell${long}` } };
  });
  const logger = createRecordingLogger();
  const hooked: RequestStartState[] = [];
  const error = await new ApiCall({
    fetch: server.fetch,
    logger,
    maxRedirects: 2,
    hooks: { onRequestStart: (state) => hooked.push(state) },
    ...fakeTime().options,
  })
    .callApi({
      apiUrl: `${server.url}/accounts`,
      tokenResponse: token({ accessToken: legacy }),
      identity: { agentId: 'finance-agent', humanId: 'u-7301' },
    })
    .catch((e: unknown) => e as Error);
  expect(error).toMatchObject({ reason: 'redirect' });
  const redirects = logger.records.filter((record) => record.event === 'api_call_redirect');
  expect(redirects).toHaveLength(2);
  expect(redirects[0]?.fields?.to_url).toBe(`${server.url}/users/***REDACTED***/statement`);
  const shown = [JSON.stringify(logger.records), JSON.stringify(hooked), JSON.stringify(error)];
  for (const text of shown) expect(text).not.toMatch(/aliddell|alice|liddell/i);
  for (const record of logger.records) {
    for (const value of Object.values(record.fields ?? {})) {
      expect(String(value).length).toBeLessThanOrEqual(600);
    }
  }
  for (const state of hooked) expect(state.url.length).toBeLessThanOrEqual(600);
  expect((error as { url: string }).url.length).toBeLessThanOrEqual(600);
});
