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
  const call = new InSessionApiCall({ fetch: server.fetch, ...fakeTime(), logger });
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
