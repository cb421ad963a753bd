import { once } from 'node:events';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DualSubjectVerificationError } from './dual-subject-verification-error.js';
import { createTokenIntrospection } from './token-introspection.js';

// Attack (deadlines and single-flight): an introspection endpoint that answers 200 and its headers
// at once, then drips its body a byte a second, for ever (a hostile stand-in: the local IdP cannot
// be made to stall mid-body). Many requests with one opaque token share one call; the first
// caller gives up at once. The others must not get its abort, every one must get the typed 503
// reason by the deadline, and the connection must be closed, not held while the endpoint drips.

let server: Server;
let endpoint: string;
const open = new Set<ServerResponse>();
let calls = 0;

beforeAll(async () => {
  server = createServer((request, response) => {
    calls += 1;
    request.resume();
    response.writeHead(200, { 'content-type': 'application/json' });
    response.write('{"active":');
    open.add(response);
    const drip = setInterval(() => response.write(' '), 1_000);
    response.on('close', () => {
      clearInterval(drip);
      open.delete(response);
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/introspect`;
});
afterAll(() => {
  for (const response of open) response.destroy();
  server.close();
});

describe('held: an introspection endpoint that drips its answer, asked by many requests at once', () => {
  it('makes one call, answers every remaining request 503 at the deadline, and closes the connection', async () => {
    const introspection = createTokenIntrospection({
      endpoint,
      clientId: 'finance-api',
      clientSecret: 'not-a-real-secret',
      allowInsecureLoopback: true,
      timeoutMs: 1_500,
    });
    const first = new AbortController();
    const gaveUp = new Error('the first client went away');
    const firstOutcome = introspection
      .introspect('opaque-token-1', { signal: first.signal })
      .catch((e: unknown) => e);
    const others = Array.from({ length: 20 }, () =>
      introspection.introspect('opaque-token-1').catch((e: unknown) => e),
    );
    // Once the call is out (every request has joined it by then), the first caller gives up.
    for (let i = 0; i < 600 && calls === 0; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    first.abort(gaveUp);
    const answers = await Promise.all(others);
    expect(calls).toBe(1);
    for (const answer of answers) {
      expect(DualSubjectVerificationError.isInstance(answer)).toBe(true);
      expect(answer).toMatchObject({ reason: 'introspection_unavailable' });
    }
    // The first caller is answered with its own reason when it gave up before the deadline (as
    // fetch answers an aborted request), else with the outage the others got; never the others'
    // answer with its reason in it.
    const firstAnswer = await firstOutcome;
    expect(
      firstAnswer === gaveUp ||
        (DualSubjectVerificationError.isInstance(firstAnswer) &&
          firstAnswer.reason === 'introspection_unavailable'),
    ).toBe(true);
    for (let i = 0; i < 600 && open.size > 0; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(open.size).toBe(0);
  });
});
