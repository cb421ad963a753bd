import { setTelemetryApi } from '@dual-auth/core';
import { afterEach, expect, it } from 'vitest';
import { type RecordedSpan, recordingTelemetryApi } from '../../core/test/recording-telemetry.js';
import { fakeTime, vendorTokens } from '../test/demo-api.js';
import { useDemoApis } from '../test/use-demo-apis.js';
import { InSessionApiCall } from './in-session-api-call.js';

const api = useDemoApis();

afterEach(() => {
  setTelemetryApi(undefined);
});

// Attack (wave27 review, lead's fix): an API URL naming the human by a login-like id
// (`/users/aliddell/events`, the call's humanId) was blanked in the error and the log lines, but
// the attempt span's `url.full` kept it: a word by its shape, which core's route keeps. The span
// is the call's too: the segment that is the human's id is `:redacted` there as well.
it("the attempt span's url.full blanks a segment that is the call's humanId", async () => {
  const spans: RecordedSpan[] = [];
  setTelemetryApi(recordingTelemetryApi(spans));
  const server = await api(() => ({ status: 200 }));
  const call = new InSessionApiCall({ fetch: server.fetch, ...fakeTime().options });
  await call.callApi({
    apiUrl: `${server.url}/users/aliddell/events?page=2`,
    tokenResponse: vendorTokens.okta,
    identity: { agentId: 'agent-1', humanId: 'aliddell' },
  });
  const attempts = spans.filter((s) => s.name === 'GET');
  expect(attempts.map((s) => s.attributes['url.full'])).toEqual([
    `${server.url}/users/:redacted/events`,
  ]);
  // The human's id is the span's `dual_auth.human.id`, as an IAM id; only there.
  const elsewhere = attempts.map(({ attributes }) => ({
    ...attributes,
    'dual_auth.human.id': undefined,
  }));
  expect(JSON.stringify(elsewhere)).not.toMatch(/aliddell/i);
});
