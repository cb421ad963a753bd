import { InMemoryDelegationCutoffStore } from '@dual-auth/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { CountingAdapter } from '../test/counting-adapter.js';
import { type TestKeyPair, testKeyPair } from '../test/keys.js';
import { InSessionTokenRequest } from './in-session-token-request.js';
import { OutOfSessionTokenRequest } from './out-of-session-token-request.js';

// Journey 11 (day-2 operations): a security option the class does not know, e.g. `cutofStore`
// (a typo), or today's `cutoffStore` handed to an older session in a mixed install, is dropped
// without a word: the agent then mints tokens for a human whose delegations were ended. Bad input
// must be a TypeError that names the option (house rules), as the renamed 0.1.0 options already are.
let app: TestKeyPair;
beforeAll(async () => {
  app = await testKeyPair('RS256');
});

describe('an option the request classes do not know', () => {
  it('OutOfSessionTokenRequest refuses a misspelled cutoffStore with a TypeError naming it', () => {
    const cutofStore = new InMemoryDelegationCutoffStore();
    expect(
      () =>
        new OutOfSessionTokenRequest({
          adapter: new CountingAdapter(),
          publicKey: app.publicPem,
          cutofStore,
        } as never),
    ).toThrow(/cutofStore/);
  });

  it('InSessionTokenRequest refuses a misspelled cutoffStore with a TypeError naming it', () => {
    const cutofStore = new InMemoryDelegationCutoffStore();
    expect(
      () => new InSessionTokenRequest({ adapter: new CountingAdapter(), cutofStore } as never),
    ).toThrow(/cutofStore/);
  });
});
