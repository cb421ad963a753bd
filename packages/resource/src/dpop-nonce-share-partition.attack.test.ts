import { InMemoryReplayStore, type ReplayClaimOptions } from '@dual-auth/core';
import { describe, expect, it } from 'vitest';
import { DPOP_HTU, dpopGuardInput, proofFor, proofKey } from '../test/support/dpop-proof-kit.js';
import { keycloakGuardOptions } from '../test/support/keycloak-guard-options.js';
import { accessToken, createSigningKey, NOW, NOW_S } from '../test/support/token-kit.js';
import { createDualAuthGuard } from './dual-auth-guard.js';
import { agentIn } from './subject-checks.js';

// The share a nonce-carrying proof counts against was JSON.stringify([agentId, 'dpop-nonce']): an
// agent whose client id is literally ["victim","dpop-nonce"] counted its proofs without a nonce
// against the victim's nonce share, and flooding it could get the victim's fresh proofs refused.

const VICTIM = 'victim';
const ATTACKER = JSON.stringify([VICTIM, 'dpop-nonce']);

const idpKey = await createSigningKey('idp-1');

async function agentSending(agentId: string) {
  const key = await proofKey();
  const token = await accessToken('keycloak', idpKey, {
    azp: agentId,
    preferred_username: `service-account-${agentId}`,
    cnf: { jkt: key.jkt },
  });
  return { key, token };
}

describe('the share of an agent’s nonce-carrying DPoP proofs', () => {
  it('is no other agent’s share, whatever client id that agent has', async () => {
    const clock = { ms: NOW, now: () => clock.ms };
    const claims: { agent: string; partition: string | undefined }[] = [];
    let agent = '';
    const memory = new InMemoryReplayStore({ clock });
    const replayStore = {
      claim(jti: string, expiresAt: number, options?: ReplayClaimOptions) {
        claims.push({ agent, partition: options?.partition });
        return memory.claim(jti, expiresAt, options);
      },
    };
    const guard = createDualAuthGuard({
      ...keycloakGuardOptions(idpKey.publicJwk),
      agentAllowed: agentIn([VICTIM, ATTACKER]),
      clock,
      dpop: { replayStore },
    });
    const victim = await agentSending(VICTIM);
    const attacker = await agentSending(ATTACKER);
    for (const [name, sender, nonce] of [
      [VICTIM, victim, 'nonce-of-another-instance'],
      [VICTIM, victim, undefined],
      [ATTACKER, attacker, undefined],
      [ATTACKER, attacker, 'nonce-of-another-instance'],
    ] as const) {
      agent = name;
      const proof = await proofFor(sender.key, sender.token, {
        iat: NOW_S,
        ...(nonce === undefined ? {} : { nonce }),
      });
      expect((await guard.check(dpopGuardInput(DPOP_HTU, sender.token, proof))).decision).toBe(
        'ALLOW',
      );
    }
    expect(claims).toHaveLength(4);
    const victims = new Set(claims.filter((c) => c.agent === VICTIM).map((c) => c.partition));
    const attackers = claims.filter((c) => c.agent === ATTACKER).map((c) => c.partition);
    expect(victims.size).toBe(2);
    for (const partition of attackers) expect(victims.has(partition)).toBe(false);
  });
});
