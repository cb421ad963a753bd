import type { DualSubjectToken } from '@dual-auth/core';
import { createRecordingLogger } from '@dual-auth/testing';
import { describe, expect, it } from 'vitest';
import { fakeTime } from '../test/demo-api.js';
import { useDemoApis } from '../test/use-demo-apis.js';
import { InSessionApiCall } from './in-session-api-call.js';

const api = useDemoApis();

// A token of the caller's own making (a TokenProvider of their own, a cache of their own) need
// not carry a scope: RFC 6749 §5.1 makes `scope` optional in a token answer.
function plainToken(scope?: unknown): DualSubjectToken {
  return {
    accessToken: 'own.access.token',
    tokenType: 'Bearer',
    expiresIn: 3600,
    issuedAt: Date.now(),
    expiresAt: Date.now() + 3_600_000,
    ...(scope === undefined ? {} : { scope }),
  } as unknown as DualSubjectToken;
}

describe('client: the audit record of a token without a scope', () => {
  it('a call with a logger and a token that has no scope answers and audits an empty scope', async () => {
    const server = await api();
    const logger = createRecordingLogger();
    const call = new InSessionApiCall({ fetch: server.fetch, ...fakeTime().options, logger });
    const response = await call.callApi({ apiUrl: server.url, tokenResponse: plainToken() });
    expect(response.status).toBe(200);
    const audit = logger.records.find((r) => r.event === 'dual_auth_decision');
    expect(audit?.fields).toMatchObject({ decision: 'ALLOW', scope: [] });
  });

  it('a scope that is not a string is audited as empty, never shown', async () => {
    const server = await api();
    const logger = createRecordingLogger();
    const call = new InSessionApiCall({ fetch: server.fetch, ...fakeTime().options, logger });
    const response = await call.callApi({
      apiUrl: server.url,
      tokenResponse: plainToken({ toString: () => 'alice@example.com' }),
    });
    expect(response.status).toBe(200);
    const audit = logger.records.find((r) => r.event === 'dual_auth_decision');
    expect(audit?.fields).toMatchObject({ decision: 'ALLOW', scope: [] });
    expect(JSON.stringify(logger.records)).not.toContain('alice');
  });
});
