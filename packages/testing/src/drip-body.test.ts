import { request } from 'node:https';
import { describe, expect, it } from 'vitest';
import { dripBody } from './drip-body.js';
import { startHttpsServer } from './tls/index.js';

/** The status, content-type and body of a GET to `url`, trusting `caPem`. */
function get(url: string, caPem: string) {
  return new Promise<{ status: number | undefined; type: string | undefined; body: string }>(
    (resolve, reject) => {
      request(url, { ca: caPem }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode,
            type: res.headers['content-type'],
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
      })
        .on('error', reject)
        .end();
    },
  );
}

describe('dripBody', () => {
  it('answers 200 and sends the whole body, multi-byte characters included, then ends', async () => {
    const body = `${' '.repeat(8)}{"value":"dripped-é"}`;
    const written: number[] = [];
    const server = await startHttpsServer((_req, res) => {
      const write = res.write.bind(res) as (chunk: Uint8Array) => boolean;
      res.write = ((chunk: Uint8Array) => {
        written.push(chunk.byteLength);
        return write(chunk);
      }) as typeof res.write;
      dripBody(res, body, { everyMs: 1, contentType: 'application/x-amz-json-1.1' });
    });
    try {
      expect(await get(`${server.url}/`, server.ca.caPem)).toEqual({
        status: 200,
        type: 'application/x-amz-json-1.1',
        body,
      });
      // A byte a write: é is two bytes in UTF-8, sent in two writes.
      expect(written).toEqual(new Array(Buffer.byteLength(body)).fill(1));
    } finally {
      await server.close();
    }
  }, 30_000);

  it('defaults the content-type to application/json', async () => {
    const server = await startHttpsServer((_req, res) => dripBody(res, '{}', { everyMs: 1 }));
    try {
      expect(await get(`${server.url}/`, server.ca.caPem)).toMatchObject({
        type: 'application/json',
        body: '{}',
      });
    } finally {
      await server.close();
    }
  }, 30_000);

  it('refuses an unknown option, a missing or fractional everyMs, before answering', () => {
    const res = {} as Parameters<typeof dripBody>[0];
    expect(() => dripBody(res, '{}', { everyMs: 1, everyMS: 2 } as never)).toThrow(
      /dripBody: everyMS is not an option \(did you mean everyMs\?\)/,
    );
    expect(() => dripBody(res, '{}', {} as never)).toThrow(/options\.everyMs/);
    expect(() => dripBody(res, '{}', { everyMs: 0 })).toThrow(/options\.everyMs/);
    expect(() => dripBody(res, '{}', { everyMs: 2.5 })).toThrow(/options\.everyMs/);
  });
});
