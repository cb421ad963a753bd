import { gzipSync } from 'node:zlib';
import { ApiCallError } from '@dual-auth/core';
import { createRecordingLogger } from '@dual-auth/testing';
import { describe, expect, it } from 'vitest';
import { fakeTime, token } from '../test/demo-api.js';
import { useDemoApis } from '../test/use-demo-apis.js';
import { ApiCall } from './api-call.js';

const api = useDemoApis();

// A gzip stream whose deflate data is damaged after a valid header.
const damaged = (() => {
  const bytes = gzipSync(Buffer.from('{"balance":42}'.repeat(50)));
  for (let i = 12; i < 24; i++) bytes[i] = 0xff;
  return bytes;
})();

/** A GET whose answer is `reply`, the body read as JSON; its error and the log lines. */
async function read(reply: {
  status: number;
  headers: Record<string, string>;
  body: string | Uint8Array;
}) {
  const server = await api(() => reply);
  const logger = createRecordingLogger();
  const time = fakeTime();
  const error = await new ApiCall({ fetch: server.fetch, logger, ...time.options })
    .callApi({
      apiUrl: `${server.url}/accounts`,
      tokenResponse: token({ accessToken: 'the-access-token-value' }),
      throwHttpErrors: reply.status < 400,
    })
    .then((response) => response.json())
    .then(
      () => undefined,
      (e: unknown) => e,
    );
  return { error, server, sleeps: time.sleeps, logged: JSON.stringify(logger.records) };
}

// wave27: undici's failures to decode a Content-Encoding reached the caller as any other failure:
// more codings than it decodes as a `network` error, retried 3 times with backoff for nothing; a
// corrupt gzip or br body as a bare `TypeError: terminated` from `response.json()`. Retrying never
// helps: the API sends a body its Content-Encoding does not describe.
describe('an answer whose Content-Encoding cannot be decoded', () => {
  it('too many content-encodings: an ApiCallError `encoding`, not retried', async () => {
    const { error, server, sleeps } = await read({
      status: 200,
      headers: { 'content-encoding': 'gzip, gzip, gzip, gzip, gzip, gzip, gzip' },
      body: 'x',
    });
    expect(ApiCallError.isInstance(error)).toBe(true);
    const failed = error as ApiCallError;
    expect(failed.reason).toBe('encoding');
    expect(failed.message).toBe(
      `API call failed: GET ${server.url}/accounts answered with a body it could not decode after 1 attempt(s): more Content-Encodings than a client decodes (at most 5); retrying will not help: the API must send its body with fewer encodings (or ask it for none with Accept-Encoding: identity)`,
    );
    expect(sleeps).toEqual([]);
    expect(server.requests).toHaveLength(1);
  });

  it.each([
    ['gzip', 'not gzip at all'],
    ['gzip', damaged],
    ['br', 'not brotli either'],
    ['deflate', 'nor deflate'],
  ])(
    'a corrupt %s body: its reader rejects with an ApiCallError `encoding`',
    async (coding, body) => {
      const { error, server } = await read({
        status: 200,
        headers: { 'content-encoding': coding },
        body,
      });
      expect(ApiCallError.isInstance(error)).toBe(true);
      const failed = error as ApiCallError;
      expect(failed.reason).toBe('encoding');
      expect(failed.status).toBe(200);
      expect(failed.message).toBe(
        `API call failed: GET ${server.url}/accounts answered HTTP 200 with a body its Content-Encoding (${coding}) does not describe: corrupt, cut short or not encoded that way; retrying will not help: fix the API (or ask it for an unencoded body with Accept-Encoding: identity)`,
      );
    },
  );

  it('the same for the body of an error answer, and names no coding the API made up', async () => {
    const server = await api(() => ({
      status: 500,
      headers: { 'content-encoding': 'gzip', 'x-note': 'alice' },
      body: 'garbage',
    }));
    const error = await new ApiCall({ fetch: server.fetch, ...fakeTime().options })
      .callApi({ apiUrl: `${server.url}/accounts`, tokenResponse: token({ accessToken: 't' }) })
      .catch((e: unknown) => e as ApiCallError);
    expect((error as ApiCallError).reason).toBe('status');
    const body = await (error as ApiCallError).response?.text().catch((e: unknown) => e);
    expect((body as ApiCallError).reason).toBe('encoding');
    expect((body as ApiCallError).status).toBe(500);
  });

  it('keeps the body and the token out of the error and the logs', async () => {
    for (const reply of [
      { status: 200, headers: { 'content-encoding': 'gzip' }, body: 'alice@corp.example' },
      { status: 200, headers: { 'content-encoding': 'gzip, '.repeat(7) }, body: 'alice' },
    ]) {
      const { error, logged } = await read(reply);
      expect((error as ApiCallError).reason).toBe('encoding');
      for (const text of [String(error), JSON.stringify(error), logged]) {
        expect(text).not.toMatch(/alice|the-access-token-value/);
      }
    }
  });
});
