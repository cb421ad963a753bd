import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { safeFetchCause } from './safe-fetch-cause.js';
import { tlsTrustFailure } from './tls-trust-failure.js';

// Mend (Session 20, mend20): a network failure's cause was the runtime's error as it was, and
// runtimes quote the URL in their messages: Node the URL with userinfo it refuses, Deno 2.9.6 the
// URL it could not reach, query included; Bun keeps it in `path`. The copy keeps what tells the
// failure apart (name, code, message) and cuts every quoted URL to its origin and route.
const PASSWORD = 'pw-in-the-userinfo-42';
const QUERY_SECRET = 'key-in-the-query-42';

function expectNoUrlSecret(error: Error): void {
  for (const shown of [String(error), error.message, inspect(error, { depth: 8 })]) {
    expect(shown).not.toContain(PASSWORD);
    expect(shown).not.toContain(QUERY_SECRET);
    expect(shown).not.toContain('agent:');
  }
}

describe('safeFetchCause', () => {
  it("cuts the URL with userinfo out of Node's own fetch failure", async () => {
    // Node refuses a URL with credentials before it connects: the port is never reached.
    const url = `https://agent:${PASSWORD}@127.0.0.1:8443/mcp?api_key=${QUERY_SECRET}`;
    const failure = await fetch(url).then(
      () => expect.unreachable('fetch should have failed'),
      (error: unknown) => error as Error,
    );
    expect(failure.message).toContain(PASSWORD); // what Node says: the reason for the copy
    const copy = safeFetchCause(failure);
    expect(copy).toBeInstanceOf(TypeError);
    expect(copy.message).toMatch(
      /^Request cannot be constructed .*: https:\/\/127\.0\.0\.1:\d+\/mcp$/,
    );
    expectNoUrlSecret(copy);
  });

  it("cuts the URL out of each message of the chain (Deno's words), keeping codes", () => {
    // Deno 2.9.6's fetch to a closed loopback port (run here with `deno run`): it cannot run
    // inside vitest, so its error is rebuilt with the text it printed.
    const deno = new TypeError('fetch failed', {
      cause: new Error(
        `error sending request for url (https://127.0.0.1:9/x?api_key=${QUERY_SECRET}): client error (Connect): tcp connect error: Connection refused (os error 111)`,
      ),
    });
    const copy = safeFetchCause(deno);
    expect(copy.message).toBe('fetch failed');
    expect((copy.cause as Error).message).toBe(
      'error sending request for url (https://127.0.0.1:9/x): client error (Connect): tcp connect error: Connection refused (os error 111)',
    );
    expectNoUrlSecret(copy);
  });

  it("drops what is not name, code or message (Bun's path), and keeps the TLS code readable", () => {
    const bun = Object.assign(new TypeError('Unable to connect.'), {
      code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
      path: `https://agent:${PASSWORD}@127.0.0.1:9/x?api_key=${QUERY_SECRET}`,
    });
    const copy = safeFetchCause(bun);
    expect(Object.keys(copy).sort()).toEqual(['code', 'name']);
    expect(tlsTrustFailure(copy)?.code).toBe('UNABLE_TO_VERIFY_LEAF_SIGNATURE');
    expectNoUrlSecret(copy);
  });

  it('writes a quoted URL it cannot read, or one of no web origin, as redacted, and cuts the rest', () => {
    // Session 21 (redact21): what follows a URL that does not parse may be more of it, so it goes.
    const copy = safeFetchCause(new Error(`bad https://[${QUERY_SECRET} and file:///etc/x`));
    expect(copy.message).toBe('bad ***REDACTED***');
    expect(safeFetchCause(new Error(`bad file:///etc/${PASSWORD} here`)).message).toBe(
      'bad ***REDACTED***',
    );
  });

  // Mend (Session 21, mend21): the URL was found only after a word boundary, so one glued to a
  // digit or an underscore (a runtime's or a proxy's message that joins a code to it) was kept
  // whole, userinfo and query included.
  it('cuts a quoted URL glued to a digit, an underscore or a letter', () => {
    const url = `https://agent:${PASSWORD}@127.0.0.1:9/x?api_key=${QUERY_SECRET}`;
    const glued = [`refused 1${url} then`, `refused _${url} then`, `refused (x${url}) then`];
    const copies = glued.map((message) => safeFetchCause(new Error(message)));
    expect(copies.map((copy) => copy.message)).toEqual([
      'refused 1https://127.0.0.1:9/x',
      'refused _https://127.0.0.1:9/x',
      'refused (***REDACTED***) then',
    ]);
    for (const copy of copies) expectNoUrlSecret(copy);
  });
});
