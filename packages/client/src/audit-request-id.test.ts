import { createDualSubjectToken } from '@dual-auth/core';
import { expect, it } from 'vitest';
import { recordingLogger } from '../test/demo-api.js';
import { useDemoApis } from '../test/use-demo-apis.js';
import { InSessionApiCall } from './in-session-api-call.js';

const api = useDemoApis();

// Found by an operations team adopting the library from its docs (session 38): the agent's
// `dual_auth_decision` (source client) and the API's (source resource) of one call had two random
// `request_id`s, so neither record led to the other. The resource keeps a UUID `X-Request-Id` as
// its `request_id` (docs/audit-event.md); the client now keeps the one it sends too.
const token = () =>
  createDualSubjectToken({
    accessToken: 'alice.token',
    tokenType: 'Bearer',
    expiresIn: 3600,
    scope: 'finance.read',
    issuedAt: Date.now(),
  });

async function recordedRequestId(headers?: Record<string, string>): Promise<unknown> {
  const server = await api(() => ({ status: 200 }));
  const logger = recordingLogger();
  const call = new InSessionApiCall({ fetch: server.fetch, logger });
  await call.callApi({ apiUrl: `${server.url}/balance`, tokenResponse: token(), headers });
  return logger.events.find((e) => e.event === 'dual_auth_decision')?.fields?.request_id;
}

it("keeps the caller's X-Request-Id as its record's request_id when it is a UUID", async () => {
  const id = '0B5C9A52-8A7E-4F0E-9D0E-3C0A3F2F9B11';
  expect(await recordedRequestId({ 'X-Request-Id': id })).toBe(id.toLowerCase());
}, 30_000);

it('makes a new one for an X-Request-Id that is not a UUID, or none', async () => {
  for (const headers of [{ 'x-request-id': 'jane.doe@example.com' }, undefined]) {
    const id = await recordedRequestId(headers);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  }
}, 30_000);
