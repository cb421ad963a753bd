import { refuseJwt } from '@dual-auth/core/jwt';
import { accessTokenDigest } from './access-token-digest.js';
import { claimFirstUse } from './claim-first-use.js';
import type { ResolvedDpop } from './dpop-options.js';
import type { DualSubject } from './dual-subject.js';
import { DualSubjectVerificationError } from './dual-subject-verification-error.js';
import { withVerifiedHuman } from './verified-human-of-refusal.js';
import type { VerifiedDpopProof } from './verify-dpop-proof.js';

const LABEL = 'DPoP proof';
// Its own namespace in a store shared with act assertions; a digest, so any jti fits a store
// that takes at most 256 characters (RedisReplayStore).
const PREFIX = 'dpop-proof-sha256:';
// Names an agent's share of proofs carrying a nonce after its client id.
const NONCE_SHARE = '\u0000dpop-nonce';

async function claim(
  proof: VerifiedDpopProof,
  agentId: string,
  dpop: ResolvedDpop,
  toleranceSeconds: number,
  signal: AbortSignal | undefined,
): Promise<void> {
  const first = await claimFirstUse(
    LABEL,
    dpop.replayStore,
    // RFC 9449 §11.1: a jti is unique per key; two keys may pick the same one.
    `${PREFIX}${await accessTokenDigest(JSON.stringify([proof.jkt, proof.jti]))}`,
    // Past this the proof is refused as too old anyway (by its iat or its nonce); the tolerance
    // once more, as another instance's clock may be behind ours.
    (proof.acceptedUntilSeconds + toleranceSeconds) * 1000,
    // Each agent counts against its own share of a bounded store, as act assertions do; its
    // proofs with a nonce against another: a guard without dpop.nonce keeps those a day, and in
    // one share they would crowd out (and get refused) the 90-second ones of proofs without.
    // Both are functions of the signed proof, so a replay names the share of its first claim.
    // Joined with NUL, which no client id holds (requiredClientIdOf refuses control characters):
    // no other agent's id is the name of this agent's nonce share.
    { partition: proof.carriesNonce ? `${agentId}${NONCE_SHARE}` : agentId },
    signal,
  );
  if (!first) {
    refuseJwt(
      LABEL,
      'replayed',
      'was already used (replayed "jti"): make a new proof, with a new "jti", for each request (RFC 9449 section 11.1)',
      { claim: 'jti' },
    );
  }
}

/**
 * Claims a verified proof's `jti` (with its key's thumbprint) in the replay store, once the access
 * token it came with verified and is bound to its key: unauthenticated requests never fill the
 * store. A second use is refused `dpop_proof.replayed` (RFC 9449 §11.1); a store that does not
 * answer gives `dpop_proof.replay_store_unavailable` (503). Either is marked with `subject`'s
 * agent and human for its audit record: the token and the proof verified, only the replay failed
 * or is undecided.
 *
 * @throws DualSubjectVerificationError for credential `dpop_proof`.
 */
export async function claimDpopProof(
  proof: VerifiedDpopProof,
  subject: DualSubject,
  dpop: ResolvedDpop,
  toleranceSeconds: number,
  signal: AbortSignal | undefined,
): Promise<void> {
  try {
    await DualSubjectVerificationError.refusing('dpop_proof', () =>
      claim(proof, subject.agent.id, dpop, toleranceSeconds, signal),
    );
  } catch (error) {
    // The token and the proof verified before the claim: its refusal (replayed, the store down)
    // names them.
    if (DualSubjectVerificationError.isInstance(error)) {
      throw withVerifiedHuman(error, subject.human, subject.agent.id);
    }
    throw error;
  }
}
