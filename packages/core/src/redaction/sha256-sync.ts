// Round constants: the first 32 bits of the fractional parts of the cube roots of the first 64
// primes (FIPS 180-4 §4.2.2), computed rather than listed.
const K = new Uint32Array(64);
const H0 = new Uint32Array(8);
{
  const fraction = (x: number) => ((x - Math.floor(x)) * 2 ** 32) >>> 0;
  let found = 0;
  for (let n = 2; found < 64; n++) {
    let prime = true;
    for (let d = 2; d * d <= n; d++) if (n % d === 0) prime = false;
    if (!prime) continue;
    if (found < 8) H0[found] = fraction(Math.sqrt(n));
    K[found++] = fraction(Math.cbrt(n));
  }
}

type State = [number, number, number, number, number, number, number, number];

const rotr = (x: number, n: number) => (x >>> n) | (x << (32 - n));

/**
 * SHA-256 (FIPS 180-4) of `data`, synchronously: a log line is written synchronously, and Web
 * Crypto's `digest` is asynchronous. For short inputs (an id in a log line). Our own: `@noble/hashes`
 * adds 2.6 kB gzipped to every bundle that logs a human, this a fraction of that.
 */
export function sha256Sync(data: Uint8Array): Uint8Array {
  const bitLength = data.length * 8;
  const padded = new Uint8Array((((data.length + 8) >> 6) + 1) * 64);
  padded.set(data);
  padded[data.length] = 0x80;
  const view = new DataView(padded.buffer);
  view.setUint32(padded.length - 8, Math.floor(bitLength / 2 ** 32));
  view.setUint32(padded.length - 4, bitLength >>> 0);
  const h = H0.slice();
  const w = new Uint32Array(64);
  // Indexes stay in range; `?? 0` only satisfies the checker's unchecked-index rule.
  const at = (words: Uint32Array, i: number): number => words[i] ?? 0;
  for (let block = 0; block < padded.length; block += 64) {
    for (let i = 0; i < 64; i++) {
      if (i < 16) {
        w[i] = view.getUint32(block + i * 4);
      } else {
        const x = at(w, i - 15);
        const y = at(w, i - 2);
        const s0 = rotr(x, 7) ^ rotr(x, 18) ^ (x >>> 3);
        const s1 = rotr(y, 17) ^ rotr(y, 19) ^ (y >>> 10);
        w[i] = at(w, i - 16) + s0 + at(w, i - 7) + s1;
      }
    }
    let [a, b, c, d, e, f, g, hh] = [...h] as State;
    for (let i = 0; i < 64; i++) {
      const choose = (e & f) ^ (~e & g);
      const t1 =
        (hh + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + choose + at(K, i) + at(w, i)) >>> 0;
      const majority = (a & b) ^ (a & c) ^ (b & c);
      const t2 = ((rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + majority) >>> 0;
      hh = g;
      g = f;
      f = e;
      e = (d + t1) >>> 0;
      d = c;
      c = b;
      b = a;
      a = (t1 + t2) >>> 0;
    }
    [a, b, c, d, e, f, g, hh].forEach((value, i) => {
      h[i] = at(h, i) + value;
    });
  }
  const out = new Uint8Array(32);
  const outView = new DataView(out.buffer);
  h.forEach((value, i) => {
    outView.setUint32(i * 4, value);
  });
  return out;
}
