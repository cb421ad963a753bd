import { pipeline, Transform } from 'node:stream';
import type { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';

/**
 * Largest answer read from Secrets Manager, in bytes: far above its 64 KiB cap on a secret value
 * (https://docs.aws.amazon.com/secretsmanager/latest/userguide/reference_limits.html), small enough
 * that a hostile endpoint cannot make the process buffer gigabytes.
 */
export const MAX_RESPONSE_BYTES = 1024 * 1024;

/** Thrown from the body of an answer longer than {@link MAX_RESPONSE_BYTES}; the socket is destroyed. */
export class ResponseTooLargeError extends Error {
  override readonly name = 'ResponseTooLargeError';

  constructor(readonly maxBytes: number) {
    super(`The answer is longer than ${maxBytes} bytes.`);
  }
}

/**
 * Thrown when the client's request handler hands back a body that is none of the kinds the SDK's
 * handlers give (a Node stream, a web `ReadableStream`, a `Blob`, a `Uint8Array`), so its length
 * cannot be bounded: the answer is refused unread.
 */
export class UnknownResponseBodyError extends Error {
  override readonly name = 'UnknownResponseBodyError';

  /** @param kind The body's type (`typeof`, or its constructor's name), never its content. */
  constructor(readonly kind: string) {
    super(
      `The request handler gave the answer's body as a value of type ${kind}, whose length cannot be bounded; give the client a request handler whose bodies are Node streams or web ReadableStreams (the SDK's NodeHttpHandler or FetchHttpHandler).`,
    );
  }
}

type Middleware = Parameters<GetSecretValueCommand['middlewareStack']['addRelativeTo']>[0];
type Next = (args: object) => Promise<{ response: unknown }>;

interface RawResponse {
  headers?: Record<string, string | undefined>;
  body?: unknown;
}

type NodeBody = NodeJS.ReadableStream & { destroy(): void };

/**
 * Adds to `command`'s own middleware stack (the caller's client is left as it is) a step that
 * refuses an answer longer than `maxBytes`: by its `content-length` at once, else while the body
 * streams in, before the SDK's deserializer buffers it. The step sits right after
 * `deserializerMiddleware`, so it sees each attempt's raw HTTP response
 * (https://aws.amazon.com/blogs/developer/middleware-stack-modular-aws-sdk-js/). It bounds every
 * body the SDK's request handlers give: a Node stream (`NodeHttpHandler`, `NodeHttp2Handler`), a
 * web `ReadableStream` or, where the runtime's fetch has no body stream, a `Blob`
 * (`FetchHttpHandler`: Bun, Deno, edge runtimes), and bytes already read (`Uint8Array`); any other
 * body is refused with {@link UnknownResponseBodyError}.
 */
export function capResponseBytes(command: GetSecretValueCommand, maxBytes: number): void {
  // The SDK types the stack's entries as a union over all its steps, which gives `next` no type.
  const middleware = ((next: Next) => async (args: object) => {
    const result = await next(args);
    const response = result.response as RawResponse;
    response.body = cappedBody(response, maxBytes);
    return result;
  }) as Middleware;
  command.middlewareStack.addRelativeTo(middleware, {
    relation: 'after',
    toMiddleware: 'deserializerMiddleware',
    name: 'dualAuthResponseSizeCap',
  });
}

function cappedBody({ headers, body }: RawResponse, maxBytes: number): unknown {
  if (Number(headers?.['content-length']) > maxBytes) {
    discard(body);
    throw new ResponseTooLargeError(maxBytes);
  }
  if (body === undefined || body === null) return body;
  if (isNodeReadable(body)) return cappedNodeStream(body, maxBytes);
  if (isWebReadable(body)) return cappedWebStream(body, maxBytes);
  const length =
    body instanceof Uint8Array ? body.byteLength : body instanceof Blob ? body.size : -1;
  if (length < 0) throw new UnknownResponseBodyError(kindOf(body));
  if (length > maxBytes) throw new ResponseTooLargeError(maxBytes);
  return body;
}

function cappedNodeStream(body: NodeBody, maxBytes: number): Transform {
  let seen = 0;
  const limiter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      seen += chunk.length;
      if (seen > maxBytes) done(new ResponseTooLargeError(maxBytes));
      else done(null, chunk);
    },
  });
  // pipeline destroys the socket's stream when the limiter fails; the limiter's own error reaches
  // the SDK's body collector, which is reading from it.
  pipeline(body, limiter, () => {});
  return limiter;
}

function cappedWebStream(body: ReadableStream<Uint8Array>, maxBytes: number): ReadableStream {
  let seen = 0;
  // A transform that throws errors its readable side, which the SDK's body collector is reading,
  // and pipeThrough then cancels the source: fetch aborts the connection.
  return body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        seen += chunk.byteLength;
        if (seen > maxBytes) throw new ResponseTooLargeError(maxBytes);
        controller.enqueue(chunk);
      },
    }),
  );
}

function discard(body: unknown): void {
  if (isNodeReadable(body)) body.destroy();
  // A locked stream refuses cancel(); its reader's owner then cancels it.
  else if (isWebReadable(body)) body.cancel().catch(() => {});
}

function isNodeReadable(body: unknown): body is NodeBody {
  return (
    typeof body === 'object' &&
    body !== null &&
    typeof (body as { pipe?: unknown }).pipe === 'function' &&
    typeof (body as { destroy?: unknown }).destroy === 'function'
  );
}

// By shape, not instanceof: a stream from another realm (a polyfill, a worker) is one too.
function isWebReadable(body: unknown): body is ReadableStream<Uint8Array> {
  return (
    typeof body === 'object' &&
    body !== null &&
    typeof (body as { pipeThrough?: unknown }).pipeThrough === 'function' &&
    typeof (body as { cancel?: unknown }).cancel === 'function'
  );
}

function kindOf(body: unknown): string {
  const name = typeof body === 'object' && body !== null ? body.constructor?.name : undefined;
  return typeof name === 'string' && name !== '' ? name : typeof body;
}
