import { describe, expect, it } from 'vitest';
import { BodyTooLargeError, readBoundedBody } from './read-bounded-body.js';
import { readJsonBody } from './read-json-body.js';

const encoder = new TextEncoder();

/** A real streamed body, without Content-Length, that records whether it was cancelled. */
function streamed(chunks: readonly string[]): { response: Response; cancelled: () => boolean } {
  let cancelled = false;
  let next = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      const chunk = chunks[next++];
      if (chunk === undefined) controller.close();
      else controller.enqueue(encoder.encode(chunk));
    },
    cancel() {
      cancelled = true;
    },
  });
  return { response: new Response(body), cancelled: () => cancelled };
}

describe('readBoundedBody', () => {
  it('reads a body up to and including maxBytes, across chunks', async () => {
    const { response } = streamed(['ab', 'cd', 'e']);
    const bytes = await readBoundedBody(response, 5);
    expect(new TextDecoder().decode(bytes)).toBe('abcde');
  });

  it('a response without a body reads as no bytes', async () => {
    expect((await readBoundedBody(new Response(null, { status: 204 }), 1)).byteLength).toBe(0);
  });

  it('refuses by Content-Length before reading, and cancels the body', async () => {
    const { response, cancelled } = streamed(['x']);
    const declared = new Response(response.body, { headers: { 'content-length': '11' } });
    const error = await readBoundedBody(declared, 10, 'JWKS').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BodyTooLargeError);
    expect((error as BodyTooLargeError).message).toBe('The JWKS is larger than 10 bytes');
    expect((error as BodyTooLargeError).maxBytes).toBe(10);
    expect(cancelled()).toBe(true);
  });

  it('stops reading past maxBytes without Content-Length, and cancels the rest', async () => {
    const { response, cancelled } = streamed(['12345', '6', 'never read']);
    const error = await readBoundedBody(response, 5).catch((e: unknown) => e);
    expect(BodyTooLargeError.isInstance(error)).toBe(true);
    expect((error as Error).message).toBe('The response body is larger than 5 bytes');
    expect(cancelled()).toBe(true);
  });

  it('isInstance recognises only its own errors', () => {
    expect(BodyTooLargeError.isInstance(new BodyTooLargeError('JWKS', 1))).toBe(true);
    expect(BodyTooLargeError.isInstance(new Error('The JWKS is larger than 1 bytes'))).toBe(false);
    expect(BodyTooLargeError.isInstance(undefined)).toBe(false);
  });
});

describe('readJsonBody', () => {
  it('parses JSON, says not-json for other text or no body, and too-large past maxBytes', async () => {
    expect(await readJsonBody(new Response('{"a":1}'), 7)).toEqual({
      kind: 'json',
      value: { a: 1 },
    });
    expect(await readJsonBody(new Response('<html>'), 100)).toEqual({ kind: 'not-json' });
    expect(await readJsonBody(new Response(null, { status: 204 }), 100)).toEqual({
      kind: 'not-json',
    });
    expect(await readJsonBody(new Response('{"a":1}'), 6)).toEqual({ kind: 'too-large' });
    const { response, cancelled } = streamed(['{"a":', '"long"}']);
    expect(await readJsonBody(response, 6)).toEqual({ kind: 'too-large' });
    expect(cancelled()).toBe(true);
  });

  it('a network failure while reading rejects as fetch does', async () => {
    const failing = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.error(new TypeError('terminated'));
      },
    });
    await expect(readJsonBody(new Response(failing), 100)).rejects.toThrow('terminated');
  });
});
