import { base64url } from 'jose';

const BASE64URL = /^[A-Za-z0-9_-]*$/;

/**
 * Decodes one base64url segment of a compact JWS, strictly: only the URL-safe alphabet, no
 * padding, and the canonical encoding (unused trailing bits zero). Lenient decoders map several
 * strings to the same bytes, which would let a changed token verify. `undefined` when invalid.
 */
export function decodeSegment(segment: string): Uint8Array | undefined {
  if (!BASE64URL.test(segment) || segment.length % 4 === 1) return undefined;
  let bytes: Uint8Array;
  try {
    bytes = base64url.decode(segment);
  } catch {
    return undefined;
  }
  return base64url.encode(bytes) === segment ? bytes : undefined;
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** Parses strict UTF-8 JSON bytes into a plain object; `undefined` for anything else. */
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
