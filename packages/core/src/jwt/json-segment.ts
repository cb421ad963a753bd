import { decodeCanonicalBase64url } from './base64url.js';
import { countJsonMembers } from './json-member-names.js';
import { strictUtf8Decoder } from './utf8.js';

/**
 * Puts `root` and every object nested in it on a `null` prototype, and returns it: a value a
 * prototype-pollution bug set on `Object.prototype` never stands in for a member the parsed JSON
 * lacks (a token's `exp` far ahead, a `cnf`; a token answer's `expires_in`, `scope`). Arrays keep
 * theirs (`aud.includes` is used). Iterative, so JSON nested as deep as a byte limit allows never
 * overflows the stack.
 */
export function withoutPrototypes<T>(root: T): T {
  nullPrototypes(root);
  return root;
}

// withoutPrototypes, answering how many own keys the objects in `root` hold.
function nullPrototypes(root: unknown): number {
  let keys = 0;
  if (typeof root !== 'object' || root === null) return keys;
  // Only objects are queued, and no key list is made: this runs on every verified JWT's payload,
  // where Object.keys per member cost ~0.6 µs a token over the recursive walk it replaced.
  const pending: object[] = [root];
  while (pending.length > 0) {
    const value = pending.pop() as Record<string, unknown> | unknown[];
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) queueObject(pending, value[i]);
    } else {
      Object.setPrototypeOf(value, null);
      // On a null prototype, `for … in` lists the own enumerable keys only.
      for (const key in value) {
        keys++;
        queueObject(pending, value[key]);
      }
    }
  }
  return keys;
}

function queueObject(pending: object[], item: unknown): void {
  if (typeof item === 'object' && item !== null) pending.push(item);
}

/**
 * Parses strict UTF-8 JSON bytes into a plain object; `undefined` for anything else, and for an
 * object (at any depth) that names a member twice (RFC 7519 §4: claim names MUST be unique; RFC
 * 7515 §5.2 step 4: header parameter names too), which `JSON.parse` would read as the last. The
 * object and every object in it have a `null` prototype, so a claim is only ever the token's own.
 *
 * @example
 * parseJsonObject(new TextEncoder().encode('{"a":1}')); // { a: 1 }, on a null prototype
 */
export function parseJsonObject(bytes: Uint8Array): Record<string, unknown> | undefined {
  try {
    const text = strictUtf8Decoder.decode(bytes);
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
    if (nullPrototypes(value) !== countJsonMembers(text)) return undefined;
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
