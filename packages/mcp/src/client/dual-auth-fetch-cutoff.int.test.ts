import { oauthPlugin, oauthTokenProfile } from '@dual-auth/adapter-oauth';
import {
  ActVerificationError,
  createAdapter,
  InMemoryDelegationCutoffStore,
} from '@dual-auth/core';
import { endDelegation, HybridSender, OutOfSessionTokenRequest } from '@dual-auth/session';
import { type LocalIdp, startLocalIdp } from '@dual-auth/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startCutoffBalanceApi } from '../../test/support/cutoff-balance-api.js';
import { dualAuthFetch } from './dual-auth-fetch.js';

let idp: LocalIdp;
beforeAll(async () => {
  idp = await startLocalIdp({ vendor: 'oauth' });
}, 60_000);
afterAll(() => idp?.close());

it("after endDelegation, the API's 401 is not turned into a renewed, served call: the renewal is refused (revoked)", async () => {
  // One cut-off store shared by the agent and the API, as `endDelegation` documents.
  const cutoffStore = new InMemoryDelegationCutoffStore();
  const { api, statuses } = await startCutoffBalanceApi(idp, {
    profile: oauthTokenProfile,
    cutoffStore,
  });
  try {
    const adapter = await createAdapter(undefined, {
      env: idp.env('finance-agent'),
      plugins: [oauthPlugin],
      fetch: idp.fetch,
    });
    const outOfSession = new OutOfSessionTokenRequest({
      adapter,
      publicKey: idp.app.publicKeyPem,
      expectedAudience: 'https://agent.example/invoke',
      cutoffStore,
    });
    const sender = new HybridSender({ privateKey: idp.app.privateKeyPem });
    const human = [...idp.humans.values()][0]?.sub ?? '';
    const actJwt = await sender.prepareOutOfSessionAct({
      act: { sub: human },
      agentEndpoint: 'https://agent.example/invoke',
    });
    const tokenProvider = await outOfSession.tokenProviderFromJwt({
      actJwt,
      agentId: 'finance-agent',
      scope: ['finance.read'],
    });
    // The human logs out while the agent's call is on its way: the token got from the provider
    // before the cut-off reaches the API after it (401), which is what starts a renewal.
    let endWhileSending = false;
    const fetch: typeof globalThis.fetch = async (input, init) => {
      if (endWhileSending) {
        endWhileSending = false;
        await endDelegation({ human, cutoffStore });
      }
      return api.fetch(input, init);
    };
    const call = dualAuthFetch({
      resourceMetadata: 'off',
      origin: new URL(api.url),
      tokenProvider,
      fetch,
    });
    expect((await call(`${api.url}/api/balance`)).status).toBe(200);

    endWhileSending = true;
    const outcome = () =>
      call(`${api.url}/api/balance`).then(
        (response) => `HTTP ${response.status}`,
        (error: unknown) => (ActVerificationError.isInstance(error) ? error.reason : String(error)),
      );
    const renewed = await outcome();
    const next = await outcome();

    expect(renewed).toBe('revoked');
    expect(next).toBe('revoked');
    expect(statuses).toEqual([200, 401]);
  } finally {
    await api.close();
  }
}, 30_000);
