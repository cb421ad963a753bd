import { BodyTooLargeError, readBoundedBody } from './read-bounded-body.js';

/** What {@link readJsonBody} found. */
export type JsonBody =
  | { readonly kind: 'json'; readonly value: unknown }
  | { readonly kind: 'not-json' }
  | { readonly kind: 'too-large' };

/**
 * Reads a response body up to `maxBytes` ({@link readBoundedBody}) and parses it as JSON. A larger
 * body is cancelled, not buffered. Network failures while reading reject as `fetch` does.
 */
export async function readJsonBody(response: Response, maxBytes: number): Promise<JsonBody> {
  let bytes: Uint8Array;
  try {
    bytes = await readBoundedBody(response, maxBytes);
  } catch (error) {
    if (BodyTooLargeError.isInstance(error)) return { kind: 'too-large' };
    throw error;
  }
  try {
    return { kind: 'json', value: JSON.parse(new TextDecoder().decode(bytes)) };
  } catch {
    return { kind: 'not-json' };
  }
}
