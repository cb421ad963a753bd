import type { Clock } from '@dual-auth/core';
import type { DualSubject } from '@dual-auth/resource';

// setTimeout's longest delay: a longer wait is made of several.
const LONGEST_TIMER_MS = 2_147_483_647;

/**
 * Calls `end` once, when the access token of `subject` expires (its `exp`, on `clock`): on the
 * clock's own timer when it offers one (`Clock.setTimer`, a test's controlled clock), else on a
 * real one. Returns a function that cancels it. A token without a numeric `exp` (an opaque token
 * whose introspection gave none) is never ended here.
 */
export function atTokenExpiry(subject: DualSubject, clock: Clock, end: () => void): () => void {
  const exp = subject.agent.raw.exp;
  if (typeof exp !== 'number' || !Number.isFinite(exp)) return () => undefined;
  const atMs = exp * 1000;
  if (typeof clock.setTimer === 'function') return clock.setTimer(atMs, end);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const arm = (): void => {
    const leftMs = Math.max(atMs - clock.now(), 0);
    timer = setTimeout(leftMs > LONGEST_TIMER_MS ? arm : end, Math.min(leftMs, LONGEST_TIMER_MS));
  };
  arm();
  return () => clearTimeout(timer);
}

/**
 * `response` with a body that ends when the token of `subject` expires, if it is still being
 * sent then (a server-sent stream; at once when it has expired already): the handler's body is
 * cancelled, so the MCP transport lets go of its stream, and the answer ends as a stream the
 * server closed (the MCP SDK's client opens it again with its renewed token). An answer without a
 * body is `response` itself; one whose body ends first cancels the wait.
 */
export function bodyEndingAtTokenExpiry(
  response: Response,
  subject: DualSubject,
  clock: Clock,
): Response {
  if (response.body === null) return response;
  const reader = response.body.getReader();
  let closed = false;
  let cancelTimer = (): void => undefined;
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      cancelTimer = atTokenExpiry(subject, clock, () => {
        if (closed) return;
        closed = true;
        reader.cancel().catch(() => undefined);
        controller.close();
      });
    },
    async pull(controller) {
      const read = await reader.read().catch((error: unknown) => {
        cancelTimer();
        throw error;
      });
      if (closed) return;
      if (read.done) {
        closed = true;
        cancelTimer();
        controller.close();
        return;
      }
      controller.enqueue(read.value);
    },
    cancel(reason) {
      closed = true;
      cancelTimer();
      return reader.cancel(reason);
    },
  });
  const { status, statusText, headers } = response;
  return new Response(body, { status, statusText, headers });
}
