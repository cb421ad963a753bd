import { type LogFields, type Logger, setDefaultLogger, type TokenProvider } from '@dual-auth/core';
import { runWithAct } from '@dual-auth/session/context';
import { afterEach, expect, it } from 'vitest';
import { toolCalling, toolToken } from '../../test/support/tool-calling.js';
import { dualAuthFetch } from './dual-auth-fetch.js';

// A token that records no one (a user's own provider's: no humanId or agentId) beside an identity
// that names a human and an agent: the identity check skips what the token leaves out. As the
// client's callApi does, each fetch or tool wrapper says so once, at debug, naming no id.

function recordingLogger(): Logger & { events: { level: string; event: string }[] } {
  const events: { level: string; event: string; fields?: LogFields }[] = [];
  const at = (level: string) => (event: string, fields?: LogFields) => {
    events.push({ level, event, ...(fields === undefined ? {} : { fields }) });
  };
  return { events, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

const unchecked = (logger: ReturnType<typeof recordingLogger>) =>
  logger.events.filter((entry) => entry.event === 'token_identity_unchecked');

const NOTE = {
  level: 'debug',
  event: 'token_identity_unchecked',
  fields: {
    field: 'humanId',
    advice: expect.stringContaining('createDualSubjectToken({ …, humanId, agentId })'),
  },
};

afterEach(() => {
  setDefaultLogger(undefined);
});

it('dualAuthFetch logs once per instance that a token recording no one was not checked against its identity', async () => {
  const logger = recordingLogger();
  setDefaultLogger(logger);
  const provider = {
    identity: { agentId: 'finance-agent', humanId: 'alice-sub' },
    getToken: async () => toolToken,
  } as TokenProvider;
  const send = () =>
    dualAuthFetch({
      resourceMetadata: 'off',
      origin: 'https://mcp.example.com',
      tokenProvider: provider,
      fetch: async () => new Response('{}'),
    });
  const first = send();
  for (let i = 0; i < 3; i++) expect((await first('https://mcp.example.com/mcp')).status).toBe(200);
  expect(unchecked(logger)).toEqual([NOTE]);
  expect(JSON.stringify(logger.events)).not.toMatch(/alice-sub|finance-agent/);

  await send()('https://mcp.example.com/mcp');
  expect(unchecked(logger)).toHaveLength(2);
}, 30_000);

it('withDualAuthTool logs it once per wrapper, across its tool calls', async () => {
  const logger = recordingLogger();
  setDefaultLogger(logger);
  const tool = toolCalling('https://api.example.com/x', () => new Response('{}'));
  for (let i = 0; i < 3; i++)
    expect(await runWithAct({ sub: 'alice-sub' }, () => tool({}))).toBe(200);
  expect(unchecked(logger)).toEqual([NOTE]);
  expect(JSON.stringify(logger.events)).not.toMatch(/alice-sub|finance-agent/);

  const other = toolCalling('https://api.example.com/x', () => new Response('{}'));
  await runWithAct({ sub: 'alice-sub' }, () => other({}));
  expect(unchecked(logger)).toHaveLength(2);
}, 30_000);

it('logs nothing when the token records the human and agent it was asked for', async () => {
  const logger = recordingLogger();
  setDefaultLogger(logger);
  const identity = { agentId: 'finance-agent', humanId: 'alice-sub' };
  const send = dualAuthFetch({
    resourceMetadata: 'off',
    origin: 'https://mcp.example.com',
    tokenProvider: { identity, getToken: async () => ({ ...toolToken, ...identity }) },
    fetch: async () => new Response('{}'),
  });
  expect((await send('https://mcp.example.com/mcp')).status).toBe(200);
  expect(unchecked(logger)).toEqual([]);
}, 30_000);
