/**
 * A `fetch` over `send` that calls `arrived` once an answer has come this far: its headers, or
 * the first chunk of its body taken by the reader (for a test to move its clock only then).
 */
export function tellingFetch(
  send: typeof fetch,
  arrived: () => void,
  when: 'headers' | 'first chunk',
): typeof fetch {
  return (async (input: RequestInfo | URL, init?: RequestInit) => {
    const response = await send(input, init);
    if (when === 'headers' || response.body === null) {
      arrived();
      return response;
    }
    const reader = response.body.getReader();
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        const chunk = await reader.read();
        if (chunk.done) return controller.close();
        controller.enqueue(chunk.value);
        arrived();
      },
      cancel: (reason) => reader.cancel(reason),
    });
    return new Response(body, { status: response.status, headers: response.headers });
  }) as typeof fetch;
}
