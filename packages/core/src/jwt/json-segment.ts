import { decodeCanonicalBase64url } from './base64url.js';

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Parses strict UTF-8 JSON bytes into a plain object; `undefined` for anything else.
 *
 * @example
 * parseJsonObject(new TextEncoder().encode('{"a":1}')); // { a: 1 }
 */
export function parseJsonObject(bytes: Uint8Array): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(UTF8.decode(bytes));
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The JSON object one segment of a JWT (its header or payload) encodes, decoded only, never
 * verified: canonical base64url of strict UTF-8 JSON; `undefined` for anything else.
 *
 * @example
 * const header = decodeJsonSegment(token.split('.')[0] ?? ''); // { alg, typ, … } or undefined
 */
export function decodeJsonSegment(segment: string): Record<string, unknown> | undefined {
  const bytes = decodeCanonicalBase64url(segment);
  return bytes === undefined ? undefined : parseJsonObject(bytes);
}
