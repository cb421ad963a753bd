import { decodeJsonSegment } from './json-segment.js';

/** A decoded protected header, shared by every token that sends the same header segment. */
export type JwsHeader = Readonly<Record<string, unknown>>;

// Header segments longer than this are decoded every time: an issuer's header ({"alg","typ",
// "kid"}) is far shorter, so the memo holds at most capacity × this many characters.
const MAX_MEMO_SEGMENT_CHARS = 512;

/**
 * Decodes compact-JWS header segments ({@link decodeJsonSegment}: canonical base64url of strict
 * UTF-8 JSON), remembering the last `capacity` that decoded to a flat object (primitive values
 * only), frozen. Tokens of one issuer send the same header segment, so a verifier decodes it once
 * instead of once per token. A segment that fails to decode is never remembered, nor one longer
 * than 512 characters; when full, the oldest entry goes, so distinct headers (a hostile sender's)
 * cost at most `capacity` entries. The memo only saves the decode: what the header says is checked
 * on every token, so refusals are the same with or without it.
 *
 * @example
 * const memo = new JwsHeaderMemo(16);
 * memo.decode('eyJhbGciOiJSUzI1NiJ9'); // { alg: 'RS256' }, frozen, decoded once
 */
export class JwsHeaderMemo {
  readonly #capacity: number;
  readonly #headers = new Map<string, JwsHeader>();
  // The last segment answered from the memo: a burst of one issuer's tokens sends the same one, and
  // comparing it is cheaper than hashing a new string for the map (docs/performance.md, Session 28).
  #lastSegment: string | undefined;
  #lastHeader: JwsHeader | undefined;

  /** @param capacity Most header segments remembered, at least 1. */
  constructor(capacity: number) {
    this.#capacity = Math.max(1, capacity);
  }

  /** Header segments remembered now. */
  get size(): number {
    return this.#headers.size;
  }

  /** The header `segment` encodes, or `undefined` when it is not canonical base64url of a JSON object. */
  decode(segment: string): JwsHeader | undefined {
    if (segment === this.#lastSegment) return this.#lastHeader;
    const known = this.#headers.get(segment);
    if (known !== undefined) {
      this.#lastSegment = segment;
      this.#lastHeader = known;
      return known;
    }
    const header = decodeJsonSegment(segment);
    if (header === undefined || segment.length > MAX_MEMO_SEGMENT_CHARS || !isFlat(header)) {
      return header;
    }
    if (this.#headers.size >= this.#capacity) {
      this.#headers.delete(this.#headers.keys().next().value as string);
    }
    this.#headers.set(segment, Object.freeze(header));
    return header;
  }
}

// A flat object frozen is immutable all through, so callers sharing it cannot change it for others.
function isFlat(header: Record<string, unknown>): boolean {
  for (const key in header) {
    const value = header[key];
    if (typeof value === 'object' && value !== null) return false;
  }
  return true;
}
