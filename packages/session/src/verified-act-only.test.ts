import { type Act, ActVerificationError } from '@dual-auth/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { recordingLogger } from '../test/counting-adapter.js';
import { type TestKeyPair, testKeyPair } from '../test/keys.js';
import { AGENT_ENDPOINT as AGENT, outOfSessionSetup } from '../test/out-of-session-setup.js';
import { createActContext, currentAct, runWithAct } from './context/act-context.js';
import { OutOfSessionTokenRequest } from './out-of-session-token-request.js';

let app: TestKeyPair;
beforeAll(async () => {
  app = await testKeyPair('RS256');
});

// An agent whose log is recorded, and an act its own receiveAndVerifyActJwt returned.
async function verifiedSetup(ttlSeconds?: number) {
  const logger = recordingLogger();
  const setup = outOfSessionSetup(app, { logger });
  const actJwt = await setup.sender.prepareOutOfSessionAct({
    act: { sub: 'u-1', oid: 'oid-1' },
    agentEndpoint: AGENT,
    ...(ttlSeconds === undefined ? {} : { ttlSeconds }),
  });
  const verified = await setup.outOfSession.receiveAndVerifyActJwt(actJwt);
  return { ...setup, logger, verified };
}

const denials = (logger: ReturnType<typeof recordingLogger>) =>
  logger.events
    .filter((e) => e.event === 'dual_auth_decision' && e.fields?.decision === 'DENY')
    .map((e) => e.fields);

describe('OutOfSessionTokenRequest takes only the acts its own verification returned', () => {
  it('refuses a hand-built act with invalid_act and a DENY audit record, before any IdP request', async () => {
    const { adapter, outOfSession, logger } = await verifiedSetup();
    const forged: Act = { sub: 'u-1', oid: 'oid-1' };
    const refused = await outOfSession
      .requestToken({ agentId: 'agent', act: forged, scope: ['s'] })
      .catch((e: unknown) => e);
    expect(ActVerificationError.isInstance(refused)).toBe(true);
    expect(refused).toMatchObject({ reason: 'invalid_act', claim: 'act' });
    expect((refused as Error).message).toContain('receiveAndVerifyActJwt');
    expect(() =>
      outOfSession.tokenProvider({ agentId: 'agent', act: forged, scope: ['s'] }),
    ).toThrow(expect.objectContaining({ reason: 'invalid_act' }));
    expect(adapter.calls).toBe(0);
    const audits = denials(logger);
    expect(audits).toHaveLength(2);
    for (const audit of audits) {
      expect(audit).toMatchObject({
        reason: 'act_jwt.invalid_act',
        failed_side: 'human',
        agent_id: 'agent',
        identities: 'unverified',
      });
      // The human of an act nobody verified is not proven: the record does not name it.
      expect(JSON.stringify(audit)).not.toContain('u-1');
    }
  });

  it('refuses a copy of a verified act, and an act another instance verified', async () => {
    const { adapter, outOfSession, sender, verified, clock } = await verifiedSetup();
    const copy = { ...verified };
    await expect(
      outOfSession.requestToken({ agentId: 'agent', act: copy, scope: ['s'] }),
    ).rejects.toMatchObject({ reason: 'invalid_act' });
    const other = new OutOfSessionTokenRequest({
      adapter,
      publicKey: app.publicPem,
      expectedAudience: AGENT,
      clock,
    });
    const otherAct = await other.receiveAndVerifyActJwt(
      await sender.prepareOutOfSessionAct({ act: { sub: 'u-2' }, agentEndpoint: AGENT }),
    );
    await expect(
      outOfSession.requestToken({ agentId: 'agent', act: otherAct, scope: ['s'] }),
    ).rejects.toMatchObject({ reason: 'invalid_act' });
    expect(() =>
      outOfSession.tokenProvider({ agentId: 'agent', act: otherAct, scope: ['s'] }),
    ).toThrow(ActVerificationError);
    expect(adapter.calls).toBe(0);
    // The instance that verified it takes it.
    const token = await other.requestToken({ agentId: 'agent', act: otherAct, scope: ['s'] });
    expect(token.accessToken).toBe('at:agent:u-2:1');
  });

  it('hands out the verified act deep-frozen, and takes that very object', async () => {
    const { adapter, outOfSession, verified } = await verifiedSetup();
    expect(Object.isFrozen(verified)).toBe(true);
    expect(() => {
      (verified as { sub: string }).sub = 'u-9';
    }).toThrow(TypeError);
    const token = await outOfSession.requestToken({
      agentId: 'agent',
      act: verified,
      scope: ['s'],
    });
    expect(token.accessToken).toBe('at:agent:u-1:1');
    const provider = outOfSession.tokenProvider({ agentId: 'agent', act: verified, scope: ['t'] });
    expect((await provider.getToken({})).accessToken).toBe('at:agent:u-1:2');
    expect(adapter.requests.map((r) => r.act.sub)).toEqual(['u-1', 'u-1']);
  });

  it('refuses a verified act once its act JWT has expired (expired, audited, no IdP request)', async () => {
    const { adapter, outOfSession, verified, clock, logger } = await verifiedSetup(60);
    const provider = outOfSession.tokenProvider({ agentId: 'agent', act: verified, scope: ['s'] });
    clock.advance(60);
    await expect(
      outOfSession.requestToken({ agentId: 'agent', act: verified, scope: ['s'] }),
    ).rejects.toMatchObject({ reason: 'expired', claim: 'exp' });
    expect(() =>
      outOfSession.tokenProvider({ agentId: 'agent', act: verified, scope: ['s'] }),
    ).toThrow(expect.objectContaining({ reason: 'expired' }));
    // A provider made earlier ends with the act JWT too.
    await expect(provider.getToken({})).rejects.toMatchObject({ reason: 'expired' });
    expect(adapter.calls).toBe(0);
    expect(denials(logger)[0]).toMatchObject({
      reason: 'act_jwt.expired',
      identities: 'verified',
    });
  });
});

describe('runWithAct keeps the verified act', () => {
  it('hands the very verified object to the chain, so a tool deep in it gets a token', async () => {
    const { adapter, outOfSession, verified } = await verifiedSetup();
    const tool = async () => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      const act = currentAct();
      if (act === undefined) throw new Error('no human');
      return outOfSession.requestToken({ agentId: 'agent', act, scope: ['s'] });
    };
    const token = await runWithAct(verified, tool);
    expect(token.accessToken).toBe('at:agent:u-1:1');
    const context = createActContext();
    expect(context.run(verified, () => context.current())).toBe(verified);
    // A plain act is still copied and frozen, and stays refused by the out-of-session agent.
    const plain = { sub: 'u-1' };
    const held = runWithAct(plain, () => currentAct());
    expect(held).not.toBe(plain);
    expect(Object.isFrozen(held)).toBe(true);
    await expect(runWithAct(plain, tool)).rejects.toMatchObject({ reason: 'invalid_act' });
    expect(adapter.calls).toBe(1);
  });
});
