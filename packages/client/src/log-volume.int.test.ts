import type { IamAdapter, LogFields, Logger } from '@dual-auth/core';
import { HybridSender, InSessionTokenRequest, UserSession } from '@dual-auth/session';
import { type LocalIdp, startLocalIdp } from '@dual-auth/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoApi, startDemoApi } from '../test/demo-api.js';
import { localKeycloakAdapter } from '../test/local-keycloak-adapter.js';
import { InSessionApiCall } from './in-session-api-call.js';

// docs/operations.md, "Log volume", sizes a log pipeline by the lines one call writes: an
// in-session agent's GET with its token in the cache writes six at `info`, `token_cache_hit`
// adds one at `debug`, and extracting the act for the request one more at `info`. A line added on
// this path changes that sizing: say so in the doc.

type Level = 'debug' | 'info' | 'warn' | 'error';

function leveledLogger(): Logger & {
  lines: { level: Level; event: string; fields?: LogFields }[];
} {
  const lines: { level: Level; event: string; fields?: LogFields }[] = [];
  const at =
    (level: Level) =>
    (event: string, fields?: LogFields): void => {
      lines.push(fields === undefined ? { level, event } : { level, event, fields });
    };
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

describe('the log lines of one in-session call with a cached token (docs/operations.md)', () => {
  let idp: LocalIdp;
  let adapter: IamAdapter;
  let api: DemoApi;

  beforeAll(async () => {
    idp = await startLocalIdp({ vendor: 'keycloak' });
    adapter = await localKeycloakAdapter(idp);
    api = await startDemoApi(() => ({ status: 200 }), { ca: idp.ca });
  }, 30_000);
  afterAll(async () => {
    await api?.close();
    await idp?.close();
  });

  it('are the six the doc counts at info, token_cache_hit at debug, and act_extracted per act', async () => {
    const logger = leveledLogger();
    const tokens = new InSessionTokenRequest({ adapter, logger });
    const client = new InSessionApiCall({ fetch: api.fetch, logger });
    const alice = [...idp.humans.values()].find((human) => human.username === 'alice');
    if (alice === undefined) throw new Error('the local IdP has no alice');
    const sender = new HybridSender({ logger });
    const act = sender.extractActFromSession(new UserSession({ userId: alice.sub }));
    const call = async () => {
      const token = await tokens.requestToken({
        agentId: 'finance-agent',
        act,
        scope: ['finance.read'],
      });
      const response = await client.callApi({
        method: 'GET',
        apiUrl: `${api.url}/balance`,
        tokenResponse: token,
      });
      expect(response.status).toBe(200);
    };
    await call(); // cold: the IdP request adds its own lines
    logger.lines.length = 0;
    await call();

    const atInfo = logger.lines.filter((line) => line.level !== 'debug');
    expect(atInfo.map((line) => [line.event, line.fields?.source ?? null])).toEqual([
      ['insession_token_request_start', null],
      ['insession_token_request_success', null],
      ['dual_auth_decision', 'session'],
      ['api_call_start', null],
      ['api_call_complete', null],
      ['dual_auth_decision', 'client'],
    ]);
    expect(atInfo.every((line) => line.level === 'info')).toBe(true);
    expect(logger.lines.filter((line) => line.level === 'debug').map((line) => line.event)).toEqual(
      ['token_cache_hit'],
    );

    // A web app that extracts the act on each request, as examples/in-session does, adds one.
    logger.lines.length = 0;
    sender.extractActFromSession(new UserSession({ userId: alice.sub }));
    expect(logger.lines.map((line) => [line.level, line.event])).toEqual([
      ['info', 'act_extracted'],
    ]);
  }, 30_000);
});
