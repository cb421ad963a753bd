import { inspect } from 'node:util';
import type { SubjectToken } from '@dual-auth/core';
import { expect, it } from 'vitest';
import { cacheMissing } from '../test/cache-missing.js';

const TYPE = 'urn:ietf:params:oauth:token-type:access_token';

// Left open by the wave30 attack on the act: a subjectToken given as a plain `{ value, type }`
// object was read for the cache key, then again by the adapter when the IdP request started. An
// app that reuses that object (`subjectToken.value = nextUser.accessToken`) and changed it in
// between had the token exchanged from bob's subject token filed under alice's subject token's
// key, and served to alice's next request. It is read once, at the call, now.
it("never files a token exchanged from one subject token under another's key", async () => {
  const subjectToken = { value: 'alice-access-token', type: TYPE };
  const { adapter, inSession } = cacheMissing(() => {
    subjectToken.value = 'bob-access-token';
  });
  const request = (token: SubjectToken) =>
    inSession.requestToken({
      agentId: 'agent',
      act: { sub: 'u-1' },
      scope: ['s'],
      subjectToken: token,
    });
  await request(subjectToken);
  expect(adapter.requests.map((r) => r.subjectToken?.value)).toEqual(['alice-access-token']);
  await request({ value: 'bob-access-token', type: TYPE });
  expect(adapter.requests.map((r) => r.subjectToken?.value)).toEqual([
    'alice-access-token',
    'bob-access-token',
  ]);
});

it('a token provider keeps the subject token it was given, whatever happens to the object', async () => {
  const subjectToken = { value: 'alice-access-token', type: TYPE };
  const { adapter, inSession } = cacheMissing(() => {});
  const provider = inSession.tokenProvider({
    agentId: 'agent',
    act: { sub: 'u-1' },
    scope: ['s'],
    subjectToken,
  });
  subjectToken.value = 'bob-access-token';
  await provider.getToken({});
  expect(adapter.requests.map((r) => r.subjectToken?.value)).toEqual(['alice-access-token']);
  expect(inspect(provider, { depth: 10 })).not.toContain('access-token');
  expect(JSON.stringify(adapter.requests[0]?.subjectToken)).not.toContain('access-token');
});

it('reads a getter subject token once, and takes any value it took before (no format check)', async () => {
  let reads = 0;
  const subjectToken = {
    type: 'not a uri',
    get value() {
      reads += 1;
      return reads === 1 ? 'alice token with spaces' : 'bob';
    },
  };
  const { adapter, inSession } = cacheMissing(() => {});
  await inSession.requestToken({
    agentId: 'agent',
    act: { sub: 'u-1' },
    scope: ['s'],
    subjectToken,
  });
  expect(reads).toBe(1);
  expect(adapter.requests.map((r) => [r.subjectToken?.value, r.subjectToken?.type])).toEqual([
    ['alice token with spaces', 'not a uri'],
  ]);
});
