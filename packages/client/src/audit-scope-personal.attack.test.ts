import { createDualSubjectToken } from '@dual-auth/core';
import { createRecordingLogger } from '@dual-auth/testing';
import { expect, it } from 'vitest';
import { fakeTime, token } from '../test/demo-api.js';
import { useDemoApis } from '../test/use-demo-apis.js';
import { InSessionApiCall } from './in-session-api-call.js';

const api = useDemoApis();

async function auditedScope(tokenResponse: ReturnType<typeof token>): Promise<string> {
  const server = await api();
  const logger = createRecordingLogger();
  const call = new InSessionApiCall({ fetch: server.fetch, ...fakeTime().options, logger });
  await call.callApi({
    apiUrl: `${server.url}/balance`,
    tokenResponse,
    identity: { agentId: 'finance-agent', humanId: 'u-1' },
  });
  const audit = logger.records.find((record) => record.event === 'dual_auth_decision');
  expect(audit?.fields).toMatchObject({ decision: 'ALLOW' });
  return JSON.stringify(audit);
}

// An IdP may grant a scope per user (`files:jane.doe@corp.example`): the token's string forms
// blank the human in it, but the client's audit record of the API's answer wrote the scope as
// granted, email and login included.
it('the audit record of an API answer names no human in the scope', async () => {
  const shown = await auditedScope(
    createDualSubjectToken({
      accessToken: 'okta.access.token',
      tokenType: 'Bearer',
      expiresIn: 3600,
      issuedAt: Date.now(),
      scope: 'finance.read files:jane.doe@corp.example home:jdoe',
      people: ['jdoe', 'u-1'],
    }),
  );
  expect(shown).not.toMatch(/jane\.doe|corp\.example|jdoe/);
  expect(shown).toContain('finance.read');
});

it('blanks emails in the scope of a token made without createDualSubjectToken', async () => {
  const { expiresAt, expiresIn, issuedAt } = token({ accessToken: 'okta.access.token' });
  const shown = await auditedScope({
    accessToken: 'okta.access.token',
    tokenType: 'Bearer',
    expiresAt,
    expiresIn,
    issuedAt,
    scope: 'finance.read mail:jane.doe@corp.example',
  });
  expect(shown).not.toMatch(/jane\.doe|corp\.example/);
  expect(shown).toContain('finance.read');
});
