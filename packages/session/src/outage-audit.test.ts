import { ActVerificationError, StoreUnavailableError } from '@dual-auth/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { CountingAdapter, ManualClock, recordingLogger } from '../test/counting-adapter.js';
import { type TestKeyPair, testKeyPair } from '../test/keys.js';
import { AGENT_ENDPOINT } from '../test/out-of-session-setup.js';
import { HybridSender } from './hybrid-sender.js';
import { OutOfSessionTokenRequest } from './out-of-session-token-request.js';
import { auditTokenRequest } from './token-audit.js';

// Journey 11: a Redis (replay store) outage was audited `failed_side: "human"`, so dashboards
// showed human denials during an outage. The resource audits an outage on `credentials`; the
// session's records now say the same. The store below stands in for Redis not answering (what
// store-redis throws then); store-redis's own tests drive a real redis-server down.

let app: TestKeyPair;
beforeAll(async () => {
  app = await testKeyPair('RS256');
});

function auditOf(logger: ReturnType<typeof recordingLogger>) {
  return logger.events.find((e) => e.event === 'dual_auth_decision')?.fields;
}

describe('session audit records of an outage', () => {
  it('a replay store that does not answer: DENY on the credentials, as the resource says', async () => {
    const clock = new ManualClock();
    const logger = recordingLogger();
    const outOfSession = new OutOfSessionTokenRequest({
      adapter: new CountingAdapter({ now: () => clock.now() }),
      publicKey: app.publicPem,
      expectedAudience: AGENT_ENDPOINT,
      clock,
      logger,
      replayStore: {
        claim: () => Promise.reject(new StoreUnavailableError('claim', 'Redis did not answer')),
      },
    });
    const sender = new HybridSender({ privateKey: app.privatePem, clock });
    const actJwt = await sender.prepareOutOfSessionAct({
      act: { sub: 'u-1' },
      agentEndpoint: AGENT_ENDPOINT,
    });
    const error = await outOfSession
      .requestTokenFromJwt({ actJwt, agentId: 'finance-agent', scope: ['finance.read'] })
      .catch((e: unknown) => e);
    expect((error as ActVerificationError).reason).toBe('replay_store_unavailable');
    expect(auditOf(logger)).toMatchObject({
      decision: 'DENY',
      reason: 'act_jwt.replay_store_unavailable',
      failed_side: 'credentials',
    });
  });

  it('key_unavailable is an outage too; a refused act JWT stays the human side', () => {
    const cases = [
      ['key_unavailable', 'credentials'],
      ['replay_store_unavailable', 'credentials'],
      ['cutoff_store_unavailable', 'credentials'],
      ['replayed', 'human'],
      ['bad_signature', 'human'],
    ] as const;
    for (const [reason, side] of cases) {
      const logger = recordingLogger();
      const error = new ActVerificationError({ reason, message: 'Act JWT refused' });
      auditTokenRequest(logger, { agentId: 'finance-agent', scope: [] }, error);
      expect(auditOf(logger)).toMatchObject({ reason: `act_jwt.${reason}`, failed_side: side });
    }
  });
});
