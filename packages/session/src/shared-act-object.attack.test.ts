import type { Logger } from '@dual-auth/core';
import { expect, it } from 'vitest';
import { CountingAdapter } from '../test/counting-adapter.js';
import { InSessionTokenRequest } from './in-session-token-request.js';
import { SingleFlightTokenCache } from './token-cache/single-flight-token-cache.js';

// Attack (wave30, agent side): an app that reuses one act object across its requests
// (`act.sub = user.id` per request) let another request change it while a token request was under
// way. The cache key read `act.sub` after the digest's await, the adapter read it again when the
// IdP request started: a change in between filed bob's token under alice's key, and alice was
// served bob's token from the cache for its whole lifetime. The act is read once, at the call.
it("files the token under the human the adapter was asked for, whatever later happens to the caller's act", async () => {
  const adapter = new CountingAdapter();
  const act = { sub: 'alice' };
  // Another request of the app runs between the cache's look-up and the IdP request.
  const onMiss: Logger = {
    debug: (event) => {
      if (event === 'token_cache_miss') act.sub = 'bob';
    },
    info: () => {},
    warn: () => {},
    error: () => {},
  };
  const cache = new SingleFlightTokenCache({ logger: onMiss });
  const inSession = new InSessionTokenRequest({ adapter, cache });
  const first = await inSession.requestToken({ agentId: 'agent', act, scope: ['finance.read'] });
  expect(adapter.requests.map((request) => request.act.sub)).toEqual(['alice']);
  expect(first.accessToken).toBe('at:agent:alice:1');
  const again = await inSession.requestToken({
    agentId: 'agent',
    act: { sub: 'alice' },
    scope: ['finance.read'],
  });
  expect(again.accessToken).toBe('at:agent:alice:1');
  const bobs = await inSession.requestToken({
    agentId: 'agent',
    act: { sub: 'bob' },
    scope: ['finance.read'],
  });
  expect(bobs.accessToken).toMatch(/^at:agent:bob:/);
});
