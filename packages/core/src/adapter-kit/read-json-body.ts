import { withoutPrototypes } from '../jwt/json-segment.js';
import { BodyTooLargeError, readBoundedBody } from './read-bounded-body.js';

/** What {@link readJsonBody} found. */
export type JsonBody =
  | { readonly kind: 'json'; readonly value: unknown }
  | { readonly kind: 'not-json' }
  | { readonly kind: 'too-large' };

/**
 * Reads a response body up to `maxBytes` ({@link readBoundedBody}) and parses it as JSON. A larger
 * body is cancelled, not buffered. Network failures while reading reject as `fetch` does. Every
 * object of the value is on a `null` prototype: a member the answer lacks is never read off a
 * polluted `Object.prototype` (an `expires_in`, a `scope`, an `error`), and no object of it has a
 * `toString`.
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
    const value: unknown = JSON.parse(new TextDecoder().decode(bytes));
    return { kind: 'json', value: withoutPrototypes(value) };
  } catch {
    return { kind: 'not-json' };
  }
}
