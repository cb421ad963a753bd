// The same table-driven CRC-32C as @dual-auth/secrets-gcp's own, on purpose a separate copy: the
// emulator computes the checksum that backend verifies, so sharing the backend's code would let a
// bug in it agree with itself. Both copies are held to the standard check value in their tests.

let table: Uint32Array | undefined;

function crcTable(): Uint32Array {
  if (table !== undefined) return table;
  table = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    let c = i;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0x82f63b78 : c >>> 1;
    table[i] = c >>> 0;
  }
  return table;
}

/**
 * CRC-32C (Castagnoli) of `bytes`, the checksum Secret Manager sends as `payload.dataCrc32c`.
 *
 * @example
 * ```ts
 * crc32c(new TextEncoder().encode('123456789')); // 0xe3069283
 * ```
 */
export function crc32c(bytes: Uint8Array): number {
  if (!(bytes instanceof Uint8Array)) throw new TypeError('bytes must be a Uint8Array');
  const t = crcTable();
  let c = 0xffffffff;
  for (const byte of bytes) c = (t[(c ^ byte) & 0xff] as number) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
