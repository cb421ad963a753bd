import type { CallScope } from './call-scope.js';

/**
 * The answer with its body bounded by the call's deadline: reading it past the deadline rejects
 * with the deadline's `ApiCallError`, and the deadline ends as soon as the body is read, fails or
 * is cancelled. A body is wrapped because nothing else tells when the caller has finished reading
 * it; without that, every returned answer would keep its deadline timer until the deadline. An
 * answer without a body ends the deadline at once and is returned as it is.
 *
 * The wrapper keeps the status, status text, headers and `url`.
 */
export function boundedResponse(response: Response, scope: CallScope): Response {
  const source = response.body;
  if (source === null) {
    scope.end();
    return response;
  }
  const reader = source.getReader();
  let settled = false;
  const settle = (): boolean => {
    if (settled) return false;
    settled = true;
    scope.end();
    return true;
  };
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      scope.bindBody((error) => {
        if (!settle()) return;
        controller.error(error);
        reader.cancel(error).catch(() => undefined);
      });
    },
    async pull(controller) {
      let chunk: ReadableStreamReadResult<Uint8Array>;
      try {
        chunk = await reader.read();
      } catch (error) {
        if (settle()) controller.error(error);
        return;
      }
      if (settled) return;
      if (chunk.done) {
        settle();
        controller.close();
      } else {
        controller.enqueue(chunk.value);
      }
    },
    cancel(reason) {
      settle();
      return reader.cancel(reason);
    },
  });
  const bounded = new Response(body, {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
  Object.defineProperty(bounded, 'url', { value: response.url });
  return bounded;
}
