import { requireErrorArgument } from '../errors/error-arguments.js';

const MARKER = Symbol.for('dual-auth.body-too-large');

/**
 * Thrown by {@link readBoundedBody} (and so by {@link createRemoteJwks}) when a body is larger than
 * allowed. Callers map it to their own refusal; recognise it with `BodyTooLargeError.isInstance(e)`,
 * which works across two copies of `@dual-auth/core`, unlike `instanceof`.
 */
export class BodyTooLargeError extends Error {
  // Set in the constructor: a computed class field keeps the class in every bundle (see
  // defineInspect).
  declare readonly [MARKER]: true;
  /** The limit the body went past, in bytes. */
  declare readonly maxBytes: number;

  /**
   * @throws TypeError naming the class and the argument when `what` is not a string or
   *   `maxBytes` not a number.
   */
  constructor(what: string, maxBytes: number) {
    requireErrorArgument(what, 'BodyTooLargeError', 'what', 'string');
    requireErrorArgument(maxBytes, 'BodyTooLargeError', 'maxBytes', 'number');
    super(`The ${what} is larger than ${maxBytes} bytes`);
    this[MARKER] = true;
    this.maxBytes = maxBytes;
    this.name = 'BodyTooLargeError';
  }

  /** True for a {@link BodyTooLargeError} made by any copy of `@dual-auth/core`. */
  static isInstance(error: unknown): error is BodyTooLargeError {
    return typeof error === 'object' && error !== null && MARKER in error;
  }
}

/**
 * The body of `response`, read up to `maxBytes`: past that (by `Content-Length` or while reading)
 * reading stops and the body is cancelled, not buffered, so a wrong or hostile URL cannot exhaust
 * memory. A response without a body reads as no bytes. Network failures while reading reject as
 * `fetch` does.
 *
 * @param what Names the body in the error message, e.g. `'JWKS'`.
 * @throws BodyTooLargeError when the body is larger than `maxBytes`.
 * @example
 * const bytes = await readBoundedBody(await fetch(url), 64 * 1024, 'JWKS');
 */
export async function readBoundedBody(
  response: Response,
  maxBytes: number,
  what = 'response body',
): Promise<Uint8Array<ArrayBuffer>> {
  if (Number(response.headers.get('content-length')) > maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    throw new BodyTooLargeError(what, maxBytes);
  }
  const reader = response.body?.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  while (reader !== undefined) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw new BodyTooLargeError(what, maxBytes);
    }
    chunks.push(value);
  }
  const body = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}
