import { decodeSegment, parseJsonObject } from './decode-segment.js';
import { reject } from './reject.js';

/** Checks the token's shape, size and algorithm before any key is touched. */
export interface ReadHeaderOptions {
  maxTokenBytes: number;
  algorithms: readonly string[];
}

// The header is attacker-controlled: show a short, printable excerpt of `alg` only.
function shortText(value: unknown): string {
  const text = (typeof value === 'string' ? value : String(JSON.stringify(value))).replace(
    /[^\x20-\x7e]/g,
    '?',
  );
  return JSON.stringify(text.length > 16 ? `${text.slice(0, 16)}…` : text);
}

/**
 * Reads the protected header of a compact JWS after checking the token's type, size, three
 * strictly base64url segments and an allowed `alg`. The payload is not trusted yet.
 *
 * @throws ActVerificationError `malformed`, `too_large` or `unsupported_algorithm`.
 */
export function readProtectedHeader(
  token: unknown,
  { maxTokenBytes, algorithms }: ReadHeaderOptions,
): Record<string, unknown> {
  if (typeof token !== 'string') reject('malformed', `must be a string, got ${typeof token}`);
  if (token.length > maxTokenBytes) {
    reject('too_large', `is ${token.length} bytes; at most ${maxTokenBytes} are accepted`);
  }
  const segments = token.split('.');
  if (segments.length !== 3) {
    reject('malformed', `must be a compact JWS of 3 dot-separated parts, got ${segments.length}`);
  }
  const [headerPart = '', payloadPart = '', signaturePart = ''] = segments;
  const headerBytes = decodeSegment(headerPart);
  const header = headerBytes === undefined ? undefined : parseJsonObject(headerBytes);
  if (header === undefined) reject('malformed', 'header is not base64url of a JSON object');
  if (typeof header.alg !== 'string' || !algorithms.includes(header.alg)) {
    reject(
      'unsupported_algorithm',
      `algorithm ${shortText(header.alg)} is not allowed; expected ${algorithms.join(' or ')}`,
      { claim: 'alg' },
    );
  }
  for (const [name, part] of [
    ['payload', payloadPart],
    ['signature', signaturePart],
  ] as const) {
    if (part === '' || decodeSegment(part) === undefined) {
      reject('malformed', `${name} is not canonical base64url`);
    }
  }
  return header;
}
