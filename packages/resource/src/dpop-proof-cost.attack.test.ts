import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { dpopFixture, dpopGuard, NOW_S, proofFor } from '../test/support/dpop-fixture.js';

// An attacker without any valid credential makes one DPoP proof with a key of its own and sends
// it again and again: a proof for another URL or method, one too old, or one made for another
// token. It is never claimed in the replay store (only a proof of a verified token is), so the
// same bytes can be sent without end. Whatever the proof claims is readable without its key:
// each such request must be refused before the proof's key is imported and its signature
// verified, or every one of them costs the API a public-key operation the attacker never paid.

const fixture = await dpopFixture();
const guard = dpopGuard(fixture.idpKey);

describe('a DPoP proof refused by its claims costs no key import nor signature check', () => {
  // No key imported, no signature checked: the proof's signature is verified with its imported key.
  let imports: ReturnType<typeof vi.spyOn>;

  beforeEach(async () => {
    // The IdP's key imported once, as on the first request of a real API.
    expect((await guard.check(fixture.input(await fixture.proof()))).decision).toBe('ALLOW');
    imports = vi.spyOn(crypto.subtle, 'importKey');
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it.each([
    ['another URL', { htu: 'https://api.example.com/api/other' }, /^dpop_proof\.binding_mismatch$/],
    ['another method', { htm: 'POST' }, /^dpop_proof\.binding_mismatch$/],
    ['another token', { ath: 'x'.repeat(43) }, /^dpop_proof\.binding_mismatch$/],
    ['an old iat', { iat: NOW_S - 3600 }, /^dpop_proof\.expired$/],
    ['an iat in the future', { iat: NOW_S + 3600 }, /^dpop_proof\.issued_in_future$/],
    ['no jti', { jti: undefined }, /^dpop_proof\.missing_claim$/],
  ])('sent 20 times with %s', async (_what, claims, reason) => {
    const proof = await proofFor(fixture.key, fixture.token, claims);
    for (let sent = 0; sent < 20; sent += 1) {
      const decision = await guard.check(fixture.input(proof));
      expect(decision).toMatchObject({ decision: 'DENY', status: 401 });
      expect(decision.audit.reason).toMatch(reason);
    }
    expect(imports).not.toHaveBeenCalled();
  });

  it('still verifies the signature of a proof whose claims hold (a forged one is refused)', async () => {
    const proof = await fixture.proof();
    const [head, payload] = proof.split('.');
    const forged = `${head}.${payload}.${'A'.repeat(86)}`;
    const decision = await guard.check(fixture.input(forged));
    expect(decision.audit.reason).toBe('dpop_proof.bad_signature');
    expect(imports).toHaveBeenCalledTimes(1);
  });
});
