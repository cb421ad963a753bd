import { decodeCanonicalBase64url } from './base64url.js';

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Puts `root` and every object nested in it on a `null` prototype, and returns it: a value a
 * prototype-pollution bug set on `Object.prototype` never stands in for a member the parsed JSON
 * lacks (a token's `exp` far ahead, a `cnf`; a token answer's `expires_in`, `scope`). Arrays keep
 * theirs (`aud.includes` is used). Iterative, so JSON nested as deep as a byte limit allows never
 * overflows the stack.
 */
export function withoutPrototypes<T>(root: T): T {
  const pending: unknown[] = [root];
  while (pending.length > 0) {
    const value = pending.pop();
    if (typeof value !== 'object' || value === null) continue;
    if (!Array.isArray(value)) Object.setPrototypeOf(value, null);
    for (const key of Object.keys(value)) pending.push((value as Record<string, unknown>)[key]);
  }
  return root;
}

/**
 * Parses strict UTF-8 JSON bytes into a plain object; `undefined` for anything else. The object
 * and every object in it have a `null` prototype, so a claim is only ever the token's own.
 *
 * @example
 * parseJsonObject(new TextEncoder().encode('{"a":1}')); // { a: 1 }, on a null prototype
 */
export function parseJsonObject(bytes: Uint8Array): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(UTF8.decode(bytes));
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
    withoutPrototypes(value);
    return value as Record<string, unknown>;
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
