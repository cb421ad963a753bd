import { beforeAll, describe, expect, it } from 'vitest';
import { cutoffSetup } from '../../test/cutoff-setup.js';
import { type TestKeyPair, testKeyPair } from '../../test/keys.js';
import { endDelegation } from '../end-delegation.js';

let app: TestKeyPair;
beforeAll(async () => {
  app = await testKeyPair('RS256');
});

describe("ActJwtVerifier and the human's cut-off keyed by every id of the human", () => {
  it('refuses an act JWT whose act.oid was cut off, though act.sub (the UPN) was not', async () => {
    const { clock, cutoffStore, sign, reasonOf } = cutoffSetup(app);
    const alice = await sign('alice@contoso.example', 'oid-alice');
    const bob = await sign('bob@contoso.example', 'oid-bob');
    clock.advance(0.5);
    await endDelegation({ human: 'oid-alice', cutoffStore, clock });
    expect(await reasonOf(alice)).toBe('revoked');
    expect(await reasonOf(bob)).toBe('accepted');
  });
});
