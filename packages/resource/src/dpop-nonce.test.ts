import { inspect } from 'node:util';
import { ActVerificationError } from '@dual-auth/core';
import { decodeCanonicalBase64url, encodeBase64url } from '@dual-auth/core/jwt';
import { describe, expect, it } from 'vitest';
import { type DpopNonces, resolveDpopNonces } from './dpop-nonce.js';

// RFC 9449 §8, §9: the guard's stateless nonces: an issue time and an HMAC-SHA-256 of it under
// the configured secret, so instances sharing the secret accept each other's nonces.

const NOW = Date.UTC(2026, 0, 15, 12, 0, 0);
const SECRET = crypto.getRandomValues(new Uint8Array(32));
const OTHER_SECRET = crypto.getRandomValues(new Uint8Array(32));

const nonces = (secret = SECRET, maxAgeSeconds = 300) =>
  resolveDpopNonces({ secret, maxAgeSeconds }) as DpopNonces;

async function refusal(promise: Promise<unknown>): Promise<ActVerificationError> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(ActVerificationError.isInstance(error)).toBe(true);
  expect((error as ActVerificationError).claim).toBe('nonce');
  return error as ActVerificationError;
}

describe('DpopNonces: issuing and checking', () => {
  it('issues a 55-character base64url nonce that it accepts as current', async () => {
    const issuer = nonces();
    const nonce = await issuer.current(NOW);
    expect(nonce).toMatch(/^[A-Za-z0-9_-]{55}$/);
    expect(await issuer.check(nonce, NOW, 0)).toMatchObject({ current: true });
  });

  it('issues the same nonce during a step (half the max age) and another after it', async () => {
    const issuer = nonces();
    const first = await issuer.current(NOW);
    expect(await issuer.current(NOW + 149_999)).toBe(first);
    const next = await issuer.current(NOW + 150_000);
    expect(next).not.toBe(first);
    expect(await issuer.check(first, NOW + 150_000, 0)).toMatchObject({ current: false });
  });

  it('is accepted by another instance with the same secret, refused by one with another', async () => {
    const nonce = await nonces().current(NOW);
    expect(await nonces(new Uint8Array(SECRET)).check(nonce, NOW, 0)).toMatchObject({
      current: true,
    });
    const error = await refusal(nonces(OTHER_SECRET).check(nonce, NOW, 0));
    expect(error.reason).toBe('malformed');
    // The client's words (description); the operator's log also gets the setting at fault (hint).
    expect(error).toMatchObject({
      description: `DPoP proof carries a "nonce" this API did not issue: make a new proof with this answer's DPoP-Nonce`,
      hint: expect.stringMatching(/processes behind one URL must share dpop\.nonce\.secret/),
    });
  });

  it('accepts a nonce up to maxAgeSeconds plus the tolerance after it was issued, not a second later', async () => {
    const issuer = nonces();
    const nonce = await issuer.current(NOW);
    expect((await issuer.check(nonce, NOW + 300_000, 0)).current).toBe(false);
    expect((await refusal(issuer.check(nonce, NOW + 301_000, 0))).reason).toBe('expired');
    expect((await issuer.check(nonce, NOW + 305_000, 5)).current).toBe(false);
    expect((await refusal(issuer.check(nonce, NOW + 306_000, 5))).reason).toBe('expired');
  });

  it('refuses a nonce dated later than now plus the tolerance (another instance ahead)', async () => {
    const issuer = nonces();
    const ahead = await issuer.current(NOW + 150_000);
    expect((await refusal(issuer.check(ahead, NOW, 0))).reason).toBe('issued_in_future');
    expect((await issuer.check(ahead, NOW + 145_000, 5)).current).toBe(true);
  });

  it('refuses a missing nonce as missing_claim, and any other type as malformed', async () => {
    const issuer = nonces();
    const missing = await refusal(issuer.check(undefined, NOW, 0));
    expect(missing.reason).toBe('missing_claim');
    expect(missing.message).toBe(
      `DPoP proof has no "nonce" claim: make a new proof with this answer's DPoP-Nonce`,
    );
    for (const value of [null, 42, '', ['x'], { nonce: 'x' }]) {
      expect((await refusal(issuer.check(value, NOW, 0))).reason).toBe('malformed');
    }
  });

  it('refuses a nonce with its MAC or its time changed (forged)', async () => {
    const issuer = nonces();
    const bytes = decodeCanonicalBase64url(await issuer.current(NOW)) as Uint8Array;
    for (const index of [0, 5, 8, 9, 40]) {
      const forged = new Uint8Array(bytes);
      forged[index] = (forged[index] as number) ^ 1;
      const error = await refusal(issuer.check(encodeBase64url(forged), NOW, 0));
      expect(error.reason).toBe('malformed');
    }
  });

  it('refuses non-canonical encodings of a good nonce: padding, standard alphabet, unused bits', async () => {
    const issuer = nonces();
    const nonce = await issuer.current(NOW);
    const last = nonce.at(-1) as string;
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    // 41 bytes: the last character carries 4 bits, its 2 low bits are unused.
    const unusedBitSet = `${nonce.slice(0, -1)}${alphabet[alphabet.indexOf(last) | 1]}`;
    for (const variant of [
      `${nonce}=`,
      unusedBitSet,
      nonce.replace(/-/g, '+').replace(/_/g, '/'),
      ` ${nonce.slice(1)}`,
    ]) {
      if (variant === nonce) continue;
      expect((await refusal(issuer.check(variant, NOW, 0))).reason).toBe('malformed');
    }
  });

  it('refuses a nonce too long or too short without decoding it', async () => {
    const issuer = nonces();
    const nonce = await issuer.current(NOW);
    for (const variant of [`${nonce}A`, nonce.slice(0, -1), 'A'.repeat(1_000_000)]) {
      expect((await refusal(issuer.check(variant, NOW, 0))).reason).toBe('malformed');
    }
  });
});

describe('DpopNonces: its secret', () => {
  it('never shows the secret in String, JSON or util.inspect, and uses a copy of it', async () => {
    const secret = crypto.getRandomValues(new Uint8Array(32));
    const issuer = nonces(secret);
    const shownSecret = Buffer.from(secret).toString('base64');
    const nonce = await issuer.current(NOW);
    secret.fill(0);
    expect((await issuer.check(nonce, NOW, 0)).current).toBe(true);
    for (const shown of [String(issuer), JSON.stringify(issuer), inspect(issuer, { depth: 9 })]) {
      expect(shown).toContain('***REDACTED***');
      expect(shown).toContain('300');
      expect(shown).not.toContain(shownSecret);
      expect(shown).not.toMatch(/Uint8Array|\d+, \d+, \d+/);
    }
  });

  it.each([
    ['a string', 'a'.repeat(64)],
    ['31 bytes', new Uint8Array(31)],
    ['an ArrayBuffer', new ArrayBuffer(32)],
    ['missing', undefined],
  ])('refuses a secret that is %s, without echoing it', (_name, secret) => {
    const create = () => resolveDpopNonces({ secret: secret as Uint8Array });
    expect(create).toThrow(TypeError);
    expect(create).toThrow(
      /options\.dpop\.nonce\.secret must be a Uint8Array of at least 32 random bytes/,
    );
    expect(() => create()).not.toThrow(/aaaa/);
  });

  // `new Uint8Array(32)` and `Buffer.alloc(32)` are zeros: anyone could mint nonces for any time.
  it.each([
    ['zeros (no getRandomValues)', new Uint8Array(32)],
    ['one byte repeated', new Uint8Array(48).fill(7)],
    ['a Buffer.alloc', Buffer.alloc(32)],
  ])('refuses a secret that is %s, saying to draw random bytes', (_name, secret) => {
    expect(() => resolveDpopNonces({ secret })).toThrow(
      /options\.dpop\.nonce\.secret is one byte repeated, not random: .*crypto\.getRandomValues/,
    );
  });

  // Its length is read from the bytes themselves, never from a getter the value may override.
  it('refuses a Uint8Array whose length lies, or a Proxy of one, with the clear message', () => {
    class Lying extends Uint8Array {
      override get length() {
        return 32;
      }
    }
    for (const secret of [
      new Lying(0),
      new Proxy(crypto.getRandomValues(new Uint8Array(32)), {}),
    ]) {
      expect(() => resolveDpopNonces({ secret })).toThrow(
        /options\.dpop\.nonce\.secret must be a Uint8Array of at least 32 random bytes/,
      );
    }
  });

  it.each([0, 1, 2.5, 86_401, Number.NaN, '300'])('refuses maxAgeSeconds %s', (maxAgeSeconds) => {
    expect(() =>
      resolveDpopNonces({ secret: SECRET, maxAgeSeconds: maxAgeSeconds as number }),
    ).toThrow(
      /options\.dpop\.nonce\.maxAgeSeconds must be a whole number of seconds from 2 to 86400/,
    );
  });

  it('defaults maxAgeSeconds to 300 and refuses a nonce option that is not an object', () => {
    expect(resolveDpopNonces({ secret: SECRET })?.maxAgeSeconds).toBe(300);
    expect(() => resolveDpopNonces('secret' as never)).toThrow(TypeError);
  });
});

// RFC 2104 §3: an HMAC key is drawn at random. What people pass instead (a password, a pattern
// copied to fill 32 bytes, a counter) is refused at creation, saying how to make one.
describe('DpopNonces: secrets that are not random', () => {
  const random = (length: number) => crypto.getRandomValues(new Uint8Array(length));
  const repeatedBlock = (block: Uint8Array, length: number) =>
    Uint8Array.from({ length }, (_, i) => block[i % block.length] as number);

  it.each([
    [
      'ASCII text (a password encoded to bytes)',
      new TextEncoder().encode('correct horse battery staple 2026!'),
    ],
    [
      'hex digits as text',
      new TextEncoder().encode('9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08'),
    ],
    ['a two-byte pattern', repeatedBlock(Uint8Array.of(0xde, 0xad), 32)],
    ['16 random bytes twice', repeatedBlock(random(16), 32)],
    ['11 random bytes repeated to 48', repeatedBlock(random(11), 48)],
    ['four distinct byte values', Uint8Array.from(random(32), (byte) => byte & 0x03)],
    ['a counter', Uint8Array.from({ length: 32 }, (_, i) => i + 7)],
    [
      'a counter going down, wrapping',
      Uint8Array.from({ length: 40 }, (_, i) => (200 - 9 * i) & 0xff),
    ],
  ])('refuses a secret that is %s, saying how to make one', (_name, secret) => {
    const create = () => resolveDpopNonces({ secret });
    expect(create).toThrow(TypeError);
    expect(create).toThrow(
      /^options\.dpop\.nonce\.secret does not look random .*crypto\.getRandomValues\(new Uint8Array\(32\)\)/,
    );
  });

  it('never refuses a real random secret (10 000 of 32 bytes, 1 000 of 33 to 128)', () => {
    let refused = 0;
    for (let i = 0; i < 11_000; i++) {
      const length = i < 10_000 ? 32 : 33 + (i % 96);
      try {
        resolveDpopNonces({ secret: random(length) });
      } catch {
        refused++;
      }
    }
    expect(refused).toBe(0);
  });
});

// A new secret with the old one in `previousSecrets`: nonces already given out stay good for the
// rest of their lifetime, new ones are made with the new secret only.
describe('DpopNonces: previousSecrets (rotating the secret)', () => {
  const rotated = (maxAgeSeconds = 300) =>
    resolveDpopNonces({
      secret: OTHER_SECRET,
      previousSecrets: [SECRET],
      maxAgeSeconds,
    }) as DpopNonces;

  it('accepts a nonce of a previous secret until it is too old, as not current', async () => {
    const old = await nonces().current(NOW);
    const issuer = rotated();
    expect(await issuer.check(old, NOW, 0)).toMatchObject({ current: false });
    expect((await issuer.check(old, NOW + 300_000, 0)).current).toBe(false);
    expect((await refusal(issuer.check(old, NOW + 301_000, 0))).reason).toBe('expired');
    expect((await refusal(issuer.check(old, NOW - 10_000, 0))).reason).toBe('issued_in_future');
  });

  it('issues under the current secret only', async () => {
    const nonce = await rotated().current(NOW);
    expect(await nonces(OTHER_SECRET).check(nonce, NOW, 0)).toMatchObject({ current: true });
    expect((await refusal(nonces(SECRET).check(nonce, NOW, 0))).reason).toBe('malformed');
    expect(await rotated().check(nonce, NOW, 0)).toMatchObject({ current: true });
  });

  it('still refuses a nonce of a secret it was not given, or forged', async () => {
    const stranger = await nonces(crypto.getRandomValues(new Uint8Array(32))).current(NOW);
    expect((await refusal(rotated().check(stranger, NOW, 0))).reason).toBe('malformed');
    const bytes = decodeCanonicalBase64url(await nonces().current(NOW)) as Uint8Array;
    bytes[20] = (bytes[20] as number) ^ 1;
    const forged = encodeBase64url(bytes);
    expect((await refusal(rotated().check(forged, NOW, 0))).reason).toBe('malformed');
  });

  it('checks each previous secret as the current one, naming it, never echoing it', () => {
    const good = crypto.getRandomValues(new Uint8Array(32));
    const cases: [unknown, RegExp][] = [
      [
        [good, new Uint8Array(31)],
        /^options\.dpop\.nonce\.previousSecrets\[1\] must be a Uint8Array of at least 32 random bytes/,
      ],
      [['a'.repeat(64)], /^options\.dpop\.nonce\.previousSecrets\[0\] must be a Uint8Array/],
      [[new Uint8Array(32)], /^options\.dpop\.nonce\.previousSecrets\[0\] is one byte repeated/],
      [
        [new TextEncoder().encode('my old password, padded to 32 bytes')],
        /^options\.dpop\.nonce\.previousSecrets\[0\] does not look random .*getRandomValues/,
      ],
      [good, /^options\.dpop\.nonce\.previousSecrets must be an array of at most 3/],
      [
        [good, good, good, good],
        /^options\.dpop\.nonce\.previousSecrets must be an array of at most 3/,
      ],
      [[SECRET], /^options\.dpop\.nonce\.previousSecrets\[0\] is the current secret/],
    ];
    for (const [previousSecrets, message] of cases) {
      const create = () =>
        resolveDpopNonces({ secret: SECRET, previousSecrets: previousSecrets as Uint8Array[] });
      expect(create).toThrow(TypeError);
      expect(create).toThrow(message);
      expect(create).not.toThrow(/aaaa|old password/);
    }
  });

  it('never shows the previous secrets either', () => {
    const shown = inspect(rotated(), { depth: 9 });
    expect(shown).toBe("DpopNonces { maxAgeSeconds: 300, secret: '***REDACTED***' }");
    expect(JSON.stringify(rotated())).not.toMatch(/\d+,\d+,\d+/);
  });
});
