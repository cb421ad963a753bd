import { beforeAll, describe, expect, it } from 'vitest';
import { recordingLogger } from '../test/counting-adapter.js';
import { type TestKeyPair, testKeyPair } from '../test/keys.js';
import { AGENT_ENDPOINT as AGENT, outOfSessionSetup } from '../test/out-of-session-setup.js';

let app: TestKeyPair;
beforeAll(async () => {
  app = await testKeyPair('RS256');
});

async function verifiedSetup() {
  const logger = recordingLogger();
  const setup = outOfSessionSetup(app, { logger });
  const actJwt = await setup.sender.prepareOutOfSessionAct({
    act: { sub: 'u-1' },
    agentEndpoint: AGENT,
  });
  const verified = await setup.outOfSession.receiveAndVerifyActJwt(actJwt);
  return { ...setup, logger, verified };
}

// A request whose `act` is a getter: the verified act for the first `honestReads` reads, then a
// human nobody verified. The act checked must be the act the IdP is asked for.
function swappingRequest(verified: object, honestReads: number) {
  let reads = 0;
  return {
    agentId: 'agent',
    scope: ['s'],
    get act() {
      reads += 1;
      return reads <= honestReads ? verified : { sub: 'victim' };
    },
  };
}

describe('requestToken and tokenProvider read the request once (attack: swap the act after the check)', () => {
  it.each([1, 2, 3, 4, 5])(
    'requestToken asks the IdP for the verified human only, whichever read the swap follows (%i honest reads)',
    async (honestReads) => {
      const { adapter, outOfSession, verified, logger } = await verifiedSetup();
      await outOfSession
        .requestToken(swappingRequest(verified, honestReads) as never)
        .catch(() => undefined);
      for (const request of adapter.requests) expect(request.act.sub).toBe('u-1');
      expect(JSON.stringify(logger.events)).not.toContain('victim');
    },
  );

  it.each([1, 2, 3, 4, 5])(
    'tokenProvider gives tokens for the verified human only (%i honest reads)',
    async (honestReads) => {
      const { adapter, outOfSession, verified } = await verifiedSetup();
      let provider: ReturnType<typeof outOfSession.tokenProvider> | undefined;
      try {
        provider = outOfSession.tokenProvider(swappingRequest(verified, honestReads) as never);
      } catch {
        provider = undefined;
      }
      if (provider !== undefined) {
        expect(provider.identity?.humanId).toBe('u-1');
        await provider.getToken({ forceRefresh: false }).catch(() => undefined);
        await provider.getToken({ forceRefresh: true }).catch(() => undefined);
      }
      for (const request of adapter.requests) expect(request.act.sub).toBe('u-1');
    },
  );
});
