import type { ServerResponse } from 'node:http';
import { gzipSync } from 'node:zlib';
import { ApiCallError } from '@dual-auth/core';
import {
  createTestCa,
  startHttpsServer,
  type TestCa,
  type TestHttpsServer,
} from '@dual-auth/testing';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fakeTime, token } from '../test/demo-api.js';
import { ApiCall } from './api-call.js';
import { DEFAULT_MAX_RESPONSE_BYTES } from './api-call-options.js';

const READERS = ['arrayBuffer', 'blob', 'bytes', 'formData', 'json', 'text'] as const;
type Reader = (typeof READERS)[number];
const MARKER = 'body-text-never-in-an-error';
// Undici hands a body on in chunks of at most 64 KiB: what may be in flight when reading stops.
const CHUNK_SLACK = 1024 * 1024;

let ca: TestCa;
const servers: TestHttpsServer[] = [];
beforeAll(async () => {
  ca = await createTestCa();
}, 30_000);
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

/** An API whose every answer `answer` writes; `closed` settles when the first answer's socket closes. */
async function startApi(answer: (res: ServerResponse) => void) {
  let onClose: () => void = () => undefined;
  const closed = new Promise<void>((resolve) => {
    onClose = resolve;
  });
  const server = await startHttpsServer(
    (_req, res) => {
      res.once('close', onClose);
      answer(res);
    },
    { ca },
  );
  servers.push(server);
  return { server, closed };
}

/**
 * A GET of `server` read with `reader`, through a fetch that counts the decoded bytes taken from
 * the runtime's body (the answer's headers kept, so the client sees what the API sent).
 */
async function readWith(server: TestHttpsServer, reader: Reader, maxResponseBytes?: number) {
  const taken = { bytes: 0 };
  const countingFetch: typeof fetch = async (input, init) => {
    const answer = await server.fetch(input, init);
    const counted = answer.body?.pipeThrough(
      new TransformStream<Uint8Array, Uint8Array>({
        transform(chunk, controller) {
          taken.bytes += chunk.byteLength;
          controller.enqueue(chunk);
        },
      }),
    );
    return new Response(counted, { status: answer.status, headers: answer.headers });
  };
  const api = new ApiCall({
    fetch: countingFetch,
    ...fakeTime().options,
    ...(maxResponseBytes === undefined ? {} : { maxResponseBytes }),
  });
  const response = await api.callApi({
    apiUrl: `${server.url}/report`,
    tokenResponse: token({ accessToken: 'the-access-token-value' }),
  });
  const outcome: { value?: unknown; error?: unknown } = await (
    response[reader] as () => Promise<unknown>
  )
    .call(response)
    .then(
      (value) => ({ value }),
      (error: unknown) => ({ error }),
    );
  return { ...outcome, taken: taken.bytes };
}

function expectTooLarge(error: unknown, server: TestHttpsServer, limit: number): void {
  expect(ApiCallError.isInstance(error)).toBe(true);
  const failed = error as ApiCallError;
  expect(failed.reason).toBe('too_large');
  expect(failed.status).toBe(200);
  expect(failed.message).toBe(
    `API call failed: GET ${server.url}/report answered HTTP 200 with a body over maxResponseBytes (${limit} bytes, decoded): raise maxResponseBytes if its answers are this large, or read response.body as a stream`,
  );
  expect(JSON.stringify({ ...failed, message: failed.message })).not.toContain(MARKER);
}

/** `size` bytes of JSON: a string of `x` after the marker. */
function jsonOf(size: number): string {
  const head = `{"note":"${MARKER}","pad":"`;
  return `${head}${'x'.repeat(size - head.length - 2)}"}`;
}

// wave35: a hostile API's gzip bomb of 521 844 bytes made `res.arrayBuffer()` decode 512 MiB
// (RSS +1.7 GB) within the deadline: the readers were bounded by time only.
describe('the body readers take at most maxResponseBytes of decoded body', () => {
  it('a gzip bomb at the default bound: rejected as too_large, decoding stopped near 16 MiB', async () => {
    const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024));
    const { server, closed } = await startApi((res) => {
      res.writeHead(200, {
        'content-type': 'application/octet-stream',
        'content-encoding': 'gzip',
      });
      res.end(bomb);
    });
    const { error, taken } = await readWith(server, 'arrayBuffer');
    expectTooLarge(error, server, DEFAULT_MAX_RESPONSE_BYTES);
    expect(taken).toBeGreaterThan(DEFAULT_MAX_RESPONSE_BYTES);
    expect(taken).toBeLessThan(DEFAULT_MAX_RESPONSE_BYTES + CHUNK_SLACK);
    await closed;
  }, 60_000);

  it.each(READERS)(
    '%s(): a gzip bomb past the bound rejects, the body cancelled',
    async (reader) => {
      const bomb = gzipSync(Buffer.from(jsonOf(8 * 1024 * 1024)));
      const { server, closed } = await startApi((res) => {
        res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
        res.end(bomb);
      });
      const { error, taken } = await readWith(server, reader, 100_000);
      expectTooLarge(error, server, 100_000);
      expect(taken).toBeLessThan(100_000 + CHUNK_SLACK);
      await closed;
    },
    30_000,
  );

  it.each(READERS)(
    '%s(): an endless chunked body rejects and its connection is closed',
    async (reader) => {
      let sent = 0;
      const { server, closed } = await startApi((res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        const chunk = Buffer.from(`${MARKER} `.repeat(1024));
        const pump = (): void => {
          while (!res.destroyed) {
            sent += chunk.byteLength;
            if (!res.write(chunk)) {
              res.once('drain', pump);
              return;
            }
          }
        };
        pump();
      });
      const { error, taken } = await readWith(server, reader, 200_000);
      expectTooLarge(error, server, 200_000);
      expect(taken).toBeLessThan(200_000 + CHUNK_SLACK);
      await closed;
      expect(sent).toBeGreaterThan(200_000);
    },
    30_000,
  );

  it.each(READERS)(
    '%s(): a Content-Length above the bound rejects before reading',
    async (reader) => {
      const body = jsonOf(300_000);
      const { server } = await startApi((res) => {
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length });
        res.end(body);
      });
      const { error, taken } = await readWith(server, reader, 100_000);
      expectTooLarge(error, server, 100_000);
      // Read up to the bound, more than 100 000 bytes would have been taken.
      expect(taken).toBeLessThan(100_000);
    },
    30_000,
  );
});

describe('a body within maxResponseBytes reads as the runtime reads it', () => {
  const exactly = jsonOf(50_000);
  const cases = [
    ['with its Content-Length', { 'content-length': String(exactly.length) }, exactly],
    ['chunked', {}, exactly],
    ['gzip-encoded', { 'content-encoding': 'gzip' }, gzipSync(Buffer.from(exactly))],
  ] as const;

  it.each(cases)(
    'exactly at the bound, %s: every reader gets the whole body',
    async (_, headers, sent) => {
      const { server } = await startApi((res) => {
        res.writeHead(200, { 'content-type': 'application/json', ...headers });
        res.end(sent);
      });
      for (const reader of ['arrayBuffer', 'bytes', 'text', 'json', 'blob'] as const) {
        const { value, error } = await readWith(server, reader, exactly.length);
        expect(error).toBeUndefined();
        const text =
          value instanceof Blob
            ? await value.text()
            : typeof value === 'string'
              ? value
              : reader === 'json'
                ? JSON.stringify(value)
                : new TextDecoder().decode(value as ArrayBuffer | Uint8Array);
        expect(text).toBe(exactly);
        if (value instanceof Blob) expect(value.type).toBe('application/json');
        if (reader === 'arrayBuffer') expect(value).toBeInstanceOf(ArrayBuffer);
        if (reader === 'bytes') expect(value).toBeInstanceOf(Uint8Array);
      }
    },
    30_000,
  );

  it('formData() of a counted body keeps its Content-Type; one byte over the bound rejects', async () => {
    const form = 'human=h-1&agent=a-1';
    const { server } = await startApi((res) => {
      res.writeHead(200, {
        'content-type': 'application/x-www-form-urlencoded',
        'content-encoding': 'gzip',
      });
      res.end(gzipSync(Buffer.from(form)));
    });
    const { value } = await readWith(server, 'formData', form.length);
    expect([...(value as FormData).entries()]).toEqual([
      ['human', 'h-1'],
      ['agent', 'a-1'],
    ]);
    const { error } = await readWith(server, 'formData', form.length - 1);
    expect((error as ApiCallError).reason).toBe('too_large');
  }, 30_000);

  it('a second read rejects as the runtime does (the body is used)', async () => {
    const { server } = await startApi((res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"ok":true}');
    });
    const api = new ApiCall({ fetch: server.fetch, ...fakeTime().options });
    const response = await api.callApi({
      apiUrl: `${server.url}/report`,
      tokenResponse: token({ accessToken: 'the-access-token-value' }),
    });
    await expect(response.json()).resolves.toEqual({ ok: true });
    await expect(response.text()).rejects.toThrow(TypeError);
  }, 30_000);
});

describe('maxResponseBytes', () => {
  it.each([0, -1, 1.5, Number.NaN, '1000'])('%s is refused with a TypeError', (value) => {
    expect(() => new ApiCall({ maxResponseBytes: value as number })).toThrow(
      'options.maxResponseBytes must be a positive integer',
    );
  });

  it('Infinity reads a body past the default bound', async () => {
    const big = Buffer.alloc(DEFAULT_MAX_RESPONSE_BYTES + 1);
    const { server } = await startApi((res) => {
      res.writeHead(200, {
        'content-type': 'application/octet-stream',
        'content-encoding': 'gzip',
      });
      res.end(gzipSync(big));
    });
    const { value } = await readWith(server, 'arrayBuffer', Number.POSITIVE_INFINITY);
    expect((value as ArrayBuffer).byteLength).toBe(DEFAULT_MAX_RESPONSE_BYTES + 1);
  }, 60_000);
});
