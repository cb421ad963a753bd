import {
  createDualSubjectToken,
  type LogFields,
  type Logger,
  type TokenProvider,
} from '@dual-auth/core';
import { expect, it } from 'vitest';
import { fakeTime, vendorTokens } from '../test/demo-api.js';
import { useDemoApis } from '../test/use-demo-apis.js';
import { InSessionApiCall } from './in-session-api-call.js';

const api = useDemoApis();

// A token that records no one (a user's own provider's: no humanId or agentId) beside an identity
// that names a human: assertTokenFor skips the fields the token leaves out, and nothing said so,
// so an operator could not tell that the identity was never checked against the token. One debug
// line per client says so and how to record them; it names no id (IAM ids stay out of it).

function levelLogger(): Logger & {
  events: { level: string; event: string; fields?: LogFields }[];
} {
  const events: { level: string; event: string; fields?: LogFields }[] = [];
  const at = (level: string) => (event: string, fields?: LogFields) => {
    events.push({ level, event, ...(fields === undefined ? {} : { fields }) });
  };
  return { events, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

const IDENTITY = { agentId: 'finance-agent', humanId: 'alice-sub' };
const unchecked = (logger: ReturnType<typeof levelLogger>) =>
  logger.events.filter((entry) => entry.event === 'token_identity_unchecked');

it('logs once per client, at debug and with no id, that a token recording no one was not checked against the identity', async () => {
  const server = await api(() => ({ status: 200 }));
  const logger = levelLogger();
  const call = new InSessionApiCall({ fetch: server.fetch, logger, ...fakeTime().options });
  for (let i = 0; i < 3; i++) {
    await call.callApi({
      apiUrl: `${server.url}/balance`,
      tokenResponse: vendorTokens.okta,
      identity: IDENTITY,
    });
  }
  expect(unchecked(logger)).toEqual([
    {
      level: 'debug',
      event: 'token_identity_unchecked',
      fields: {
        field: 'humanId',
        advice: expect.stringContaining('createDualSubjectToken({ …, humanId, agentId })'),
      },
    },
  ]);
  expect(JSON.stringify(unchecked(logger))).not.toMatch(/alice-sub|finance-agent/);

  // Another client logs it once too.
  const other = levelLogger();
  await new InSessionApiCall({ fetch: server.fetch, logger: other, ...fakeTime().options }).callApi(
    { apiUrl: `${server.url}/balance`, tokenResponse: vendorTokens.okta, identity: IDENTITY },
  );
  expect(unchecked(other)).toHaveLength(1);
}, 30_000);

it("logs it for a provider's token that records no one", async () => {
  const server = await api(() => ({ status: 200 }));
  const logger = levelLogger();
  const provider: TokenProvider = { getToken: async () => vendorTokens.okta };
  const call = new InSessionApiCall({ fetch: server.fetch, logger, ...fakeTime().options });
  await call.callApi({
    apiUrl: `${server.url}/balance`,
    tokenProvider: provider,
    identity: IDENTITY,
  });
  await call.callApi({
    apiUrl: `${server.url}/balance`,
    tokenProvider: provider,
    identity: IDENTITY,
  });
  expect(unchecked(logger)).toHaveLength(1);
}, 30_000);

it('says nothing when the token records whom it was asked for, or the call names no one', async () => {
  const server = await api(() => ({ status: 200 }));
  const logger = levelLogger();
  const call = new InSessionApiCall({ fetch: server.fetch, logger, ...fakeTime().options });
  const recorded = createDualSubjectToken({
    accessToken: 'okta.access.token',
    tokenType: 'Bearer',
    expiresIn: 3600,
    scope: 'finance.read',
    issuedAt: Date.now(),
    ...IDENTITY,
  });
  await call.callApi({
    apiUrl: `${server.url}/balance`,
    tokenResponse: recorded,
    identity: IDENTITY,
  });
  await call.callApi({ apiUrl: `${server.url}/balance`, tokenResponse: vendorTokens.okta });
  expect(unchecked(logger)).toEqual([]);
}, 30_000);
