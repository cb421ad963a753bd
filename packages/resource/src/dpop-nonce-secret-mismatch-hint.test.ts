import { beforeAll, expect, it } from 'vitest';
import {
  DPOP_HTU,
  dpopGuardInput,
  type ProofKey,
  proofFor,
  proofKey,
} from '../test/support/dpop-proof-kit.js';
import { keycloakGuardOptions } from '../test/support/keycloak-guard-options.js';
import { accessToken, createSigningKey, NOW, type SigningKey } from '../test/support/token-kit.js';
import { recordingLogger } from '../test/support/vendor-scenario.js';
import { createDualAuthGuard } from './dual-auth-guard.js';

// Two processes of one API behind one URL, each given its own dpop.nonce.secret (session 33,
// wave33/twoproc2): each refuses the other's nonce, and behind round robin every call failed after
// its one retry, logged as a nonce "this API did not issue" and nothing more. The operator's hint
// now names the setting; the client is told no more than before (no word of the configuration).

let idpKey: SigningKey;
let key: ProofKey;
let token: string;
beforeAll(async () => {
  idpKey = await createSigningKey('idp-1');
  key = await proofKey();
  token = await accessToken('keycloak', idpKey, { cnf: { jkt: key.jkt } });
});

function processWith(secret: Uint8Array) {
  const logger = recordingLogger();
  const guard = createDualAuthGuard({
    ...keycloakGuardOptions(idpKey.publicJwk),
    clock: { now: () => NOW },
    dpop: { nonce: { secret, maxAgeSeconds: 300 } },
    logger,
  });
  return { guard, logger };
}

const proof = (claims: Record<string, unknown>) =>
  proofFor(key, token, { iat: Math.floor(NOW / 1000), ...claims }, { jwk: key.jwk });
const call = (proofJwt: string) =>
  dpopGuardInput(DPOP_HTU, token, proofJwt, { authorization: `DPoP ${token}` });
const hintsOf = (logger: ReturnType<typeof recordingLogger>) =>
  logger.events.filter((entry) => entry.event === 'dual_auth_refusal_hint');

it("logs that processes behind one URL must share dpop.nonce.secret when a nonce is another secret's", async () => {
  const a = processWith(crypto.getRandomValues(new Uint8Array(32)));
  const b = processWith(crypto.getRandomValues(new Uint8Array(32)));
  const asked = await a.guard.check(call(await proof({})));
  if (asked.decision !== 'DENY') throw new Error('admitted without a nonce');
  const nonceOfA = asked.headers['dpop-nonce'] as string;

  // Round robin: the retry with A's nonce reaches B.
  const refused = await b.guard.check(call(await proof({ nonce: nonceOfA })));
  expect(refused).toMatchObject({
    decision: 'DENY',
    status: 401,
    body: { error: 'use_dpop_nonce' },
    audit: { reason: 'dpop_proof.malformed' },
  });
  if (refused.decision !== 'DENY') return;
  expect(hintsOf(b.logger)).toEqual([
    {
      level: 'warn',
      event: 'dual_auth_refusal_hint',
      fields: {
        reason: 'dpop_proof.malformed',
        hint: expect.stringMatching(/processes behind one URL must share dpop\.nonce\.secret/),
      },
    },
  ]);
  // The client hears what it did before: nothing of this API's configuration.
  expect(refused.body.error_description).toBe(
    `DPoP proof carries a "nonce" this API did not issue: make a new proof with this answer's DPoP-Nonce`,
  );
  expect(JSON.stringify(refused.headers)).not.toMatch(/secret|process/);
});

it('gives no such hint for a nonce that is not of the form this API issues', async () => {
  const b = processWith(crypto.getRandomValues(new Uint8Array(32)));
  const refused = await b.guard.check(call(await proof({ nonce: 'not-a-nonce' })));
  expect(refused).toMatchObject({ decision: 'DENY', audit: { reason: 'dpop_proof.malformed' } });
  expect(hintsOf(b.logger)).toEqual([]);
});
