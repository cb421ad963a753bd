import { describe, expect, it } from 'vitest';
import { ANSWERING_MCP, dualAuthFetchAnswering } from '../../test/support/answering-fetch.js';

// An MCP server URL may carry a per-user key, an email or a session id in its path: an error that
// reaches a log names the route as every other ApiCallError does (core's urlRouteForLogging).
const MCP = ANSWERING_MCP;
const sendAnswering = dualAuthFetchAnswering;
const PERSONAL =
  '/api/s/sk_live_9f8e7d6c5b4a39281706f5e4d3c2b1a0/users/alice@corp.example/mcp;jsessionid=ABC123';

const refusalOf = (pending: Promise<unknown>) =>
  pending.then(
    () => undefined,
    (e: unknown) => e as { message: string; url?: string },
  );

describe('dualAuthFetch refusals name the route, never the personal parts of the path', () => {
  it.each([
    ['403', () => new Response('{"failed_side":"human"}', { status: 403 })],
    [
      '401 without a renewable challenge',
      () => new Response('{}', { status: 401, headers: { 'www-authenticate': 'Bearer' } }),
    ],
    [
      '400 invalid_request',
      () =>
        new Response('{}', {
          status: 400,
          headers: { 'www-authenticate': 'Bearer error="invalid_request"' },
        }),
    ],
  ])('%s', async (_name, answer) => {
    const error = await refusalOf(
      sendAnswering(answer)(`${MCP}${PERSONAL}`, { method: 'POST', body: '{}' }),
    );
    expect(error).toBeDefined();
    const shown = `${error?.message} ${error?.url}`;
    for (const secret of ['sk_live_9f8e7d6c5b4a39281706f5e4d3c2b1a0', 'alice', 'ABC123']) {
      expect(shown).not.toContain(secret);
    }
    expect(error?.url).toContain('https://mcp.example.com/api/s/');
  });
});
