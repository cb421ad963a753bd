/**
 * Whether `bytes` are well-formed UTF-8 (RFC 3629 §4, as the WHATWG decoder reads it: no
 * overlong form, no surrogate, nothing past U+10FFFF, no sequence cut short).
 */
export function isUtf8(bytes: Uint8Array): boolean {
  let i = 0;
  while (i < bytes.length) {
    const lead = bytes[i] as number;
    if (lead < 0x80) {
      i += 1;
      continue;
    }
    // The continuation bytes that follow, and the range the first of them must be in.
    let more: number;
    let low = 0x80;
    let high = 0xbf;
    if (lead >= 0xc2 && lead <= 0xdf) more = 1;
    else if (lead >= 0xe0 && lead <= 0xef) {
      more = 2;
      if (lead === 0xe0) low = 0xa0;
      if (lead === 0xed) high = 0x9f;
    } else if (lead >= 0xf0 && lead <= 0xf4) {
      more = 3;
      if (lead === 0xf0) low = 0x90;
      if (lead === 0xf4) high = 0x8f;
    } else return false;
    if (i + more >= bytes.length) return false;
    const first = bytes[i + 1] as number;
    if (first < low || first > high) return false;
    for (let k = 2; k <= more; k++) {
      const next = bytes[i + k] as number;
      if (next < 0x80 || next > 0xbf) return false;
    }
    i += more + 1;
  }
  return true;
}
