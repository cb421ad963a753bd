import { decodeCanonicalBase64url } from './base64url.js';

const UTF8 = new TextDecoder('utf-8', { fatal: true });

// Every object of a parsed token on a null prototype, nested ones too (`act.sub`, `cnf.jkt`): a
// value a prototype-pollution bug set on Object.prototype must never stand in for a claim the
// token lacks (an `exp` far ahead, a `cnf`). Arrays keep theirs: `aud.includes` is used.
function withoutPrototypes(value: unknown): void {
  if (typeof value !== 'object' || value === null) return;
  if (Array.isArray(value)) {
    for (const item of value) withoutPrototypes(item);
    return;
  }
  Object.setPrototypeOf(value, null);
  for (const key in value) withoutPrototypes((value as Record<string, unknown>)[key]);
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
