import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { bodyEndedBy } from './body-ended-by.js';

/** A body that hands out `chunks` as read, then ends unless `endless`; records its cancel. */
function source(chunks: string[], { endless = false } = {}) {
  const cancelled: unknown[] = [];
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        const next = chunks.shift();
        if (next !== undefined) controller.enqueue(encoder.encode(next));
        else if (!endless) controller.close();
        // Endless: no chunk and no end, as an SSE stream between events.
        else return new Promise<void>(() => undefined);
      },
      cancel(reason) {
        cancelled.push(reason);
      },
    },
    { highWaterMark: 0 },
  );
  return { body, cancelled };
}

const abortListeners = (signal: AbortSignal) => getEventListeners(signal, 'abort').length;

function readerOf(response: Response) {
  if (response.body === null) throw new Error('no body');
  return response.body.getReader();
}

describe('bodyEndedBy', () => {
  it('cancels a body being read when the signal aborts; the read rejects with its reason', async () => {
    const { body, cancelled } = source([': open\n\n'], { endless: true });
    const controller = new AbortController();
    const answer = bodyEndedBy(new Response(body), controller.signal);
    const reader = readerOf(answer);
    expect(new TextDecoder().decode((await reader.read()).value)).toBe(': open\n\n');
    const pending = reader.read();
    const reason = new Error('client closed');
    controller.abort(reason);
    await expect(pending).rejects.toBe(reason);
    expect(cancelled).toEqual([reason]);
    expect(abortListeners(controller.signal)).toBe(0);
  });

  it('removes its listener once the body is read to its end', async () => {
    const { body, cancelled } = source(['a', 'b']);
    const controller = new AbortController();
    const answer = bodyEndedBy(new Response(body), controller.signal);
    const reading = answer.text();
    expect(await reading).toBe('ab');
    expect(abortListeners(controller.signal)).toBe(0);
    controller.abort();
    expect(cancelled).toEqual([]);
  });

  it('holds the body from the signal only while it is read', async () => {
    const { body } = source(['a', 'b'], { endless: true });
    const controller = new AbortController();
    const answer = bodyEndedBy(new Response(body), controller.signal);
    // Never read: nothing of it hangs on the caller's signal.
    expect(abortListeners(controller.signal)).toBe(0);
    const reader = readerOf(answer);
    await reader.read();
    expect(abortListeners(controller.signal)).toBe(1);
  });

  it('removes its listener and cancels the source when the reader cancels the body', async () => {
    const { body, cancelled } = source(['a'], { endless: true });
    const controller = new AbortController();
    const reader = readerOf(bodyEndedBy(new Response(body), controller.signal));
    await reader.read();
    await reader.cancel('done with it');
    expect(cancelled).toEqual(['done with it']);
    expect(abortListeners(controller.signal)).toBe(0);
  });

  it('ends a read pending when the reader cancels the body, and removes its listener', async () => {
    const { body, cancelled } = source(['a'], { endless: true });
    const controller = new AbortController();
    const reader = readerOf(bodyEndedBy(new Response(body), controller.signal));
    await reader.read();
    const pending = reader.read();
    await reader.cancel('closed');
    expect(await pending).toEqual({ done: true, value: undefined });
    expect(cancelled).toEqual(['closed']);
    expect(abortListeners(controller.signal)).toBe(0);
  });

  it('removes its listener when the body errors, and passes the error on', async () => {
    const failure = new Error('connection reset');
    let fail: (error: unknown) => void = () => undefined;
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new Uint8Array([1]));
        fail = (error) => controller.error(error);
      },
    });
    const controller = new AbortController();
    const reader = readerOf(bodyEndedBy(new Response(body), controller.signal));
    await reader.read();
    const pending = reader.read();
    fail(failure);
    await expect(pending).rejects.toBe(failure);
    expect(abortListeners(controller.signal)).toBe(0);
  });

  it('cancels the source at the first read when the signal aborted before it', async () => {
    const { body, cancelled } = source(['a'], { endless: true });
    const controller = new AbortController();
    const answer = bodyEndedBy(new Response(body), controller.signal);
    const reason = new Error('aborted early');
    controller.abort(reason);
    await expect(answer.text()).rejects.toBe(reason);
    expect(cancelled).toEqual([reason]);
    expect(abortListeners(controller.signal)).toBe(0);
  });

  it('keeps the status and headers; hands back an answer without body or signal as it is', () => {
    const { body } = source([]);
    const signal = new AbortController().signal;
    const answer = bodyEndedBy(
      new Response(body, { status: 201, statusText: 'Made', headers: { 'mcp-session-id': 's-1' } }),
      signal,
    );
    expect([answer.status, answer.statusText, answer.headers.get('mcp-session-id')]).toEqual([
      201,
      'Made',
      's-1',
    ]);
    const empty = new Response(null, { status: 202 });
    expect(bodyEndedBy(empty, signal)).toBe(empty);
    const unsignalled = new Response('x');
    expect(bodyEndedBy(unsignalled, undefined)).toBe(unsignalled);
  });
});
