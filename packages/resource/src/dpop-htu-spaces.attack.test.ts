import { describe, expect, it } from 'vitest';
import { dpopFixture, dpopGuard, proofFor } from '../test/support/dpop-fixture.js';
import { hasDotSegments } from './dpop-htu.js';

// An attacker's proof may hold any `htu` it likes, read before anything is verified. Trimming the
// spaces and controls at its end with an unanchored /[\x00-\x20]+$/ tries every run of spaces
// from each of its characters: quadratic, ~90 ms of blocked event loop for one 8 KiB proof whose
// htu has 5 700 spaces inside, and the proof, refused, is never claimed, so it can be sent again
// and again. The read must stay linear in the htu's length.

// Quadratic, each of these takes about 40 s (440 times the 5 700 spaces above); linear, milliseconds.
const SPACES = 120_000;

describe('a DPoP proof whose htu is long runs of spaces', () => {
  it.each([
    ['inside the path', `https://api.example.com/${' '.repeat(SPACES)}x`],
    ['before a dot segment', `https://api.example.com/${' '.repeat(SPACES)}/../x`],
    ['of controls inside the path', `https://api.example.com/${'\x01'.repeat(SPACES)}x`],
    ['everywhere but the scheme', `https:${' \t'.repeat(SPACES / 2)}x`],
  ])('reads one %s in linear time', { timeout: 10_000 }, (_what, htu) => {
    expect(hasDotSegments(htu)).toBe(htu.includes('/../'));
  });

  it('still finds a dot segment behind leading and trailing spaces and controls', () => {
    expect(hasDotSegments(' \x01https://api.example.com/a/../b\x00 \n')).toBe(true);
    expect(hasDotSegments('\t https://api.example.com/a/%2e%2E/b  ')).toBe(true);
    expect(hasDotSegments(' https://api.example.com/a/b/  ')).toBe(false);
    expect(hasDotSegments(' '.repeat(10))).toBe(false);
  });

  it('refuses the 8 KiB proof of such an htu as not written as a URI', async () => {
    const fixture = await dpopFixture();
    const guard = dpopGuard(fixture.idpKey);
    const htu = `https://api.example.com/${' '.repeat(5_700)}x`;
    const proof = await proofFor(fixture.key, fixture.token, { htu });
    expect(proof.length).toBeLessThanOrEqual(8192);
    const decision = await guard.check(fixture.input(proof));
    expect(decision).toMatchObject({ decision: 'DENY', status: 401 });
    expect(decision.audit.reason).toBe('dpop_proof.malformed');
  });
});
