import { describe, expect, it } from 'vitest';
import { DER, encodeDer, readDer } from './der.js';

describe('DER', () => {
  it('reads what it writes, short and long lengths', () => {
    for (const size of [0, 1, 127, 128, 255, 256, 70_000]) {
      const bytes = encodeDer(DER.OCTET_STRING, new Uint8Array(size));
      expect(readDer(bytes, 0)).toEqual({
        tag: DER.OCTET_STRING,
        start: bytes.length - size,
        end: bytes.length,
      });
    }
  });

  it('refuses what DER forbids or the bytes cannot hold', () => {
    const bad = [
      [0x04, 0x80], // indefinite length
      [0x04, 0x81, 0x05, 0, 0, 0, 0, 0], // long form for a short length
      [0x04, 0x82, 0x00, 0x90], // a leading zero length byte
      [0x04, 0x05, 0, 0], // content past the end
      [0x1f, 0x01, 0x00], // a multi-byte tag
      [0x04], // no length
    ];
    for (const bytes of bad) expect(readDer(new Uint8Array(bytes), 0)).toBeUndefined();
  });
});
