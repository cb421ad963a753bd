import { decodeBase64, encodeBase64 } from './base64.js';

/** A PEM block (RFC 7468): its label and the DER bytes it carries. */
export interface PemBlock {
  /** What follows `-----BEGIN `, e.g. `PRIVATE KEY`. */
  label: string;
  der: Uint8Array;
  /**
   * Names of the RFC 1421 header lines (`Proc-Type`, `DEK-Info` of an OpenSSL-encrypted PKCS#1
   * key), lower-cased; their values are not kept.
   */
  headers: readonly string[];
}

/** What, besides whitespace, surrounds the one PEM block a key should be. */
export type PemExtraText = 'another-block' | 'before' | 'after';

const BEGIN = /-----BEGIN ([A-Z0-9 ]+)-----/;
const ANY_BEGIN = /-----BEGIN /g;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** The label of the first `-----BEGIN …-----` line in `text`, if any. */
export function pemLabel(text: string): string | undefined {
  return BEGIN.exec(text)?.[1];
}

/** Where the first block's body lies, and the text around that block. */
function locate(text: string) {
  const begin = BEGIN.exec(text);
  if (begin === null) return undefined;
  const label = begin[1] as string;
  const end = `-----END ${label}-----`;
  const bodyStart = begin.index + begin[0].length;
  const bodyEnd = text.indexOf(end, bodyStart);
  if (bodyEnd === -1) return undefined;
  const before = text.slice(0, begin.index);
  const after = text.slice(bodyEnd + end.length);
  return { label, body: text.slice(bodyStart, bodyEnd), before, after };
}

/**
 * What besides whitespace `text` holds around its first PEM block: another block (a key pair, a
 * certificate chain, a rotation bundle), text before it or text after it; `undefined` when
 * nothing, or when `text` has no complete block.
 */
export function pemExtraText(text: string): PemExtraText | undefined {
  if ((text.match(ANY_BEGIN) ?? []).length > 1) return 'another-block';
  const found = locate(text);
  if (found === undefined) return undefined;
  if (/\S/.test(found.before)) return 'before';
  if (/\S/.test(found.after)) return 'after';
  return undefined;
}

/**
 * The PEM block `text` is, or `undefined` when it has none, holds anything but whitespace around
 * it ({@link pemExtraText}), or its body is not a matching `-----END …-----` line around strict
 * base64 (RFC 7468 §3; whitespace between is ignored).
 */
export function decodePem(text: string): PemBlock | undefined {
  const found = locate(text);
  if (found === undefined || pemExtraText(text) !== undefined) return undefined;
  const lines = found.body.split(/\r?\n/);
  const headers = lines
    .filter((line) => line.includes(':'))
    .map((line) => line.slice(0, line.indexOf(':')).trim().toLowerCase());
  const body = lines
    .filter((line) => !line.includes(':'))
    .join('')
    .replace(/\s+/g, '');
  if (body === '' || !BASE64.test(body)) return undefined;
  return { label: found.label, der: decodeBase64(body), headers };
}

/** `der` as a PEM block with `label`, in 64-character lines. */
export function encodePem(label: string, der: Uint8Array): string {
  const lines = encodeBase64(der).match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}
