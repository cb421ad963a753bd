import type { Clock } from '@dual-auth/core';
import { describe, expect, it, vi } from 'vitest';
import {
  rejection,
  stallingServerPerFile,
  toolTokenProvider as tokenProvider,
} from '../../test/support/stalling-server.js';
import { dualAuthFetch } from './dual-auth-fetch.js';
import { McpCallRefusedError } from './mcp-call-refused-error.js';

// Attack (deadlines): dualAuthFetch reads the body of a final 401 or 403 (for the failed side a
// dual-auth server names there) before it throws McpCallRefusedError. Its `timeoutMs` bounds the
// wait for the answer's headers only, and the body read had no deadline of its own: a server that
// sends the refusal's headers and then stalls its body held the caller until its own signal,
// which many callers do not pass. The servers are real loopback HTTPS ones; `timeoutMs` is measured
// on a clock the test moves (no wall time asserted).

/** Open answers, ended when the suite ends. */
const server = stallingServerPerFile((req, res) => {
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

/** A clock that stands still until `advance`, which fires its timers due by then; counts them. */
function heldClock(): Clock & { advance(ms: number): void; armed(): number } {
  let now = Date.parse('2026-01-01T00:00:00Z');
  let armed = 0;
  const timers = new Set<{ atMs: number; fire: () => void }>();
  return {
    now: () => now,
    setTimer(atMs, fire) {
      const timer = { atMs, fire };
      timers.add(timer);
      armed += 1;
      return () => timers.delete(timer);
    },
    advance(ms) {
      now += ms;
      for (const timer of [...timers].filter((t) => t.atMs <= now)) {
        timers.delete(timer);
        timer.fire();
      }
    },
    armed: () => armed,
  };
}

/** What `path` rejects with once the clock passes `timeoutMs` after the refusal's body was begun. */
async function refusalAt(path: string): Promise<unknown> {
  const clock = heldClock();
  const send = dualAuthFetch({
    origin: server.url,
    tokenProvider,
    resourceMetadata: 'off',
    fetch: server.fetch,
    timeoutMs: 1_000,
    clock,
  });
  const pending = rejection(send(`${server.url}${path}`, { method: 'POST', body: '{}' }));
  // The first timer is the wait for the headers; the second, the read of the refusal's body.
  await vi.waitFor(() => expect(clock.armed()).toBe(2), { timeout: 60_000 });
  clock.advance(1_000);
  return pending;
}

describe('dualAuthFetch: a refusal whose body stalls', () => {
  it('throws the 403 with the failed side the body named before it stalled', async () => {
    const error = await refusalAt('/forbidden-stalled');
    expect(McpCallRefusedError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ status: 403, reason: 'status', failedSide: 'human' });
    expect(String(error)).toMatch(/answered HTTP 403; failed side human/);
  });

  it('throws the 403 without a side when no byte of its body came', async () => {
    const error = await refusalAt('/forbidden-silent');
    expect(McpCallRefusedError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ status: 403, reason: 'status', failedSide: undefined });
  });

  it('throws the 401, failed side credentials, when its body never comes', async () => {
    const error = await refusalAt('/unauthorized-silent');
    expect(McpCallRefusedError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ status: 401, reason: 'status', failedSide: 'credentials' });
  });

  it("still gives way to the caller's signal while the refusal's body is read", async () => {
    const clock = heldClock();
    const send = dualAuthFetch({
      origin: server.url,
      tokenProvider,
      resourceMetadata: 'off',
      fetch: server.fetch,
      timeoutMs: 1_000,
      clock,
    });
    const caller = new AbortController();
    const reason = new Error('the caller gave up');
    const pending = send(`${server.url}/forbidden-silent`, { signal: caller.signal }).catch(
      (error: unknown) => error,
    );
    await vi.waitFor(() => expect(clock.armed()).toBe(2), { timeout: 60_000 });
    caller.abort(reason);
    expect(await pending).toBe(reason);
  });
});
