import { describe, expect, it } from 'vitest';
import { crc32c } from './crc32c.js';

// Checked against the standard, not against the GCP emulator's own CRC-32C (see that file).
describe('crc32c', () => {
  it('matches the CRC-32C (Castagnoli) check value and the RFC 3720 B.4 vectors', () => {
    expect(crc32c(new TextEncoder().encode('123456789'))).toBe(0xe3069283);
    expect(crc32c(new Uint8Array())).toBe(0);
    expect(crc32c(new Uint8Array(32))).toBe(0x8a9136aa);
    expect(crc32c(new Uint8Array(32).fill(0xff))).toBe(0x62a8ab43);
    expect(crc32c(Uint8Array.from({ length: 32 }, (_, i) => i))).toBe(0x46dd794e);
  });
});
