import { entraIdPlugin } from '@dual-auth/adapter-entraid';
import {
  createAdapter,
  createDualSubjectToken,
  type DualSubjectToken,
  type TokenCacheKey,
  TokenRequestError,
} from '@dual-auth/core';
import { type LocalIdp, startLocalIdp } from '@dual-auth/testing';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../test/counting-adapter.js';
import { InMemoryTokenCache } from './in-memory-token-cache.js';
import { SingleFlightTokenCache } from './single-flight-token-cache.js';

const key: TokenCacheKey = {
  adapterId: 'entraid|local|finance-agent',
  agentId: 'finance-agent',
  sub: 'alice',
  scope: ['finance.read'],
  audience: 'api',
};

// Attack: the cache judges a stored Entra token at `iat` plus Entra's 5 minutes. A token the IdP
// minted before the human's cut-off must still never be served after it: neither one stored before
// it, nor one an IdP that reuses its tokens hands to a request started after it, nor one stored
// by another instance whose clock runs a minute ahead (its request start reads as after the
// cut-off). The token is the local Entra IdP's own, dated 5 minutes back as Entra dates it.
describe('attack: an Entra token minted before the cut-off, judged with its 5-minute backdate', () => {
  let idp: LocalIdp;
  let minted: DualSubjectToken;
  beforeAll(async () => {
    idp = await startLocalIdp({ vendor: 'entraid' });
    const adapter = await createAdapter(undefined, {
      env: idp.env('finance-agent'),
      plugins: [entraIdPlugin],
      fetch: idp.fetch,
    });
    minted = await adapter.requestToken({
      agentId: 'finance-agent',
      act: { sub: [...idp.humans.values()][0]?.sub ?? '' },
      scope: ['finance.read'],
    });
  }, 60_000);
  afterAll(() => idp?.close());

  it('is never served after the cut-off', async () => {
    // The IdP minted it 300 s after its `iat`; the agents' clocks start there.
    const mintedAtMs = (Number(decodeJwt(minted.accessToken).iat) + 300) * 1000;
    const clock = new ManualClock(mintedAtMs);
    const ahead = { now: () => clock.now() + 60_000 };
    const store = new InMemoryTokenCache({ clock });
    const cache = new SingleFlightTokenCache({ clock, store });
    const aheadCache = new SingleFlightTokenCache({ clock: ahead, store });
    // An IdP that reuses its tokens: every request is answered with the one minted before, which
    // the adapter receives (`issuedAt`) on the clock of the instance that asked.
    let idpRequests = 0;
    const reusingIdpOn = (on: { now(): number }) => async () => {
      idpRequests += 1;
      return createDualSubjectToken({
        accessToken: minted.accessToken,
        tokenType: minted.tokenType,
        expiresIn: minted.expiresIn,
        scope: minted.scope,
        issuedAt: on.now(),
      });
    };
    const reusingIdp = reusingIdpOn(clock);
    expect(await cache.getOrRequest(key, reusingIdp)).toMatchObject({
      accessToken: minted.accessToken,
    });
    clock.advance(10);
    const cutoff = {
      notIssuedAtOrBeforeMs: clock.now(),
      clockToleranceSeconds: 15,
      iatBackdateSeconds: 300,
    };
    clock.advance(60);

    // Stored before the cut-off; asked anew, the reused answer is refused, not served.
    await expect(cache.getOrRequest(key, reusingIdp, cutoff)).rejects.toThrow(TokenRequestError);
    expect(idpRequests).toBe(2);
    // Stored by an instance whose clock runs ahead, its request start after the cut-off.
    await aheadCache.getOrRequest(key, reusingIdpOn(ahead), { forceRefresh: true });
    expect(idpRequests).toBe(3);
    await expect(cache.getOrRequest(key, reusingIdp, cutoff)).rejects.toThrow(TokenRequestError);
    expect(idpRequests).toBe(4);
  });
});
