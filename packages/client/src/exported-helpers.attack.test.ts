// The helpers @dual-auth/client exports for other transports (mcp builds on them) are reachable by
// anyone: a missing or wrongly typed argument is a TypeError naming it, never "Cannot read
// properties of undefined" from inside, and never a check that passes (client.assertTokenFor(42, 42, 42)
// and client.assertProvable(42) returned as if the token were fine).
import type { DualSubjectToken } from '@dual-auth/core';
import { describe, expect, it } from 'vitest';
import * as client from './index.js';

// The shape these helpers read (a DualSubjectToken's own fields), as a caller may hand them.
const token = {
  accessToken: 'at',
  tokenType: 'Bearer',
  expiresAt: 0,
} as unknown as DualSubjectToken;
const response = new Response(null, { status: 401 });
const url = new URL('https://api.example.com/x');

describe('the exported helpers refuse bad arguments by name', () => {
  it.each([
    [
      'assertTokenFor()',
      () => client.assertTokenFor(undefined as never, token, 'given'),
      /^identity must be an object/,
    ],
    [
      'assertTokenFor(42, 42, 42)',
      () => client.assertTokenFor(42 as never, 42 as never, 42 as never),
      /^identity must be an object/,
    ],
    [
      'assertTokenFor(identity, 42)',
      () => client.assertTokenFor({}, 42 as never, 'given'),
      /^token must be a DualSubjectToken/,
    ],
    [
      'assertTokenFor(identity, token, 42)',
      () => client.assertTokenFor({}, token, 42 as never),
      /^source must be a string/,
    ],
    [
      'assertTokenFor(…, unchecked: 1)',
      () => client.assertTokenFor({}, token, 'given', 1 as never),
      /^unchecked must be a function/,
    ],
    [
      'assertProvable()',
      () => client.assertProvable(undefined as never, false),
      /^token must be a DualSubjectToken/,
    ],
    [
      'assertProvable(42)',
      () => client.assertProvable(42 as never, false),
      /^token must be a DualSubjectToken/,
    ],
    [
      'assertProvable(token)',
      () => client.assertProvable(token, undefined as never),
      /^proves must be a boolean/,
    ],
    [
      'withCredentials()',
      () => client.withCredentials(undefined as never, token),
      /^headers must be an object/,
    ],
    [
      'withCredentials({})',
      () => client.withCredentials({}, undefined as never),
      /^token must be a DualSubjectToken/,
    ],
    [
      'challengeRemedy()',
      () => client.challengeRemedy(undefined as never, 'Bearer', false),
      /^response must be the fetch Response/,
    ],
    [
      'challengeRemedy(response)',
      () => client.challengeRemedy(response, undefined as never, false),
      /^tokenType must be a string/,
    ],
    ['proofUrl()', () => client.proofUrl(undefined as never), /^url must be a URL/],
    [
      'proofUrl(string)',
      () => client.proofUrl('https://api.example.com' as never),
      /^url must be a URL/,
    ],
    [
      'redirectStep()',
      () => client.redirectStep(undefined as never, url, 'GET', false),
      /^response must be the fetch Response/,
    ],
    [
      'redirectStep(response, 42)',
      () => client.redirectStep(response, 42 as never, 'GET', false),
      /^current must be a URL/,
    ],
    [
      'challengeRefusal()',
      () => client.challengeRefusal(undefined as never, [], 'Bearer'),
      /^response must be the fetch Response/,
    ],
    [
      'challengeRefusal(response, "at")',
      () => client.challengeRefusal(response, 'at' as never, 'Bearer'),
      /^credentials must be an array of strings/,
    ],
    [
      'isInvalidTokenChallenge()',
      () => client.isInvalidTokenChallenge(undefined as never),
      /^response must be the fetch Response/,
    ],
    [
      'isInvalidRequestChallenge(42)',
      () => client.isInvalidRequestChallenge(42 as never),
      /^response must be the fetch Response/,
    ],
    [
      'new ClockTimer()',
      () => new client.ClockTimer(undefined as never, 0, () => {}),
      /^clock must be a Clock \(an object with a now\(\) method\), got undefined/,
    ],
    [
      'new ClockTimer(clock, "x")',
      () => new client.ClockTimer({ now: () => 0 }, 'x' as never, () => {}),
      /^at must be a finite number >= 0, got string/,
    ],
    [
      'new ClockTimer(clock, 0, 42)',
      () => new client.ClockTimer({ now: () => 0 }, 0, 42 as never),
      /^fire must be a function, got number/,
    ],
  ])('%s', (_, call, message) => {
    expect(call).toThrow(TypeError);
    expect(call).toThrow(message);
  });

  it('makeDpopProof without a maker', async () => {
    await expect(
      client.makeDpopProof(
        undefined as never,
        { method: 'GET', url: url.href, accessToken: 'at' } as never,
      ),
    ).rejects.toThrow(/^dpopProof must be a function/);
  });

  it('still answers good arguments', () => {
    expect(() => client.assertTokenFor({ humanId: 'u-1' }, token, 'given')).not.toThrow();
    expect(() => client.assertProvable(token, false)).not.toThrow();
    expect(client.withCredentials({}, token)).toEqual({ authorization: 'Bearer at' });
    expect(client.proofUrl(new URL('https://api.example.com/x?q=1'))).toBe(
      'https://api.example.com/x',
    );
  });
});
