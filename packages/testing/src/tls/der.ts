/**
 * The few DER (ASN.1 Distinguished Encoding Rules) encoders a test certificate needs.
 * @internal
 */

const textEncoder = new TextEncoder();

/** Bytes backed by a plain ArrayBuffer, as Web Crypto accepts. */
export type Bytes = Uint8Array<ArrayBuffer>;

function encodeLength(length: number): Bytes {
  if (length < 0x80) return Uint8Array.of(length);
  const bytes: number[] = [];
  for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest % 256);
  return Uint8Array.of(0x80 | bytes.length, ...bytes);
}

/** Concatenates byte arrays. */
export function concatBytes(...parts: readonly Uint8Array[]): Bytes {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** A tag-length-value element whose value is the concatenation of `contents`. */
export function tlv(tag: number, ...contents: readonly Uint8Array[]): Bytes {
  const value = concatBytes(...contents);
  return concatBytes(Uint8Array.of(tag), encodeLength(value.length), value);
}

/** SEQUENCE. */
export const sequence = (...items: readonly Uint8Array[]): Bytes => tlv(0x30, ...items);

/** SET. */
export const set = (...items: readonly Uint8Array[]): Bytes => tlv(0x31, ...items);

/** BOOLEAN TRUE. */
export const booleanTrue = (): Bytes => Uint8Array.of(0x01, 0x01, 0xff);

/** INTEGER from unsigned big-endian bytes. */
export function unsignedInteger(bytes: Uint8Array): Bytes {
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0) start++;
  const trimmed = bytes.subarray(start);
  const needsPad = ((trimmed[0] ?? 0) & 0x80) !== 0;
  return tlv(0x02, needsPad ? Uint8Array.of(0) : new Uint8Array(0), trimmed);
}

/** INTEGER from a small non-negative number. */
export const smallInteger = (value: number): Bytes => unsignedInteger(Uint8Array.of(value));

/** OBJECT IDENTIFIER from dotted form. */
export function objectIdentifier(dotted: string): Bytes {
  const [first = 0, second = 0, ...rest] = dotted.split('.').map(Number);
  const bytes = [40 * first + second];
  for (const arc of rest) {
    const chunk = [arc & 0x7f];
    for (let value = arc >>> 7; value > 0; value >>>= 7) chunk.unshift(0x80 | (value & 0x7f));
    bytes.push(...chunk);
  }
  return tlv(0x06, Uint8Array.from(bytes));
}

/** UTF8String. */
export const utf8String = (text: string): Bytes => tlv(0x0c, textEncoder.encode(text));

/** OCTET STRING. */
export const octetString = (bytes: Uint8Array): Bytes => tlv(0x04, bytes);

/** BIT STRING with `unusedBits` padding bits in its last byte. */
export const bitString = (bytes: Uint8Array, unusedBits = 0): Bytes =>
  tlv(0x03, Uint8Array.of(unusedBits), bytes);

/** UTCTime (valid for years 1950–2049). */
export function utcTime(date: Date): Bytes {
  const text = date
    .toISOString()
    .replace(/[-:T]/g, '')
    .replace(/\.\d{3}Z$/, 'Z')
    .slice(2);
  return tlv(0x17, textEncoder.encode(text));
}

/** A context-specific constructed (explicit) tag `[n]`. */
export const explicit = (n: number, ...contents: readonly Uint8Array[]): Bytes =>
  tlv(0xa0 | n, ...contents);

/** Encodes bytes as PEM with the given label. */
export function toPem(der: Uint8Array, label: string): string {
  let binary = '';
  for (const byte of der) binary += String.fromCharCode(byte);
  const lines = btoa(binary).match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}
