import type { ServerResponse } from 'node:http';
import type { TokenProvider } from '@dual-auth/core';
import { heldClock, startHttpsServer, type TestHttpsServer } from '@dual-auth/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tellingFetch } from '../../test/support/telling-fetch.js';
import { toolToken } from '../../test/support/tool-calling.js';
import { dualAuthFetch } from './dual-auth-fetch.js';
import { McpCallRefusedError } from './mcp-call-refused-error.js';

// Attack (deadlines): dualAuthFetch reads the body of a final 401 or 403 (for the failed side a
// dual-auth server names there) before it throws McpCallRefusedError. The body read once had no
// deadline of its own: a server that sent the refusal's headers and then stalled its body held the
// caller until its own signal, which many callers do not pass. The call's `timeoutMs` now ends it.
// The servers are real loopback HTTPS ones; `timeoutMs` is measured on a clock the test moves (no
// wall time asserted).

/** Open answers, ended when the suite ends. */
const held: ServerResponse[] = [];
let server: TestHttpsServer;

beforeAll(async () => {
  server = await startHttpsServer((req, res) => {
    held.push(res);
    if (req.url === '/forbidden-stalled') {
      // The whole refusal, then the body never ends.
      res.writeHead(403, { 'content-type': 'application/json' });
      res.write('{"error":"forbidden","failed_side":"human"}');
      return;
    }
    if (req.url === '/forbidden-silent') {
      // Headers only; not a byte of the body.
      res.writeHead(403, { 'content-type': 'application/json' });
      res.flushHeaders();
      return;
    }
    if (req.url === '/unauthorized-silent') {
      // A challenge no renewal answers, then a body that never comes.
      res.writeHead(401, { 'www-authenticate': 'Bearer realm="mcp"' });
      res.flushHeaders();
      return;
    }
    res.end('{"ok":true}');
  });
});

afterAll(async () => {
  for (const res of held) res.destroy();
  await server.close();
});

const tokenProvider = {
  identity: { agentId: 'finance-agent', humanId: 'u-1' },
  getToken: async () => toolToken,
} as TokenProvider;

/**
 * What `path` rejects with once the clock passes `timeoutMs`, moved when the refusal came that
 * far (`when`: its headers, or the first chunk of its body).
 */
async function refusalAt(path: string, when: 'headers' | 'first chunk'): Promise<unknown> {
  const clock = heldClock();
  let arrived = (): void => undefined;
  const came = new Promise<void>((resolve) => {
    arrived = resolve;
  });
  const send = dualAuthFetch({
    origin: server.url,
    tokenProvider,
    resourceMetadata: 'off',
    fetch: tellingFetch(server.fetch, arrived, when),
    timeoutMs: 1_000,
    clock,
  });
  const pending = send(`${server.url}${path}`, { method: 'POST', body: '{}' }).then(
    () => expect.unreachable('it should have been refused'),
    (error: unknown) => error,
  );
  await came;
  clock.advance(1_000);
  return pending;
}

describe('dualAuthFetch: a refusal whose body stalls', () => {
  it('throws the 403 with the failed side the body named before it stalled', async () => {
    const error = await refusalAt('/forbidden-stalled', 'first chunk');
    expect(McpCallRefusedError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ status: 403, reason: 'status', failedSide: 'human' });
    expect(String(error)).toMatch(/answered HTTP 403; failed side human/);
    expect(String(error)).toMatch(/its body did not end within 1000 ms \(timeoutMs/);
  });

  it('throws the 403 without a side when no byte of its body came', async () => {
    const error = await refusalAt('/forbidden-silent', 'headers');
    expect(McpCallRefusedError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ status: 403, reason: 'status', failedSide: undefined });
  });

  it('throws the 401, failed side credentials, when its body never comes', async () => {
    const error = await refusalAt('/unauthorized-silent', 'headers');
    expect(McpCallRefusedError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ status: 401, reason: 'status', failedSide: 'credentials' });
  });

  it("still gives way to the caller's signal while the refusal's body is read", async () => {
    const clock = heldClock();
    let arrived = (): void => undefined;
    const came = new Promise<void>((resolve) => {
      arrived = resolve;
    });
    const send = dualAuthFetch({
      origin: server.url,
      tokenProvider,
      resourceMetadata: 'off',
      fetch: tellingFetch(server.fetch, arrived, 'first chunk'),
      timeoutMs: 1_000,
      clock,
    });
    const caller = new AbortController();
    const reason = new Error('the caller gave up');
    const pending = send(`${server.url}/forbidden-stalled`, { signal: caller.signal }).catch(
      (error: unknown) => error,
    );
    await came;
    caller.abort(reason);
    expect(await pending).toBe(reason);
  });
});
