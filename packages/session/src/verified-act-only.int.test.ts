import { keycloakPlugin } from '@dual-auth/adapter-keycloak';
import {
  type Act,
  ActVerificationError,
  createAdapter,
  InMemoryDelegationCutoffStore,
} from '@dual-auth/core';
import { type LocalIdp, startLocalIdp } from '@dual-auth/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordingLogger } from '../test/counting-adapter.js';
import { endDelegation } from './end-delegation.js';
import { HybridSender } from './hybrid-sender.js';
import { OutOfSessionTokenRequest } from './out-of-session-token-request.js';
import { SingleFlightTokenCache } from './token-cache/single-flight-token-cache.js';

const AGENT = 'https://agent.example/invoke';
const SCOPE = ['finance.read'];

/** The rejection's `reason`, or `token` when a token was handed out. */
async function outcomeOf(pending: Promise<unknown>): Promise<string> {
  try {
    await pending;
    return 'token';
  } catch (error) {
    return ActVerificationError.isInstance(error) ? error.reason : String(error);
  }
}

describe('OutOfSessionTokenRequest asks the IdP only for acts it verified (local keycloak IdP)', () => {
  let idp: LocalIdp;
  let alice: string;
  beforeAll(async () => {
    idp = await startLocalIdp({ vendor: 'keycloak' });
    alice = [...idp.humans.values()][0]?.sub ?? '';
  }, 60_000);
  afterAll(() => idp?.close());

  /**
   * An agent whose IdP token requests are counted; `hold()` keeps the next one at the IdP's door
   * until `release()`, so a cut-off can land while it is in flight.
   */
  async function agentSetup() {
    let idpRequests = 0;
    let gate: { entered: () => void; open: Promise<void> } | undefined;
    const fetch: typeof globalThis.fetch = async (input, init) => {
      if (String(input) === idp.tokenUrl) {
        idpRequests += 1;
        const held = gate;
        gate = undefined;
        if (held !== undefined) {
          held.entered();
          await held.open;
        }
      }
      return idp.fetch(input, init);
    };
    const adapter = await createAdapter(undefined, {
      env: idp.env('finance-agent'),
      plugins: [keycloakPlugin],
      fetch,
    });
    const cache = new SingleFlightTokenCache();
    const cutoffStore = new InMemoryDelegationCutoffStore();
    const logger = recordingLogger();
    const outOfSession = new OutOfSessionTokenRequest({
      adapter,
      cache,
      logger,
      cutoffStore,
      publicKey: idp.app.publicKeyPem,
      expectedAudience: AGENT,
    });
    const sender = new HybridSender({ privateKey: idp.app.privateKeyPem });
    const verifiedActOf = async (sub: string) =>
      outOfSession.receiveAndVerifyActJwt(
        await sender.prepareOutOfSessionAct({ act: { sub }, agentEndpoint: AGENT }),
      );
    const hold = () => {
      let release!: () => void;
      let entered!: () => void;
      const inIdp = new Promise<void>((resolve) => {
        entered = resolve;
      });
      gate = { entered, open: new Promise<void>((resolve) => (release = resolve)) };
      return { inIdp, release };
    };
    const denials = () =>
      logger.events
        .filter((e) => e.event === 'dual_auth_decision' && e.fields?.decision === 'DENY')
        .map((e) => e.fields?.reason);
    return {
      outOfSession,
      cutoffStore,
      verifiedActOf,
      hold,
      denials,
      cachedFor: (sub: string) => cache.tokensOf(sub, adapter.id),
      idpRequests: () => idpRequests,
    };
  }

  it('makes no IdP request for a forged act, a copy of a verified one, or one another instance verified', async () => {
    const agent = await agentSetup();
    const forged: Act = { sub: alice };
    const verified = await agent.verifiedActOf(alice);
    const other = await agentSetup();
    const fromOther = await other.verifiedActOf(alice);

    for (const act of [forged, { ...verified }, fromOther]) {
      expect(
        await outcomeOf(
          agent.outOfSession.requestToken({ agentId: 'finance-agent', act, scope: SCOPE }),
        ),
      ).toBe('invalid_act');
      expect(() =>
        agent.outOfSession.tokenProvider({ agentId: 'finance-agent', act, scope: SCOPE }),
      ).toThrow(expect.objectContaining({ reason: 'invalid_act' }));
    }
    expect(agent.idpRequests()).toBe(0);
    expect(await agent.cachedFor(alice)).toEqual([]);
    expect(agent.denials()).toEqual(Array(6).fill('act_jwt.invalid_act'));

    // The very object this instance's verification returned gets a token from the IdP.
    const token = agent.outOfSession.requestToken({
      agentId: 'finance-agent',
      act: verified,
      scope: SCOPE,
    });
    expect(await outcomeOf(token)).toBe('token');
    expect(agent.idpRequests()).toBe(1);
  });

  it('gives no token, and caches none, when the delegation is ended while the IdP mints it', async () => {
    const agent = await agentSetup();
    const verified = await agent.verifiedActOf(alice);
    const { inIdp, release } = agent.hold();
    const pending = outcomeOf(
      agent.outOfSession.requestToken({ agentId: 'finance-agent', act: verified, scope: SCOPE }),
    );
    await inIdp;
    await endDelegation({ human: alice, cutoffStore: agent.cutoffStore });
    release();

    expect(await pending).toBe('revoked');
    expect(await agent.cachedFor(alice)).toEqual([]);
    expect(agent.idpRequests()).toBe(1);
    // Read again before the next IdP request: the ended delegation asks the IdP no more.
    expect(
      await outcomeOf(
        agent.outOfSession.requestToken({ agentId: 'finance-agent', act: verified, scope: SCOPE }),
      ),
    ).toBe('revoked');
    const provider = agent.outOfSession.tokenProvider({
      agentId: 'finance-agent',
      act: verified,
      scope: SCOPE,
    });
    expect(await outcomeOf(provider.getToken({ forceRefresh: true }))).toBe('revoked');
    expect(agent.idpRequests()).toBe(1);
  });
});
