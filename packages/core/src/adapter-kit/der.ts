/** One DER element (ITU-T X.690 §8.1): its tag and where its content lies in the bytes. */
export interface DerElement {
  tag: number;
  /** Index of the first content byte. */
  start: number;
  /** Index just past the last content byte. */
  end: number;
}

/** DER tags the key structures use (X.690 §8.3–8.19). */
export const DER = {
  INTEGER: 0x02,
  BIT_STRING: 0x03,
  OCTET_STRING: 0x04,
  NULL: 0x05,
  OID: 0x06,
  SEQUENCE: 0x30,
} as const;

/**
 * Reads the element at `offset`, or `undefined` when the bytes there are not one well-formed DER
 * element within `limit`: a single-byte tag, a definite length in its shortest form, content
 * inside the bytes.
 */
export function readDer(
  bytes: Uint8Array,
  offset: number,
  limit = bytes.length,
): DerElement | undefined {
  if (offset + 2 > limit) return undefined;
  const tag = bytes[offset] as number;
  if ((tag & 0x1f) === 0x1f) return undefined;
  const first = bytes[offset + 1] as number;
  let start = offset + 2;
  let length = first;
  if (first > 0x80) {
    const count = first & 0x7f;
    // A key is a few KiB: four length bytes are ample, and more would overflow a number.
    if (count > 4 || start + count > limit) return undefined;
    length = 0;
    for (let i = 0; i < count; i += 1) length = length * 256 + (bytes[start + i] as number);
    start += count;
    if (length < 0x80 || (count > 1 && bytes[offset + 2] === 0)) return undefined;
  } else if (first === 0x80) {
    return undefined;
  }
  const end = start + length;
  return end > limit ? undefined : { tag, start, end };
}

/**
 * The elements directly inside a constructed element (a SEQUENCE), or `undefined` unless they
 * are well-formed and fill its content exactly.
 */
export function readDerChildren(bytes: Uint8Array, parent: DerElement): DerElement[] | undefined {
  const children: DerElement[] = [];
  for (let offset = parent.start; offset < parent.end; ) {
    const child = readDer(bytes, offset, parent.end);
    if (child === undefined) return undefined;
    children.push(child);
    offset = child.end;
  }
  return children;
}

/** The DER encoding of one element with `tag` around `content`. */
export function encodeDer(tag: number, ...content: Uint8Array[]): Uint8Array {
  const length = content.reduce((sum, part) => sum + part.length, 0);
  const lengthBytes: number[] = [];
  for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) lengthBytes.unshift(rest % 256);
  const header = length < 0x80 ? [tag, length] : [tag, 0x80 | lengthBytes.length, ...lengthBytes];
  const out = new Uint8Array(header.length + length);
  out.set(header);
  let offset = header.length;
  for (const part of content) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
