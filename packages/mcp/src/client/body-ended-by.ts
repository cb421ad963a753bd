/**
 * `response` with a body that `signal` ends by itself: once `signal` aborts, the answer's body is
 * cancelled (the runtime closes the connection) and a read of it rejects with `signal.reason`, as
 * a body of `fetch` does. Answers `response` itself when there is no signal or no body.
 *
 * `fetch` alone is not enough on Deno 2.9.6: it ends the body from an abort algorithm on a
 * dependent signal that a garbage collection takes once nothing holds the `Response` (an MCP
 * transport keeps only `response.body`), so the abort of a standalone SSE stream never reaches
 * it (docs/runtime-check.md). Here an `abort` listener on `signal` (which the caller holds) holds
 * the body's reader, so the abort does reach it, on every runtime.
 *
 * The listener is added at the first read and removed once the body ends, errors or is
 * cancelled: a body never read, or read to its end, is held by nothing of this.
 */
export function bodyEndedBy(response: Response, signal: AbortSignal | undefined): Response {
  const source = response.body;
  if (signal === undefined || source === null) return response;
  let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  let body: ReadableStreamDefaultController<Uint8Array> | undefined;
  const onAbort = () => {
    body?.error(signal.reason);
    reader?.cancel(signal.reason).catch(() => undefined);
  };
  const release = () => signal.removeEventListener('abort', onAbort);
  const stream = new ReadableStream<Uint8Array>(
    {
      start(controller) {
        body = controller;
      },
      async pull(controller) {
        if (reader === undefined) {
          if (signal.aborted) {
            await source.cancel(signal.reason);
            throw signal.reason;
          }
          reader = source.getReader();
          signal.addEventListener('abort', onAbort, { once: true });
        }
        let read: ReadableStreamReadResult<Uint8Array>;
        try {
          read = await reader.read();
        } catch (error) {
          release();
          throw error;
        }
        // Aborted meanwhile: onAbort has already errored this body with the signal's reason.
        if (signal.aborted) return;
        if (read.done) {
          release();
          controller.close();
        } else {
          controller.enqueue(read.value);
        }
      },
      cancel(reason) {
        release();
        return (reader ?? source).cancel(reason);
      },
    },
    { highWaterMark: 0 },
  );
  return new Response(stream, {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
}
