const MIN_SECRET_BYTES = 32;
// Below this many distinct byte values a secret is a few values or a short block repeated; 32
// random bytes have about 30 (the chance of fewer than 16 is about 3e-17).
const MIN_DISTINCT_BYTES = 16;
// A block of up to this many bytes repeated to fill the secret; longer blocks are random enough.
const MAX_REPEATED_BLOCK = 32;

// Printable ASCII, tab, line feed, carriage return: a password or a base64/hex string's text.
const isText = (byte: number) =>
  (byte >= 0x20 && byte <= 0x7e) || byte === 9 || byte === 10 || byte === 13;

function repeatsBlock(secret: Uint8Array): boolean {
  const longest = Math.min(MAX_REPEATED_BLOCK, Math.floor(secret.length / 2));
  for (let period = 1; period <= longest; period++) {
    let same = true;
    for (let i = period; same && i < secret.length; i++) same = secret[i] === secret[i - period];
    if (same) return true;
  }
  return false;
}

// Each byte the previous plus the same step, modulo 256: a counter, up or down.
function counts(secret: Uint8Array): boolean {
  const step = ((secret[1] as number) - (secret[0] as number)) & 0xff;
  return secret.every((byte, i) => i === 0 || ((byte - (secret[i - 1] as number)) & 0xff) === step);
}

// The fewest distinct byte values a secret can have: said plainly (`new Uint8Array(32)` without
// getRandomValues is zeros), as the first of the rules below.
const ONE_BYTE = 'one byte repeated';

// Why a secret is obviously not random bytes, or undefined. Each rule refuses 32 random bytes with
// a chance below 1e-13 (all 98 text values: (98/256)^32), so a real secret is never refused.
function weakness(secret: Uint8Array): string | undefined {
  const distinct = new Set(secret).size;
  if (distinct === 1) return ONE_BYTE;
  if (secret.every(isText)) return 'it is text, such as a password or an encoded string';
  if (distinct < MIN_DISTINCT_BYTES) return 'it has few distinct byte values';
  if (repeatsBlock(secret)) return 'it repeats a short block of bytes';
  if (counts(secret)) return 'it counts up or down';
  return undefined;
}

// The refusal of a secret, never showing its bytes; undefined for a secret that is kept.
function refusal(name: string, secret: Uint8Array | undefined): string | undefined {
  if (secret === undefined || secret.length < MIN_SECRET_BYTES) {
    return `${name} must be a Uint8Array of at least ${MIN_SECRET_BYTES} random bytes (crypto.getRandomValues(new Uint8Array(32)), kept in your secret store), the same for every instance of the API`;
  }
  const why = weakness(secret);
  if (why === undefined) return undefined;
  if (why === ONE_BYTE) {
    return `${name} is one byte repeated, not random: anyone could make nonces with it; use crypto.getRandomValues(new Uint8Array(32)), kept in your secret store`;
  }
  return `${name} does not look random (${why}): an HMAC key must be random bytes (RFC 2104 §3); use crypto.getRandomValues(new Uint8Array(32)), kept in your secret store, and pass those bytes (decode a stored base64 or hex secret, do not encode its text)`;
}

/**
 * A copy of a DPoP nonce secret (`name` is the option's path, for the message), checked from its
 * own bytes (not a `length` getter that may say more): a `Uint8Array` of at least 32 bytes that
 * looks random. RFC 2104 §3: an HMAC key is chosen at random, at least as long as the hash's
 * output (32 bytes for SHA-256); NIST SP 800-107 Rev. 1 §5.3.4: its security strength is that of
 * how it was made, so a password or a pattern is as weak as it is guessable. Refused: one byte
 * repeated; text (every byte printable ASCII); fewer than 16 distinct byte values; a block of at
 * most 32 bytes repeated; a counter. A refused copy is zeroed; the caller's bytes are left as
 * they are.
 *
 * @param copyOf - Makes the copy (a seam for tests: they see the copy zeroed).
 * @throws TypeError naming `name` and saying how to make a secret, never showing its bytes.
 */
export function nonceSecretCopy(
  value: unknown,
  name: string,
  copyOf: (value: unknown) => Uint8Array | undefined = bytesOf,
): Uint8Array {
  const secret = copyOf(value);
  const message = refusal(name, secret);
  if (message === undefined && secret !== undefined) return secret;
  secret?.fill(0);
  throw new TypeError(message);
}

// The bytes themselves (a typed array's own length, not a `length` getter that may say more),
// or `undefined` for anything that is not a Uint8Array.
function bytesOf(value: unknown): Uint8Array | undefined {
  if (!(value instanceof Uint8Array)) return undefined;
  try {
    return new Uint8Array(value);
  } catch {
    return undefined;
  }
}
