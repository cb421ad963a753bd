import { assertVendor, getConfig } from '@dual-auth/core';
import { type LocalIdp, startLocalIdp, verifyAccessToken } from '@dual-auth/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OAuthAdapter, oauthPlugin } from './index.js';

// An attempt's timeout is a timer (`setTimeout`; `AbortSignal.timeout` for a revocation), and so
// is the whole request's deadline. Node runs a delay past 2^31-1 ms after 1 ms, so a timeoutMs
// meant as "very long" failed every token request at once ("timed out after 2147483648 ms"), and
// `AbortSignal.timeout` throws a RangeError on a fraction: both refused when the adapter is made,
// as the client's, the resource's and the secrets backends' timeouts are.
let idp: LocalIdp;
beforeAll(async () => {
  idp = await startLocalIdp({ vendor: 'oauth' });
});
afterAll(() => idp.close());

const request = { agentId: 'finance-agent', act: { sub: 'u-1' }, scope: ['finance.read'] };
const LONGEST_TIMER = 2 ** 31 - 1;

async function config() {
  const loaded = await getConfig({ env: idp.env(), plugins: [oauthPlugin] });
  assertVendor(loaded, 'oauth');
  return loaded;
}

describe('OAuthAdapter: timeouts a timer can hold', () => {
  it('gets a token with the longest timeoutMs and totalTimeoutMs a timer holds', async () => {
    const adapter = new OAuthAdapter(await config(), {
      fetch: idp.fetch,
      timeoutMs: LONGEST_TIMER,
      totalTimeoutMs: LONGEST_TIMER,
    });
    const token = await adapter.requestToken(request);
    const { payload } = await verifyAccessToken(idp, token.accessToken);
    expect(payload).toMatchObject({ client_id: 'finance-agent', act: { sub: 'u-1' } });
  });

  it.each([
    ['timeoutMs', LONGEST_TIMER + 1],
    ['timeoutMs', Number.MAX_SAFE_INTEGER],
    ['timeoutMs', 1500.5],
    ['totalTimeoutMs', LONGEST_TIMER + 1],
    ['totalTimeoutMs', 1500.5],
  ])('refuses %s %d at creation, naming it', async (name, value) => {
    const loaded = await config();
    expect(() => new OAuthAdapter(loaded, { fetch: idp.fetch, [name]: value })).toThrow(
      new RegExp(`options\\.${name} must be a whole number of milliseconds up to 2147483647`),
    );
  });
});
