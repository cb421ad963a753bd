import { describe, expect, it } from 'vitest';
import { dpopFixture, dpopGuard, proofFor } from '../test/support/dpop-fixture.js';

// Claims are checked before the signature. A proof whose claims hold but whose signature does not
// (an eavesdropper's copy of a jti with its own bytes, a forged nonce-free proof) must still burn
// nothing: its jti stays free for the client who signs it, and it is refused as bad_signature.
describe('a DPoP proof with valid claims and a bad signature', () => {
  it('burns no jti: the genuine proof with that jti is accepted once, then refused as a replay', async () => {
    const fixture = await dpopFixture();
    const guard = dpopGuard(fixture.idpKey);
    const genuine = await proofFor(fixture.key, fixture.token, { jti: 'jti-forged-first' });
    const [head, payload] = genuine.split('.');
    const forged = `${head}.${payload}.${'A'.repeat(86)}`;
    for (let sent = 0; sent < 3; sent += 1) {
      const refused = await guard.check(fixture.input(forged));
      expect(refused).toMatchObject({ decision: 'DENY', status: 401 });
      expect(refused.audit.reason).toBe('dpop_proof.bad_signature');
    }
    expect((await guard.check(fixture.input(genuine))).decision).toBe('ALLOW');
    const replayed = await guard.check(fixture.input(genuine));
    expect(replayed.decision).toBe('DENY');
    expect(replayed.audit.reason).toMatch(/^dpop_proof\.replay/);
  });
});
