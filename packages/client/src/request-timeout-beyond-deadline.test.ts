import { ApiCallError, type Clock } from '@dual-auth/core';
import { heldClock } from '@dual-auth/testing';
import { describe, expect, it, vi } from 'vitest';
import type { Reply } from '../test/demo-api.js';
import { vendorTokens } from '../test/demo-api.js';
import { useDemoApis } from '../test/use-demo-apis.js';
import { InSessionAPICall, InSessionApiCall } from './in-session-api-call.js';

const api = useDemoApis();

/** What each client here is built with: the API's fetch and a clock that moves when told. */
type Seen = { fetch: typeof fetch; clock: Clock };

/** An API that answers only when the test says, and the client built by `make` on a held clock. */
async function heldCall(make: (options: Seen) => InSessionApiCall) {
  let answer: (reply: Reply) => void = () => undefined;
  const server = await api(
    () =>
      new Promise<Reply>((resolve) => {
        answer = resolve;
      }),
  );
  const clock = heldClock(Date.parse('2025-01-01T00:00:00Z'));
  const call = make({ fetch: server.fetch, clock });
  const outcome = call.callApi({ apiUrl: server.url, tokenResponse: vendorTokens.okta }).then(
    (response) => response.status,
    (error: unknown) => error,
  );
  await vi.waitFor(() => expect(server.requests).toHaveLength(1), { timeout: 30_000 });
  return { clock, outcome, answer: (reply: Reply) => answer(reply) };
}

// The Python guide sizes InSessionAPICall(timeout=…) for slow APIs (reports); Python had no
// deadline over the whole call. The default total deadline (60 s) must not cut such a request
// short: a per-request timeout longer than it could never be waited for.
describe('a per-request timeout longer than the default total deadline', () => {
  it.each([
    [
      'InSessionAPICall({ timeout: 90 })',
      (o: Seen) => new InSessionAPICall({ ...o, timeout: 90, retry: false }),
    ],
    [
      'InSessionApiCall({ timeoutMs: 90_000 })',
      (o: Seen) => new InSessionApiCall({ ...o, timeoutMs: 90_000, retry: false }),
    ],
  ])(
    '%s waits 90 s for the answer, past the 60 s default',
    async (_, make) => {
      const { clock, outcome, answer } = await heldCall(make);
      clock.advance(89_000);
      answer({ status: 200 });
      expect(await outcome).toBe(200);
    },
    30_000,
  );

  it('still ends the request at its own timeout, named as such', async () => {
    const { clock, outcome } = await heldCall(
      (o) => new InSessionAPICall({ ...o, timeout: 90, retry: false }),
    );
    clock.advance(90_000);
    const error = await outcome;
    expect(ApiCallError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ reason: 'timeout' });
    expect((error as ApiCallError).message).toContain('no answer within 90000 ms');
  }, 30_000);

  it('keeps a totalTimeoutMs given with it', async () => {
    const { clock, outcome } = await heldCall(
      (o) => new InSessionAPICall({ ...o, timeout: 90, totalTimeoutMs: 60_000, retry: false }),
    );
    clock.advance(60_000);
    expect(await outcome).toMatchObject({ reason: 'deadline' });
  }, 30_000);
});
