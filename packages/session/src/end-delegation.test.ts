import {
  type Clock,
  ConfigurationError,
  createDualSubjectToken,
  type DualSubjectToken,
  StoreUnavailableError,
  type TokenRevocationOutcome,
} from '@dual-auth/core';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { CountingAdapter, recordingLogger } from '../test/counting-adapter.js';
import { cutoffSetup } from '../test/cutoff-setup.js';
import { type TestKeyPair, testKeyPair } from '../test/keys.js';
import { endDelegation } from './end-delegation.js';
import { InMemoryTokenCache } from './token-cache/in-memory-token-cache.js';
import { SingleFlightTokenCache } from './token-cache/single-flight-token-cache.js';

let app: TestKeyPair;
beforeAll(async () => {
  app = await testKeyPair('RS256');
});

const REVOKE_URL = 'https://idp.example.com/revoke';
const ALICE = 'u-alice';

function key(sub: string, scope = 'finance.read') {
  return { adapterId: 'kc', agentId: 'finance-agent', sub, scope: [scope], audience: 'api' };
}

function token(issuedAt: number, accessToken = `at-${issuedAt}`) {
  return createDualSubjectToken({
    accessToken,
    tokenType: 'Bearer',
    expiresIn: 3600,
    scope: 'finance.read',
    issuedAt,
  });
}

/** Revokes what it is given; the token `throwsFor` makes it throw, as a faulty adapter might. */
class RevokingAdapter extends CountingAdapter {
  readonly revoked: string[] = [];
  readonly #throwsFor: string | undefined;

  constructor(throwsFor?: string) {
    super({ id: 'kc' });
    this.#throwsFor = throwsFor;
  }

  revokeToken(token: DualSubjectToken): Promise<TokenRevocationOutcome> {
    if (token.accessToken === this.#throwsFor) throw new TypeError('adapter bug');
    this.revoked.push(token.accessToken);
    return Promise.resolve({ status: 'revoked', endpoint: REVOKE_URL });
  }
}

describe('endDelegation', () => {
  it("refuses the human's act JWTs signed before the cut-off; other humans and later JWTs pass", async () => {
    const { clock, cutoffStore, sign, reasonOf } = cutoffSetup(app);
    const before = await sign('u-alice');
    const bobBefore = await sign('u-bob');
    clock.advance(0.5);
    await endDelegation({ human: 'u-alice', cutoffStore, clock });
    expect(await reasonOf(before)).toBe('revoked');
    expect(await reasonOf(bobBefore)).toBe('accepted');
    // Within the verifier's clock tolerance (5 s) after the cut-off: refused too (fail closed).
    clock.advance(5);
    expect(await reasonOf(await sign('u-alice'))).toBe('revoked');
    clock.advance(1);
    expect(await reasonOf(await sign('u-alice'))).toBe('accepted');
  });

  it("refuses an act JWT signed before the cut-off by an application whose clock runs ahead of the cut-off's", async () => {
    const { clock, cutoffStore, sign, reasonOf } = cutoffSetup(app);
    const before = await sign('u-alice');
    // endDelegation runs after the signing, on a host whose clock is 2 s behind the application's.
    await endDelegation({
      human: 'u-alice',
      cutoffStore,
      clock: { now: () => clock.now() - 2000 },
    });
    expect(await reasonOf(before)).toBe('revoked');
  });

  it('keeps the cut-off for keepMs (the longest credential lifetime) plus 3 × 300 s, the largest clock tolerance, then forgets it', async () => {
    const { clock, cutoffStore } = cutoffSetup(app);
    await endDelegation({ human: 'u-alice', cutoffStore, clock, keepMs: 300_000 });
    clock.advance(1199);
    expect(await cutoffStore.cutoffOf('u-alice')).toBeDefined();
    clock.advance(2);
    expect(await cutoffStore.cutoffOf('u-alice')).toBeUndefined();
  });

  it("drops the human's cached tokens, not another human's", async () => {
    const { clock, cutoffStore } = cutoffSetup(app);
    const cache = new SingleFlightTokenCache({ clock });
    const alice = await cache.getOrRequest(key('u-alice'), async () =>
      token(clock.now(), `at-${Math.random()}`),
    );
    const bob = await cache.getOrRequest(key('u-bob'), async () =>
      token(clock.now(), `at-${Math.random()}`),
    );
    const logger = recordingLogger();
    const ended = await endDelegation({ human: 'u-alice', cache, cutoffStore, clock, logger });
    expect(ended).toEqual({ cutoffMs: clock.now(), droppedTokens: 1, revocations: [] });
    const aliceAgain = await cache.getOrRequest(key('u-alice'), async () =>
      token(clock.now(), `at-${Math.random()}`),
    );
    expect(aliceAgain.accessToken).not.toBe(alice.accessToken);
    expect(
      (
        await cache.getOrRequest(key('u-bob'), async () =>
          token(clock.now(), `at-${Math.random()}`),
        )
      ).accessToken,
    ).toBe(bob.accessToken);
    expect(logger.events.at(-1)).toMatchObject({
      event: 'delegation_ended',
      fields: { human_id: 'u-alice', dropped_tokens: 1 },
    });
  });

  it('fails on a DUAL_AUTH_LOG typo before it ends anything, as constructors do', async () => {
    const { cutoffStore, clock } = cutoffSetup(app);
    const cache = new SingleFlightTokenCache({ clock, logger: recordingLogger() });
    await cache.getOrRequest(key('u-alice'), async () => token(clock.now()));
    vi.stubEnv('DUAL_AUTH_LOG', 'jsno');
    await expect(endDelegation({ human: 'u-alice', cache, cutoffStore, clock })).rejects.toThrow(
      expect.objectContaining({ name: ConfigurationError.name, variable: 'DUAL_AUTH_LOG' }),
    );
    expect(await cutoffStore.cutoffOf('u-alice')).toBeUndefined();
    expect(await cache.invalidate('u-alice')).toBe(1);
  });

  it('still drops the tokens when the cache cannot list them, and says none was revoked', async () => {
    const { cutoffStore, clock } = cutoffSetup(app);
    const logger = recordingLogger();
    // A shared cache whose listing fails (Redis unreachable) while its drop works.
    const cache = {
      dropped: 0,
      tokensOf: async (): Promise<readonly DualSubjectToken[]> => {
        throw new StoreUnavailableError('get', 'Redis did not answer within timeoutMs (1000 ms)');
      },
      invalidate: async () => {
        cache.dropped += 1;
        return 3;
      },
    };
    const adapter = new RevokingAdapter();
    const ended = await endDelegation({ human: ALICE, cache, adapter, cutoffStore, clock, logger });
    expect(cache.dropped).toBe(1);
    expect(await cutoffStore.cutoffOf('u-alice')).toBe(clock.now());
    expect(ended.droppedTokens).toBe(3);
    expect(ended.revocations).toEqual([
      {
        status: 'failed',
        endpoint: '',
        message: expect.stringMatching(/did not list.*StoreUnavailableError.*cut-off stops them/),
      },
    ]);
    expect(adapter.revoked).toEqual([]);
    expect(logger.events).toContainEqual({
      level: 'warn',
      event: 'delegation_tokens_unlisted',
      fields: { human_id: 'u-alice', error_type: 'StoreUnavailableError' },
    });
  });

  it('keeps every other outcome when one revokeToken throws', async () => {
    const { cutoffStore, clock } = cutoffSetup(app);
    const cache = new SingleFlightTokenCache({ clock, logger: recordingLogger() });
    for (const scope of ['a', 'b', 'c']) {
      await cache.getOrRequest(key('u-alice', scope), async () =>
        token(clock.now(), `at-${scope}`),
      );
    }
    const adapter = new RevokingAdapter('at-b');
    const logger = recordingLogger();
    const ended = await endDelegation({ human: ALICE, cache, adapter, cutoffStore, clock, logger });
    expect(ended.revocations).toEqual([
      { status: 'revoked', endpoint: REVOKE_URL },
      { status: 'failed', endpoint: '', message: 'revokeToken threw TypeError' },
      { status: 'revoked', endpoint: REVOKE_URL },
    ]);
    expect(adapter.revoked).toEqual(['at-a', 'at-c']);
    expect(ended.droppedTokens).toBe(3);
    expect(logger.events).toContainEqual({
      level: 'warn',
      event: 'token_revocation_threw',
      fields: { error_type: 'TypeError' },
    });
  });

  // With no list of the human's tokens, an empty `revocations` would read as "nothing to revoke";
  // a kill switch whose caller swallows the error must still have cut the human off.
  // Session 37: a SingleFlightTokenCache over a store without tokensOf listed no token, and the
  // answer was `revocations: []`, `unreadableTokens: undefined`: "nothing to revoke", silently.
  const NO_CACHE =
    "options.adapter needs the token cache that lists the human's tokens; pass the SingleFlightTokenCache you gave the request classes (`cache` option)";
  const NO_TOKENS_OF =
    "SingleFlightTokenCache: its store has no tokensOf, so a human's tokens cannot be listed";
  it.each([
    ['no cache', () => undefined, `: ${NO_CACHE}`],
    ['a cache that cannot list tokens', () => ({ invalidate: async () => 0 }), `: ${NO_CACHE}`],
    [
      'a SingleFlightTokenCache over a store without tokensOf',
      (clock: Clock) => {
        const full = new InMemoryTokenCache({ clock });
        const { get, set, invalidate } = full;
        const store = {
          get: get.bind(full),
          set: set.bind(full),
          invalidate: invalidate.bind(full),
        };
        return new SingleFlightTokenCache({ store, clock });
      },
      ` (the cached ones were dropped): ${NO_TOKENS_OF}; give the cache a store that lists them (the default in-memory one, RedisTokenCache of @dual-auth/store-redis)`,
    ],
  ])(
    'with an adapter and %s, records the cut-off, then throws a TypeError saying it did and why',
    async (_name, cacheOf, why) => {
      const { cutoffStore, clock } = cutoffSetup(app);
      const cache = cacheOf(clock);
      if (cache instanceof SingleFlightTokenCache) {
        await cache.getOrRequest(key(ALICE), async () => token(clock.now(), 'at-a'));
        await expect(cache.tokensOf(ALICE, 'kc')).rejects.toThrow(new TypeError(NO_TOKENS_OF));
      }
      const adapter = new RevokingAdapter();
      const cutoffMs = clock.now();
      await expect(
        endDelegation({ human: ALICE, cache, adapter, cutoffStore, clock }),
      ).rejects.toThrow(
        new TypeError(
          `The cut-off was recorded (credentials of the human issued up to ${new Date(cutoffMs).toISOString()} are refused), but no token was revoked at the IdP${why}`,
        ),
      );
      expect(await cutoffStore.cutoffOf(ALICE)).toBe(cutoffMs);
      expect(adapter.revoked).toEqual([]);
    },
  );

  // Review (session 37): over a store without tokensOf it threw before the drop, so a caller that
  // swallowed the error kept the human's cached tokens served to a request class without a
  // cutoffStore (nothing can list them for a later call to revoke: dropping them loses nothing).
  it('over a store without tokensOf, drops the cached tokens before it throws, and says so', async () => {
    const { cutoffStore, clock } = cutoffSetup(app);
    const full = new InMemoryTokenCache({ clock });
    const store = {
      get: full.get.bind(full),
      set: full.set.bind(full),
      invalidate: full.invalidate.bind(full),
    };
    const cache = new SingleFlightTokenCache({ store, clock });
    await cache.getOrRequest(key(ALICE), async () => token(clock.now(), 'at-a'));
    await expect(
      endDelegation({ human: ALICE, cache, adapter: new RevokingAdapter(), cutoffStore, clock }),
    ).rejects.toThrow(/no token was revoked at the IdP \(the cached ones were dropped\)/);
    const next = await cache.getOrRequest(key(ALICE), async () => token(clock.now(), 'at-b'));
    expect(next.accessToken).toBe('at-b');
  });

  it('with an adapter and no cache, records the cut-off under every id of an act before it throws', async () => {
    const { cutoffStore } = cutoffSetup(app);
    const act = { sub: ALICE, oid: 'oid-alice' };
    await expect(
      endDelegation({ human: act, adapter: new RevokingAdapter(), cutoffStore }),
    ).rejects.toThrow(/The cut-off was recorded/);
    expect(await cutoffStore.cutoffOf(ALICE)).toBeTypeOf('number');
    expect(await cutoffStore.cutoffOf('oid-alice')).toBeTypeOf('number');
  });

  it('refuses a wrong option beside a missing cache before it ends anything', async () => {
    const { cutoffStore } = cutoffSetup(app);
    await expect(
      endDelegation({ human: ALICE, adapter: new RevokingAdapter(), cutoffStore, keepMs: -1 }),
    ).rejects.toThrow(/keepMs/);
    expect(await cutoffStore.cutoffOf(ALICE)).toBeUndefined();
  });

  it('refuses wrong options with a TypeError naming them', async () => {
    const { cutoffStore } = cutoffSetup(app);
    await expect(endDelegation({ human: '', cutoffStore })).rejects.toThrow(/options\.human/);
    await expect(endDelegation({ human: 'u-1', cutoffStore: undefined as never })).rejects.toThrow(
      /options\.cutoffStore/,
    );
    await expect(endDelegation({ human: 'u-1', cutoffStore, keepMs: -1 })).rejects.toThrow(
      /keepMs/,
    );
  });

  it('says which store to pass when cutoffStore is missing', async () => {
    const cache = new SingleFlightTokenCache();
    await expect(endDelegation({ human: 'u-1', cache } as never)).rejects.toThrow(
      new TypeError(
        'endDelegation: options.cutoffStore is required: the DelegationCutoffStore your agents and APIs read (RedisDelegationCutoffStore of @dual-auth/store-redis; one process alone: InMemoryDelegationCutoffStore of @dual-auth/core)',
      ),
    );
  });
});
