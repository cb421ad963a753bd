import { getConfig, TokenRequestError } from '@dual-auth/core';
import { heldClock, type LocalIdp, startLocalIdp } from '@dual-auth/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EntraIdAdapter } from './entraid-adapter.js';
import type { EntraIdConfig } from './entraid-config.js';
import { entraIdPlugin } from './index.js';

// Session 38 (wave38/agentside), against the real local Entra-shaped IdP: an agent whose clock runs
// behind the IdP's reads the token it just issued as issued in the future. Past
// MAX_CLOCK_TOLERANCE_SECONDS (300 s, the most any guard allows: @dual-auth/resource refuses it
// `issued_in_future` beyond its clockToleranceSeconds, RFC 7519 §4.1.6), every call with it would
// be refused at the API, and the adapter kit handed it out. Entra dates iat 5 minutes back, so an
// agent 15 minutes behind reads it 10 minutes ahead; one 8 minutes behind, 3 minutes ahead.
let idp: LocalIdp;
let config: EntraIdConfig;
beforeAll(async () => {
  idp = await startLocalIdp({ vendor: 'entraid' });
  config = await getConfig({ vendor: 'entraid', env: idp.env(), plugins: [entraIdPlugin] });
}, 60_000);
afterAll(() => idp?.close());

function requestBehind(behindMs: number) {
  const clock = heldClock(Date.now() - behindMs);
  const adapter = new EntraIdAdapter(config, { fetch: idp.fetch, clock, retry: false });
  const alice = [...idp.humans.values()][0];
  const act = { sub: alice?.sub ?? '', oid: alice?.oid ?? '' };
  return adapter.requestToken({ agentId: config.clientId, act, scope: [] });
}

describe('a token the local Entra IdP issued, read by an agent whose clock is behind it', () => {
  it('with its iat less than any guard tolerates ahead (3 minutes), is handed out', async () => {
    const token = await requestBehind(480_000);
    expect(token.tokenType).toBe('Bearer');
  }, 30_000);

  it('with its iat 10 minutes ahead, is refused as issued in the future, naming the clocks', async () => {
    const error = await requestBehind(900_000).catch((thrown: unknown) => thrown);
    expect(TokenRequestError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ status: 200 });
    expect((error as Error).message).toContain(
      "access_token is issued in the future (iat over 300 s ahead of this host's clock): check this host's clock and the IdP's (NTP)",
    );
  }, 30_000);
});
