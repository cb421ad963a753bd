import { requireValue } from '@dual-auth/core';
import { base64url, decodeJwt, decodeProtectedHeader } from 'jose';
import { numbersAsWritten, parseJsonAsWritten } from './parse-json-as-written.js';

/**
 * What `dual-auth decode` prints: the header and the claims; the signature is never shown. A number
 * JavaScript cannot hold as the token writes it (`1e400`, read as Infinity; an integer past 2^53,
 * read rounded) is a `JSON.rawJSON` object of the token's text, which `JSON.stringify` prints as
 * written, and `notes` names each one with what JavaScript reads (absent when there is none).
 */
export interface DecodedJwt {
  readonly header: Readonly<Record<string, unknown>>;
  readonly claims: Readonly<Record<string, unknown>>;
  readonly signature: '(elided)';
  /** `claims.exp is printed as the token writes it; JavaScript reads Infinity`, … */
  readonly notes?: readonly string[];
}

/** The deepest nesting printed: no IdP's token comes near; JSON.stringify recurses per level. */
const MAX_PRINTED_DEPTH = 64;

/** Whether `root` holds objects or arrays nested deeper than `limit` levels (walked without recursion). */
function nestedDeeperThan(root: unknown, limit: number): boolean {
  const pending: Array<[unknown, number]> = [[root, 1]];
  while (pending.length > 0) {
    const [value, depth] = pending.pop() as [unknown, number];
    if (typeof value !== 'object' || value === null) continue;
    if (depth > limit) return true;
    for (const member of Object.values(value)) pending.push([member, depth + 1]);
  }
  return false;
}

/** What `decode` says of input that is no compact JWT (it never repeats the input). */
const NOT_COMPACT = 'not a compact JWT (header.claims.signature, base64url JSON)';

/**
 * Decodes a compact JWS without verifying it: header and claims; the signature is elided.
 *
 * @throws TypeError when `jwt` is not a string (`jwt must be a string, got undefined`), not a
 * compact JWT, or its header or claims nest objects or arrays deeper than 64 levels (the message
 * never repeats the input).
 * @example
 * decodeJwtParts(token).claims.act; // { sub: '…' }
 */
export function decodeJwtParts(jwt: string): DecodedJwt {
  return decodeCompact(jwt, NOT_COMPACT);
}

/**
 * {@link decodeJwtParts} of the token given as `dual-auth decode`'s argument: one that is no JWT
 * (most often a file name: decode opens no file) is refused saying to pipe the file to `-`.
 */
export function decodeJwtArgument(jwt: string): DecodedJwt {
  return decodeCompact(
    jwt,
    `${NOT_COMPACT}: decode takes the token itself and opens no file; to decode a file, give - and pipe it in (dual-auth decode - < token.jwt)`,
  );
}

function decodeCompact(jwt: string, notCompact: string): DecodedJwt {
  const compact = requireValue(jwt, 'jwt', 'string').trim();
  let parsed: readonly unknown[];
  try {
    parsed = [decodeProtectedHeader(compact), decodeJwt(compact)];
  } catch {
    throw new TypeError(notCompact);
  }
  // Checked before the parts are read again: a reviver recurses once per level.
  if (nestedDeeperThan(parsed, MAX_PRINTED_DEPTH + 1)) {
    throw new TypeError(
      `the JWT's header or claims are nested deeper than ${MAX_PRINTED_DEPTH} levels: no IdP writes such a token, and it is not printed`,
    );
  }
  // Read again, as jose read them, to keep each number as the token writes it.
  const [header, claims] = compact.split('.', 2).map(partAsWritten) as Record<string, unknown>[];
  const decoded = { header, claims, signature: '(elided)' } as DecodedJwt;
  const notes = [
    ...numbersAsWritten(decoded.header, 'header'),
    ...numbersAsWritten(decoded.claims, 'claims'),
  ].map(({ path, read }) => `${path} is printed as the token writes it; JavaScript reads ${read}`);
  return notes.length === 0 ? decoded : { ...decoded, notes };
}

function partAsWritten(part: string | undefined): unknown {
  return parseJsonAsWritten(new TextDecoder().decode(base64url.decode(part ?? '')));
}
