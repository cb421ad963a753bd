import { ActVerificationError } from '@dual-auth/core';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../test/counting-adapter.js';
import { testKeyPair } from '../../test/keys.js';
import { HybridSender } from '../hybrid-sender.js';
import { ActJwtVerifier } from './act-jwt-verifier.js';

const AUD = 'https://agent.example.com/invoke';
const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

let token: string;
let verifier: ActJwtVerifier;

beforeAll(async () => {
  const pair = await testKeyPair('RS256');
  const clock = new ManualClock();
  const sender = new HybridSender({ privateKey: pair.privateKey, clock, includeEmail: true });
  token = await sender.prepareOutOfSessionAct({
    act: { sub: 'u-1', email: 'alice@example.com' },
    agentEndpoint: AUD,
  });
  verifier = new ActJwtVerifier({ publicKey: pair.publicKey, expectedAudience: AUD, clock });
});

/** Resolves the refusal reason, or 'accepted'; anything but an ActVerificationError fails. */
async function outcome(candidate: string): Promise<string> {
  try {
    await verifier.verify(candidate);
    return 'accepted';
  } catch (error) {
    expect(ActVerificationError.isInstance(error)).toBe(true);
    return (error as ActVerificationError).reason;
  }
}

const mutation = fc.oneof(
  fc.record({
    kind: fc.constant('replace' as const),
    at: fc.nat(),
    char: fc.constantFrom(...BASE64URL, '.', '=', '+', '/', ' '),
  }),
  fc.record({
    kind: fc.constant('insert' as const),
    at: fc.nat(),
    char: fc.constantFrom(...BASE64URL, '.'),
  }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), char: fc.constant('') }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat(), char: fc.constant('') }),
  fc.record({
    kind: fc.constant('bitflip' as const),
    at: fc.nat(),
    char: fc.nat({ max: 5 }).map(String),
  }),
);

function mutate(original: string, m: { kind: string; at: number; char: string }): string {
  const at = m.at % original.length;
  switch (m.kind) {
    case 'replace':
      return original.slice(0, at) + m.char + original.slice(at + 1);
    case 'insert':
      return original.slice(0, at) + m.char + original.slice(at);
    case 'delete':
      return original.slice(0, at) + original.slice(at + 1);
    case 'truncate':
      return original.slice(0, at);
    default: {
      // Flip one bit of the base64url value of one character (a change a lenient decoder may hide).
      const index = BASE64URL.indexOf(original[at] ?? '');
      if (index < 0) return original.slice(0, at) + original.slice(at + 1);
      const flipped = BASE64URL[index ^ (1 << Number(m.char))] ?? 'A';
      return original.slice(0, at) + flipped + original.slice(at + 1);
    }
  }
}

describe('ActJwtVerifier properties', () => {
  it('a mutation of a valid token never verifies', async () => {
    await fc.assert(
      fc.asyncProperty(mutation, async (m) => {
        const mutated = mutate(token, m);
        fc.pre(mutated !== token);
        expect(await outcome(mutated)).not.toBe('accepted');
      }),
      { numRuns: 600 },
    );
  });

  it('arbitrary input is refused with an ActVerificationError, never a crash', async () => {
    const dotted = fc
      .array(fc.string({ unit: fc.constantFrom(...BASE64URL) }), { minLength: 1, maxLength: 4 })
      .map((parts) => parts.join('.'));
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.string(), dotted, fc.string({ unit: 'binary' })),
        async (input) => {
          expect(await outcome(input)).not.toBe('accepted');
        },
      ),
      { numRuns: 400 },
    );
  });

  it('the valid token itself verifies (the property is not vacuous)', async () => {
    const fresh = new ActJwtVerifier({
      publicKey: (await testKeyPair('RS256')).publicKey,
      expectedAudience: AUD,
    });
    expect(await fresh.verify(token).catch((e: ActVerificationError) => e.reason)).toBe(
      'bad_signature',
    );
    expect(await outcome(token)).toBe('accepted');
  });
});
