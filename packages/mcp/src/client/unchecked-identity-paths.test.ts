import {
  type DualSubjectToken,
  type LogFields,
  type Logger,
  setDefaultLogger,
  type TokenProvider,
} from '@dual-auth/core';
import { runWithAct } from '@dual-auth/session/context';
import { afterEach, expect, it } from 'vitest';
import { toolToken } from '../../test/support/tool-calling.js';
import { withDualAuthTool } from '../tools/with-dual-auth-tool.js';
import { dualAuthFetch } from './dual-auth-fetch.js';

// Session 36 (wave36/smalls): session 32 reported that mcp skipped the identity check of a token
// recording no one without the client's `token_identity_unchecked`. unchecked-identity.test.ts
// covers a fetch's first token and a tool's first token; these are the other paths that take a
// token: the token renewed after a 401 `invalid_token`, and the token a tool's callApi sends (a
// second getToken), each logging the note once, naming no id.

const IDENTITY = { agentId: 'finance-agent', humanId: 'alice-sub' };
const recorded: DualSubjectToken = { ...toolToken, ...IDENTITY };

function recordingLogger(): Logger & { events: { event: string; fields?: LogFields }[] } {
  const events: { event: string; fields?: LogFields }[] = [];
  const at = (event: string, fields?: LogFields) => {
    events.push({ event, ...(fields === undefined ? {} : { fields }) });
  };
  return { events, debug: at, info: at, warn: at, error: at };
}

/** A provider whose first token records the identity and every later one no one. */
function providerRecordingOnce(): TokenProvider {
  let calls = 0;
  return {
    identity: IDENTITY,
    getToken: async () => (calls++ === 0 ? recorded : toolToken),
  } as TokenProvider;
}

afterEach(() => setDefaultLogger(undefined));

it('dualAuthFetch: the token renewed after a 401 invalid_token, recording no one, is noted once', async () => {
  const logger = recordingLogger();
  setDefaultLogger(logger);
  let answers = 0;
  const send = dualAuthFetch({
    resourceMetadata: 'off',
    origin: 'https://mcp.example.com',
    tokenProvider: providerRecordingOnce(),
    fetch: async () =>
      answers++ === 0
        ? new Response('', {
            status: 401,
            headers: { 'www-authenticate': 'Bearer error="invalid_token"' },
          })
        : new Response('{}'),
  });
  expect((await send('https://mcp.example.com/mcp')).status).toBe(200);
  expect(answers).toBe(2);
  const notes = logger.events.filter((entry) => entry.event === 'token_identity_unchecked');
  expect(notes).toEqual([
    { event: 'token_identity_unchecked', fields: expect.objectContaining({ field: 'humanId' }) },
  ]);
  expect(JSON.stringify(logger.events)).not.toMatch(/alice-sub|finance-agent/);
}, 30_000);

it('withDualAuthTool: the token its callApi sends, recording no one, is noted once', async () => {
  const logger = recordingLogger();
  setDefaultLogger(logger);
  const tool = withDualAuthTool(
    {
      origin: 'https://api.example.com',
      tokenRequest: { tokenProvider: providerRecordingOnce },
      agentId: 'finance-agent',
      scope: ['finance.read'],
      fetch: (async () => new Response('{}')) as typeof fetch,
    },
    async (_input: unknown, { callApi }) => (await callApi('https://api.example.com/x')).status,
  );
  expect(await runWithAct({ sub: 'alice-sub' }, () => tool({}))).toBe(200);
  const notes = logger.events.filter((entry) => entry.event === 'token_identity_unchecked');
  expect(notes).toEqual([
    { event: 'token_identity_unchecked', fields: expect.objectContaining({ field: 'humanId' }) },
  ]);
  expect(JSON.stringify(logger.events)).not.toMatch(/alice-sub|finance-agent/);
}, 30_000);
