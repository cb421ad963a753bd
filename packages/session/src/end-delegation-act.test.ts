import {
  createDualSubjectToken,
  type DualSubjectToken,
  type TokenRevocationOutcome,
} from '@dual-auth/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { CountingAdapter, recordingLogger } from '../test/counting-adapter.js';
import { cutoffSetup } from '../test/cutoff-setup.js';
import { type TestKeyPair, testKeyPair } from '../test/keys.js';
import { endDelegation } from './end-delegation.js';
import { SingleFlightTokenCache } from './token-cache/single-flight-token-cache.js';

let app: TestKeyPair;
beforeAll(async () => {
  app = await testKeyPair('RS256');
});

// Entra ID names one human by a UPN in the session and by `oid` in every token; a session built
// from the object id alone caches her tokens under the oid.
const ALICE = { sub: 'alice@contoso.example', oid: '00000000-0000-0000-0000-0000000a11ce' };

class RevokingAdapter extends CountingAdapter {
  readonly revoked: string[] = [];

  constructor() {
    super({ id: 'entra' });
  }

  revokeToken(token: DualSubjectToken): Promise<TokenRevocationOutcome> {
    this.revoked.push(token.accessToken);
    return Promise.resolve({ status: 'revoked', endpoint: 'https://idp.example.com/revoke' });
  }
}

function key(sub: string) {
  const scope = ['finance.read'];
  return { adapterId: 'entra', agentId: 'finance-agent', sub, scope, audience: 'api' };
}

describe('endDelegation({ human: act })', () => {
  it("cuts off, drops and revokes under every id of the act (sub and oid), not another human's", async () => {
    const { clock, cutoffStore, sign, reasonOf } = cutoffSetup(app);
    const cache = new SingleFlightTokenCache({ clock, logger: recordingLogger() });
    const cached = async (sub: string) =>
      cache.getOrRequest(key(sub), async () =>
        createDualSubjectToken({
          accessToken: `at-${sub}`,
          tokenType: 'Bearer',
          expiresIn: 3600,
          scope: 'finance.read',
          issuedAt: clock.now(),
        }),
      );
    await cached(ALICE.sub);
    await cached(ALICE.oid);
    await cached('bob@contoso.example');
    const byUpn = await sign(ALICE.sub);
    const byOid = await sign(ALICE.oid);
    const bob = await sign('bob@contoso.example');
    clock.advance(0.5);
    const adapter = new RevokingAdapter();
    const logger = recordingLogger();

    const ended = await endDelegation({ human: ALICE, cache, adapter, cutoffStore, clock, logger });

    expect(await cutoffStore.cutoffOf(ALICE.sub)).toBe(clock.now());
    expect(await cutoffStore.cutoffOf(ALICE.oid)).toBe(clock.now());
    expect(await reasonOf(byUpn)).toBe('revoked');
    expect(await reasonOf(byOid)).toBe('revoked');
    expect(await reasonOf(bob)).toBe('accepted');
    expect(ended.droppedTokens).toBe(2);
    expect(adapter.revoked.sort()).toEqual([`at-${ALICE.oid}`, `at-${ALICE.sub}`].sort());
    expect((await cached('bob@contoso.example')).accessToken).toBe('at-bob@contoso.example');
    expect(logger.events.at(-1)).toMatchObject({
      event: 'delegation_ended',
      fields: { human_id: ALICE.oid, dropped_tokens: 2, revoked_tokens: 2 },
    });
  });

  it('takes an act without oid, or whose oid is its sub, as its one id', async () => {
    const { clock, cutoffStore } = cutoffSetup(app);
    const writes: string[] = [];
    const recording = {
      endDelegation: async (human: string, cutoffMs: number, keepMs: number) => {
        writes.push(human);
        await cutoffStore.endDelegation(human, cutoffMs, keepMs);
      },
      cutoffOf: (human: string) => cutoffStore.cutoffOf(human),
    };
    await endDelegation({ human: { sub: 'u-1' }, cutoffStore: recording, clock });
    await endDelegation({ human: { sub: 'u-2', oid: 'u-2' }, cutoffStore: recording, clock });
    expect(writes).toEqual(['u-1', 'u-2']);
  });

  it('refuses an act without a sub, or with an oid that is not a non-empty string', async () => {
    const { cutoffStore } = cutoffSetup(app);
    const wrong = [
      { sub: '' },
      { oid: ALICE.oid },
      { sub: 'u-1', oid: '' },
      { sub: 'u-1', oid: 7 },
    ];
    for (const human of [...wrong, null, 42]) {
      await expect(endDelegation({ human: human as never, cutoffStore })).rejects.toThrow(
        /options\.human/,
      );
    }
    expect(await cutoffStore.cutoffOf('u-1')).toBeUndefined();
  });
});
