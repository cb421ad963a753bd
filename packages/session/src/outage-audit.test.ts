import { ActVerificationError, StoreUnavailableError } from '@dual-auth/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { CountingAdapter, ManualClock, recordingLogger } from '../test/counting-adapter.js';
import { type TestKeyPair, testKeyPair } from '../test/keys.js';
import { AGENT_ENDPOINT } from '../test/out-of-session-setup.js';
import { HybridSender } from './hybrid-sender.js';
import {
  OutOfSessionTokenRequest,
  type OutOfSessionTokenRequestOptions,
} from './out-of-session-token-request.js';
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

// An out-of-session request for an act JWT naming `sub`, signed by `signer` (default: the
// key the request trusts), `times` times; resolves its logger and what each attempt threw.
async function requestFor(
  sub: string,
  options: Partial<OutOfSessionTokenRequestOptions> = {},
  signer: TestKeyPair = app,
  times = 1,
) {
  const clock = new ManualClock();
  const logger = recordingLogger();
  const outOfSession = new OutOfSessionTokenRequest({
    adapter: new CountingAdapter({ now: () => clock.now() }),
    publicKey: app.publicPem,
    expectedAudience: AGENT_ENDPOINT,
    clock,
    logger,
    ...options,
  });
  const sender = new HybridSender({ privateKey: signer.privatePem, clock });
  const actJwt = await sender.prepareOutOfSessionAct({
    act: { sub },
    agentEndpoint: AGENT_ENDPOINT,
  });
  const request = { actJwt, agentId: 'finance-agent', scope: ['finance.read'] };
  const errors: unknown[] = [];
  for (let i = 0; i < times; i += 1) {
    await outOfSession.requestTokenFromJwt(request).catch((error: unknown) => errors.push(error));
  }
  return { logger, errors };
}

describe('session audit records of an outage', () => {
  it('a replay store that does not answer: DENY on the credentials, as the resource says', async () => {
    const { logger, errors } = await requestFor('u-1', {
      replayStore: {
        claim: () => Promise.reject(new StoreUnavailableError('claim', 'Redis did not answer')),
      },
    });
    const [error] = errors;
    expect((error as ActVerificationError).reason).toBe('replay_store_unavailable');
    expect(auditOf(logger)).toMatchObject({
      decision: 'DENY',
      reason: 'act_jwt.replay_store_unavailable',
      failed_side: 'credentials',
    });
  });

  // The act JWT's signature verified before its cut-off read and its replay claim: a refusal from
  // those steps names the human it verified for (an IAM id; an email-shaped one as a digest), and
  // says `identities: "verified"`; one before the signature verified names no human and says so.
  describe('names the human of an act JWT whose signature verified, and only then', () => {
    const down = (): Promise<never> =>
      Promise.reject(new StoreUnavailableError('claim', 'Redis did not answer'));
    const cases: [string, Partial<OutOfSessionTokenRequestOptions>, string][] = [
      ['the replay store down', { replayStore: { claim: down } }, 'replay_store_unavailable'],
      [
        'the cut-off store down',
        { cutoffStore: { endDelegation: async () => undefined, cutoffOf: down } },
        'cutoff_store_unavailable',
      ],
    ];
    for (const [name, options, reason] of cases) {
      it(`${name}: act_jwt.${reason} names the verified human, never the email`, async () => {
        const audit = auditOf((await requestFor('alice@corp.example', options)).logger);
        expect(audit).toMatchObject({
          decision: 'DENY',
          reason: `act_jwt.${reason}`,
          agent_id: 'finance-agent',
          human_id: expect.stringMatching(/^sha256:[0-9a-f]{32}$/),
          identities: 'verified',
        });
        expect(JSON.stringify(audit)).not.toContain('alice');
      });
    }

    it('a replayed act JWT names the human it verified for', async () => {
      const { logger } = await requestFor('u-1', {}, app, 2);
      const records = logger.events.filter((e) => e.event === 'dual_auth_decision');
      expect(records.map((e) => e.fields)).toMatchObject([
        { decision: 'ALLOW', human_id: 'u-1', identities: 'verified' },
        { decision: 'DENY', reason: 'act_jwt.replayed', human_id: 'u-1', identities: 'verified' },
      ]);
    });

    it('an act JWT signed by another key names no human and says unverified', async () => {
      const { logger } = await requestFor('u-1', {}, await testKeyPair('RS256'));
      expect(auditOf(logger)).toMatchObject({
        decision: 'DENY',
        failed_side: 'human',
        human_id: null,
        identities: 'unverified',
      });
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
