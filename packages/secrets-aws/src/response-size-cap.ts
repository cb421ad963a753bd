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

type Middleware = Parameters<GetSecretValueCommand['middlewareStack']['addRelativeTo']>[0];
type Next = (args: object) => Promise<{ response: unknown }>;

interface RawResponse {
  headers?: Record<string, string | undefined>;
  body?: unknown;
}

/**
 * Adds to `command`'s own middleware stack (the caller's client is left as it is) a step that
 * refuses an answer longer than `maxBytes`: by its `content-length` at once, else while the body
 * streams in, before the SDK's deserializer buffers it. The step sits right after
 * `deserializerMiddleware`, so it sees each attempt's raw HTTP response
 * (https://aws.amazon.com/blogs/developer/middleware-stack-modular-aws-sdk-js/).
 */
export function capResponseBytes(command: GetSecretValueCommand, maxBytes: number): void {
  // The SDK types the stack's entries as a union over all its steps, which gives `next` no type.
  const middleware = ((next: Next) => async (args: object) => {
    const result = await next(args);
    const response = result.response as RawResponse;
    const body = response.body;
    if (!isNodeReadable(body)) return result;
    const declared = Number(response.headers?.['content-length']);
    if (declared > maxBytes) {
      body.destroy();
      throw new ResponseTooLargeError(maxBytes);
    }
    response.body = capped(body, maxBytes);
    return result;
  }) as Middleware;
  command.middlewareStack.addRelativeTo(middleware, {
    relation: 'after',
    toMiddleware: 'deserializerMiddleware',
    name: 'dualAuthResponseSizeCap',
  });
}

function capped(body: NodeJS.ReadableStream, maxBytes: number): Transform {
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

function isNodeReadable(body: unknown): body is NodeJS.ReadableStream & { destroy(): void } {
  return (
    typeof body === 'object' &&
    body !== null &&
    typeof (body as { pipe?: unknown }).pipe === 'function' &&
    typeof (body as { destroy?: unknown }).destroy === 'function'
  );
}
