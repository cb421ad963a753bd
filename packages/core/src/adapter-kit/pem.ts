import { decodeBase64, encodeBase64 } from './base64.js';

/** A PEM block (RFC 7468): its label and the DER bytes it carries. */
export interface PemBlock {
  /** What follows `-----BEGIN `, e.g. `PRIVATE KEY`. */
  label: string;
  der: Uint8Array;
  /** RFC 1421 headers (`Proc-Type: 4,ENCRYPTED` of an OpenSSL-encrypted PKCS#1 key) were present. */
  hasHeaders: boolean;
  /** Nothing but whitespace is around the block: no second block, no text before or after. */
  alone: boolean;
}

const BEGIN = /-----BEGIN ([A-Z0-9 ]+)-----/;
// Base64 characters then at most two `=`, in a length that is a multiple of 4: the same rule as
// groups of four with a padded last one, without a repeated group (whose backtracking overflowed
// the regex engine's stack on a body of megabytes: an untyped RangeError).
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** The label of the first `-----BEGIN …-----` line in `text`, if any. */
export function pemLabel(text: string): string | undefined {
  return BEGIN.exec(text)?.[1];
}

/**
 * The first PEM block of `text`, or `undefined` when it has none or its body is not a matching
 * `-----END …-----` line around strict base64 (RFC 7468 §3; whitespace between is ignored).
 * Whether anything else is in `text` is told by `alone`.
 */
export function decodePem(text: string): PemBlock | undefined {
  const begin = BEGIN.exec(text);
  if (begin === null) return undefined;
  const label = begin[1] as string;
  const bodyStart = begin.index + begin[0].length;
  const end = `-----END ${label}-----`;
  const bodyEnd = text.indexOf(end, bodyStart);
  if (bodyEnd === -1) return undefined;
  const around = text.slice(0, begin.index) + text.slice(bodyEnd + end.length);
  const lines = text.slice(bodyStart, bodyEnd).split(/\r?\n/);
  const hasHeaders = lines.some((line) => line.includes(':'));
  const body = lines
    .filter((line) => !line.includes(':'))
    .join('')
    .replace(/\s+/g, '');
  if (body === '' || body.length % 4 !== 0 || !BASE64.test(body)) return undefined;
  return { label, der: decodeBase64(body), hasHeaders, alone: !/\S/.test(around) };
}

/** `der` as a PEM block with `label`, in 64-character lines. */
export function encodePem(label: string, der: Uint8Array): string {
  const lines = encodeBase64(der).match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}
