import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHttpsServer, type TestHttpsServer } from '../tls/https-server.js';
import { FailureQueue, firstHeader, readJsonObject } from './emulator-http.js';

describe('FailureQueue', () => {
  it('hands out the initial failures, then added ones the given number of times, in order', () => {
    const queue = new FailureQueue<'a' | 'b'>(['a']);
    queue.add('b', 2);
    queue.add('a');
    expect([queue.next(), queue.next(), queue.next(), queue.next(), queue.next()]).toEqual([
      'a',
      'b',
      'b',
      'a',
      undefined,
    ]);
  });
});

describe('readJsonObject and firstHeader', () => {
  let server: TestHttpsServer;
  const seen: unknown[] = [];

  beforeAll(async () => {
    server = await startHttpsServer(async (req, res) => {
      seen.push([await readJsonObject(req), firstHeader(req, 'x-test')]);
      res.end();
    });
  });

  afterAll(() => server.close());

  it('parses a JSON object body and gives undefined for anything else', async () => {
    for (const body of ['{"a":1}', '[1]', 'null', 'not json', '']) {
      await server.fetch(`${server.url}/`, { method: 'POST', body, headers: { 'x-test': 'v' } });
    }
    expect(seen).toEqual([
      [{ a: 1 }, 'v'],
      [undefined, 'v'],
      [undefined, 'v'],
      [undefined, 'v'],
      [undefined, 'v'],
    ]);
  });
});
