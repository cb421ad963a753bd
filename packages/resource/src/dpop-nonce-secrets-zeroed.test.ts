import { describe, expect, it } from 'vitest';
import { type DpopNonceOptions, resolveDpopNonces } from './dpop-nonce.js';

// Mend (Session 17, mend17): resolveDpopNonces copied `secret`, then each of `previousSecrets`;
// when a later one was refused (weak, the current secret again, too many, not a list), or
// `maxAgeSeconds` or `creationTimeFrom` was wrong, the copies already made stayed in memory
// unzeroed. Every copy is zeroed on every refusal now. The copies are seen through the seam.

const random = () => crypto.getRandomValues(new Uint8Array(32));
const SECRET = random();
const PREVIOUS = random();

/** resolveDpopNonces with every copy it made kept, to read back after it threw. */
function resolving(options: DpopNonceOptions): { copies: Uint8Array[]; run: () => unknown } {
  const copies: Uint8Array[] = [];
  const copyOf = (given: unknown) => {
    if (!(given instanceof Uint8Array)) return undefined;
    const copy = new Uint8Array(given);
    copies.push(copy);
    return copy;
  };
  return { copies, run: () => resolveDpopNonces(options, copyOf) };
}

describe('resolveDpopNonces: a refusal leaves no copy of a secret', () => {
  // [what, options, the refusal, how many copies it made before refusing]
  it.each<[string, DpopNonceOptions, RegExp, number]>([
    [
      'a weak previous secret after a good one',
      { secret: SECRET, previousSecrets: [PREVIOUS, new Uint8Array(32).fill(7)] },
      /previousSecrets\[1\] is one byte repeated/,
      3,
    ],
    [
      'a previous secret equal to the current one',
      { secret: SECRET, previousSecrets: [PREVIOUS, Uint8Array.from(SECRET)] },
      /previousSecrets\[1\] is the current secret/,
      3,
    ],
    [
      'a previous secret that is not bytes',
      { secret: SECRET, previousSecrets: [PREVIOUS, 'text' as never] },
      /previousSecrets\[1\] must be a Uint8Array/,
      2,
    ],
    [
      'too many previous secrets',
      { secret: SECRET, previousSecrets: [random(), random(), random(), random()] },
      /previousSecrets must be an array of at most 3/,
      1,
    ],
    [
      'previous secrets that are not a list',
      { secret: SECRET, previousSecrets: PREVIOUS as never },
      /previousSecrets must be an array/,
      1,
    ],
    [
      'a wrong maxAgeSeconds',
      { secret: SECRET, previousSecrets: [PREVIOUS], maxAgeSeconds: 1 },
      /maxAgeSeconds must be a whole number/,
      0, // checked before any secret is copied
    ],
    [
      'a wrong creationTimeFrom',
      { secret: SECRET, previousSecrets: [PREVIOUS], creationTimeFrom: 'clock' as never },
      /creationTimeFrom must be 'nonce'/,
      0,
    ],
  ])('refuses %s: every copy zeroed, the given bytes untouched', (_what, options, why, made) => {
    const given = [options.secret, ...(options.previousSecrets ?? [])];
    const before = given.map((bytes) =>
      bytes instanceof Uint8Array ? Uint8Array.from(bytes) : bytes,
    );
    const { copies, run } = resolving(options);
    expect(run).toThrow(TypeError);
    expect(run).toThrow(why);
    expect(copies.length).toBe(made * 2);
    for (const copy of copies) {
      expect(given).not.toContain(copy);
      expect(copy.every((byte) => byte === 0)).toBe(true);
    }
    expect(given).toEqual(before);
  });

  it('copied the secrets it kept, and zeroed those copies once the nonces held their own', () => {
    const { copies, run } = resolving({ secret: SECRET, previousSecrets: [PREVIOUS] });
    expect(run()).toBeDefined();
    expect(copies.length).toBe(2);
    for (const copy of copies) expect(copy.every((byte) => byte === 0)).toBe(true);
    expect(SECRET.some((byte) => byte !== 0)).toBe(true);
  });
});
