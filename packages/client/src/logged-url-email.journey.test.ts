import { createRecordingLogger } from '@dual-auth/testing';
import { expect, it } from 'vitest';
import { fakeTime, vendorTokens } from '../test/demo-api.js';
import { useDemoApis } from '../test/use-demo-apis.js';
import { InSessionApiCall } from './in-session-api-call.js';

const api = useDemoApis();

// Journey 10 (wave10/journey10): an edge team's agent calls its API for a human at a REST path
// that names the user (`/users/jane.doe@corp.example/balance`, the id their directory uses). The
// API side (@dual-auth/resource) writes that path as `/users/:redacted/balance` to its audit,
// log and span ("an email … in the URL never reaches the span, the audit or the log"), and the
// house rule is "never log an email"; but the client logs and traces it as it is (`url` of
// api_call_* events, `url.full` of the API-call span: origin and path, docs/audit-event.md), so
// the agent's logs hold the email that the API's logs carefully do not.
it('never writes an email from the API URL path to its log records', async () => {
  const server = await api();
  const logger = createRecordingLogger();
  const call = new InSessionApiCall({ fetch: server.fetch, ...fakeTime().options, logger });
  await call
    .callApi({
      apiUrl: `${server.url}/users/jane.doe@corp.example/balance`,
      tokenResponse: vendorTokens.okta,
      identity: { agentId: 'finance-agent', humanId: 'u-1' },
    })
    .catch(() => undefined);
  expect(logger.records.length).toBeGreaterThan(0);
  expect(JSON.stringify(logger.records)).not.toMatch(/jane\.doe|corp\.example/);
});

it('trims the URL of every api_call_* record, the audit and the error as the resource trims a raw path: no email in the path or the query', async () => {
  const server = await api((request, index) => {
    if (index === 0) return { status: 503 };
    if (request.path.startsWith('/users/jane.doe@corp.example/balance')) {
      return { status: 302, headers: { location: '/people/jane.doe%40corp.example/statement' } };
    }
    return { status: 403 };
  });
  const logger = createRecordingLogger();
  const call = new InSessionApiCall({ fetch: server.fetch, ...fakeTime().options, logger });
  const error = await call
    .callApi({
      apiUrl: `${server.url}/users/jane.doe@corp.example/balance?owner=jane.doe@corp.example`,
      tokenResponse: vendorTokens.okta,
      identity: { agentId: 'finance-agent', humanId: 'u-1' },
    })
    .then(
      () => undefined,
      (reason: unknown) => reason,
    );
  // The retry, the redirect, the audit of the 403 and the error all ran.
  const events = logger.records.map((record) => record.event);
  expect(events).toEqual(
    expect.arrayContaining(['api_call_retry', 'api_call_redirect', 'dual_auth_decision']),
  );
  expect(JSON.stringify(logger.records)).not.toMatch(/jane\.doe|corp\.example|owner/);
  expect(JSON.stringify(logger.records)).toContain(`${server.url}/users/:redacted/balance`);
  expect(JSON.stringify(logger.records)).toContain('/people/:redacted/statement');
  expect(error).toBeInstanceOf(Error);
  expect(String((error as Error).message)).toContain(`${server.url}/users/:redacted/balance`);
  expect(String((error as Error).message)).not.toMatch(/jane\.doe|corp\.example/);
});
