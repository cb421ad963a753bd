import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { manualClock } from '../../test/manual-clock.js';
import { InMemoryReplayStore } from './in-memory-replay-store.js';
import { ReplayStoreFullError } from './replay-store-full-error.js';

// Claims take epoch milliseconds of a live token: start the clock at a real date, not near 0.
const START = Date.UTC(2026, 0, 1);

describe('InMemoryReplayStore: single use', () => {
  it('claims a jti once until it expires, then forgets it', async () => {
    const clock = manualClock(START);
    const store = new InMemoryReplayStore({ clock });
    const expiresAt = clock.now() + 60_000;
    expect(await store.claim('a', expiresAt)).toBe(true);
    expect(await store.claim('a', expiresAt)).toBe(false);
    expect(await store.claim('b', expiresAt)).toBe(true);
    clock.advance(60_001);
    expect(await store.claim('c', clock.now() + 60_000)).toBe(true);
    expect(store.size).toBe(1);
    expect(await store.claim('a', clock.now() + 60_000)).toBe(true);
  });

  it('an entry expires exactly at expiresAt', async () => {
    const clock = manualClock(START);
    const store = new InMemoryReplayStore({ clock });
    await store.claim('j', clock.now() + 1000);
    clock.advance(999);
    expect(await store.claim('j', clock.now() + 1000)).toBe(false);
    clock.advance(1);
    expect(await store.claim('j', clock.now() + 1000)).toBe(true);
  });

  it('is atomic: of many concurrent claims of one jti exactly one wins', async () => {
    const store = new InMemoryReplayStore();
    const results = await Promise.all(
      Array.from({ length: 100 }, () => store.claim('same', Date.now() + 60_000)),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
  });
});

describe('InMemoryReplayStore: bindings', () => {
  it('the same binding may claim again; another binding, or none, is a replay', async () => {
    const clock = manualClock(START);
    const store = new InMemoryReplayStore({ clock });
    const exp = clock.now() + 300_000;
    expect(await store.claim('assertion', exp, { binding: 'digest-1' })).toBe(true);
    expect(await store.claim('assertion', exp, { binding: 'digest-1' })).toBe(true);
    expect(await store.claim('assertion', exp, { binding: 'digest-2' })).toBe(false);
    expect(await store.claim('assertion', exp)).toBe(false);
    expect(await store.claim('assertion', exp, {})).toBe(false);
    expect(await store.claim('assertion', exp, { binding: 'digest-1' })).toBe(true);
    expect(store.size).toBe(1);
  });

  it('an unbound first claim cannot be followed by a bound one', async () => {
    const store = new InMemoryReplayStore();
    const exp = Date.now() + 60_000;
    expect(await store.claim('j', exp)).toBe(true);
    expect(await store.claim('j', exp, { binding: 'digest-1' })).toBe(false);
  });

  it('a repeated bound claim keeps the first expiry: it cannot extend the lifetime', async () => {
    const clock = manualClock(START);
    const store = new InMemoryReplayStore({ clock });
    await store.claim('j', clock.now() + 1000, { binding: 'd' });
    expect(await store.claim('j', clock.now() + 900_000, { binding: 'd' })).toBe(true);
    clock.advance(1000);
    expect(await store.claim('j', clock.now() + 1000, { binding: 'other' })).toBe(true);
  });

  it('concurrent claims with two bindings: only the first binding ever wins', async () => {
    const store = new InMemoryReplayStore();
    const exp = Date.now() + 60_000;
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        store.claim('j', exp, { binding: i % 2 === 0 ? 'even' : 'odd' }),
      ),
    );
    expect(results.filter((won, i) => won && i % 2 === 0)).toHaveLength(10);
    expect(results.filter((won, i) => won && i % 2 === 1)).toHaveLength(0);
  });
});

// Tens of thousands of claims: a generous timeout, since a busy machine runs them slowly.
const LOOP_MS = 120_000;

describe('InMemoryReplayStore: bounded', () => {
  it('when full, evicts the entries that expire first and accepts the new valid jti', async () => {
    const clock = manualClock(START);
    const store = new InMemoryReplayStore({ clock, maxEntries: 3 });
    await store.claim('long', clock.now() + 600_000);
    await store.claim('short-1', clock.now() + 10_000);
    await store.claim('short-2', clock.now() + 20_000);
    expect(await store.claim('new', clock.now() + 30_000)).toBe(true);
    expect(store.size).toBe(3);
    expect(await store.claim('long', clock.now() + 600_000)).toBe(false);
    expect(await store.claim('short-2', clock.now() + 20_000)).toBe(false);
    expect(await store.claim('new', clock.now() + 30_000)).toBe(false);
  });

  it('a new claim that expires before every other is the one forgotten, and stays unreplayable', async () => {
    const clock = manualClock(START);
    const store = new InMemoryReplayStore({ clock, maxEntries: 2 });
    await store.claim('a', clock.now() + 60_000);
    await store.claim('b', clock.now() + 60_000);
    expect(await store.claim('short', clock.now() + 5000)).toBe(true);
    expect(await store.claim('a', clock.now() + 60_000)).toBe(false);
    expect(await store.claim('b', clock.now() + 60_000)).toBe(false);
    await expect(store.claim('short', clock.now() + 5000)).rejects.toThrow(ReplayStoreFullError);
  });

  it('a replay of an evicted jti is refused as undecidable, never accepted', async () => {
    const clock = manualClock(START);
    const store = new InMemoryReplayStore({ clock, maxEntries: 2 });
    await store.claim('a', clock.now() + 10_000);
    await store.claim('b', clock.now() + 20_000);
    await store.claim('c', clock.now() + 30_000);
    const replay = await store.claim('a', clock.now() + 10_000).catch((e: unknown) => e);
    expect(ReplayStoreFullError.isInstance(replay)).toBe(true);
    expect(replay).toMatchObject({ name: 'ReplayStoreFullError', maxEntries: 2 });
    expect(String(replay)).toMatch(/cannot tell whether/);
    // Once what was evicted has expired, nothing is undecidable any more.
    clock.advance(10_000);
    expect(await store.claim('d', clock.now() + 1000)).toBe(true);
  });

  it(
    'filled to capacity, it accepts a stream of new valid jtis and refuses every replay',
    async () => {
      const clock = manualClock(START);
      const maxEntries = 1000;
      const store = new InMemoryReplayStore({ clock, maxEntries });
      const lifetimeMs = 60_000;
      const seen: { jti: string; expiresAt: number }[] = [];
      // 5 000 claims a second for 3 s: 15 times what the store holds within one lifetime.
      for (let i = 0; i < 15_000; i += 1) {
        if (i % 5 === 0) clock.advance(1);
        const claim = { jti: `jti-${i}`, expiresAt: clock.now() + lifetimeMs };
        expect(await store.claim(claim.jti, claim.expiresAt)).toBe(true);
        seen.push(claim);
      }
      expect(store.size).toBe(maxEntries);
      let refused = 0;
      for (const { jti, expiresAt } of seen) {
        const again = await store.claim(jti, expiresAt).catch(() => false);
        if (again === false) refused += 1;
      }
      expect(refused).toBe(seen.length);
    },
    LOOP_MS,
  );

  it(
    'never scans its entries: a claim on a full store visits none of them',
    async () => {
      const clock = manualClock(START);
      const store = new InMemoryReplayStore({ clock, maxEntries: 50_000 });
      for (let i = 0; i < 50_000; i += 1) await store.claim(`a-${i}`, clock.now() + 60_000);
      // Count every walk over any Map while the full store takes 1 000 new claims.
      let walks = 0;
      const proto = Map.prototype as unknown as Record<
        PropertyKey,
        (...args: unknown[]) => unknown
      >;
      const walkers = ['entries', 'keys', 'values', 'forEach', Symbol.iterator] as const;
      const originals = walkers.map((name) => proto[name]);
      walkers.forEach((name, i) => {
        const original = originals[i] as (...args: unknown[]) => unknown;
        proto[name] = function (this: unknown, ...args: unknown[]) {
          walks += 1;
          return original.apply(this, args);
        };
      });
      try {
        for (let i = 0; i < 1000; i += 1) await store.claim(`b-${i}`, clock.now() + 61_000);
      } finally {
        walkers.forEach((name, i) => {
          proto[name] = originals[i] as (...args: unknown[]) => unknown;
        });
      }
      expect(walks).toBe(0);
      expect(store.size).toBe(50_000);
    },
    LOOP_MS,
  );

  it('a known live jti is still answered (false) when the store is full', async () => {
    const clock = manualClock(START);
    const store = new InMemoryReplayStore({ clock, maxEntries: 1 });
    await store.claim('a', clock.now() + 1000, { binding: 'd' });
    expect(await store.claim('a', clock.now() + 1000)).toBe(false);
    expect(await store.claim('a', clock.now() + 1000, { binding: 'd' })).toBe(true);
  });

  it('stays small under a stream of short-lived jtis', async () => {
    const clock = manualClock(START);
    const store = new InMemoryReplayStore({ clock, maxEntries: 50 });
    for (let i = 0; i < 5000; i++) {
      expect(await store.claim(`j-${i}`, clock.now() + 100)).toBe(true);
      clock.advance(10);
    }
    expect(store.size).toBeLessThanOrEqual(50);
  });

  it('the undecidable error holds no jti or binding', async () => {
    const clock = manualClock(START);
    const store = new InMemoryReplayStore({ clock, maxEntries: 1 });
    await store.claim('secret-jti-1', clock.now() + 60_000, { binding: 'digest-abc' });
    await store.claim('secret-jti-2', clock.now() + 70_000, { binding: 'digest-xyz' });
    const error = await store
      .claim('secret-jti-1', clock.now() + 60_000, { binding: 'digest-abc' })
      .catch((e: unknown) => e);
    expect(ReplayStoreFullError.isInstance(error)).toBe(true);
    for (const shown of [String(error), JSON.stringify(error), inspect(error)]) {
      expect(shown).not.toMatch(/secret-jti|digest-/);
    }
  });
});

describe('InMemoryReplayStore: partitions', () => {
  it("a full partition forgets only its own entries and never refuses another's claims", async () => {
    const clock = manualClock(START);
    const store = new InMemoryReplayStore({ clock, maxEntries: 3 });
    await store.claim('victim-1', clock.now() + 10_000, { partition: 'victim', binding: 'd' });
    for (let i = 0; i < 10; i += 1) {
      const expiresAt = clock.now() + 60_000 + i * 1000;
      const flood = await store.claim(`flood-${i}`, expiresAt, { partition: 'flood' });
      expect(flood).toBe(true);
    }
    // The flood expired after the victim's entry, yet only the flood's own entries made room.
    expect(store.size).toBe(4);
    expect(await store.claim('victim-1', clock.now() + 10_000, { partition: 'victim' })).toBe(
      false,
    );
    const again = { partition: 'victim', binding: 'd' };
    expect(await store.claim('victim-1', clock.now() + 10_000, again)).toBe(true);
    expect(await store.claim('victim-2', clock.now() + 5000, { partition: 'victim' })).toBe(true);
    // The flooding partition is the one that cannot tell any more.
    const short = { partition: 'flood' };
    await expect(store.claim('flood-new', clock.now() + 5000, short)).rejects.toThrow(
      ReplayStoreFullError,
    );
    await expect(store.claim('flood-0', clock.now() + 60_000, short)).rejects.toThrow(
      ReplayStoreFullError,
    );
  });

  it('claims without a partition share one, as before partitions existed', async () => {
    const clock = manualClock(START);
    const store = new InMemoryReplayStore({ clock, maxEntries: 2 });
    await store.claim('a', clock.now() + 60_000);
    await store.claim('b', clock.now() + 60_000, { partition: 'app' });
    await store.claim('c', clock.now() + 60_000);
    await store.claim('d', clock.now() + 60_000);
    expect(store.size).toBe(3);
    expect(await store.claim('b', clock.now() + 60_000)).toBe(false);
    await expect(store.claim('a', clock.now() + 60_000)).rejects.toThrow(ReplayStoreFullError);
  });

  it('a jti known in one partition is a replay in every other', async () => {
    const clock = manualClock(START);
    const store = new InMemoryReplayStore({ clock });
    await store.claim('a', clock.now() + 60_000, { partition: 'one', binding: 'd' });
    expect(await store.claim('a', clock.now() + 60_000, { partition: 'two' })).toBe(false);
    clock.advance(60_000);
    expect(await store.claim('a', clock.now() + 60_000, { partition: 'two' })).toBe(true);
  });

  it("an idle partition's entries are swept by other partitions' claims", async () => {
    const clock = manualClock(START);
    const store = new InMemoryReplayStore({ clock, maxEntries: 100 });
    for (let i = 0; i < 100; i += 1) {
      await store.claim(`idle-${i}`, clock.now() + 1000, { partition: 'idle' });
    }
    clock.advance(2000);
    await store.claim('busy', clock.now() + 1000, { partition: 'busy' });
    expect(store.size).toBe(1);
  });
});

describe('InMemoryReplayStore: wrong arguments', () => {
  it('rejects bad claims with TypeError', async () => {
    const store = new InMemoryReplayStore();
    const exp = Date.now() + 60_000;
    await expect(store.claim('', exp)).rejects.toThrow(TypeError);
    await expect(store.claim(42 as never, exp)).rejects.toThrow(TypeError);
    await expect(store.claim('a', Number.NaN)).rejects.toThrow(TypeError);
    await expect(store.claim('a', '1' as never)).rejects.toThrow(TypeError);
    await expect(store.claim('a', exp, null as never)).rejects.toThrow(TypeError);
    await expect(store.claim('a', exp, { binding: '' })).rejects.toThrow(/binding/);
    await expect(store.claim('a', exp, { binding: 7 as never })).rejects.toThrow(TypeError);
    await expect(store.claim('a', exp, { partition: '' })).rejects.toThrow(/partition/);
    await expect(store.claim('a', exp, { partition: 7 as never })).rejects.toThrow(TypeError);
  });

  // A new user passed a JWT's `exp` (seconds) as is: a time in 1970, so the claim was kept only
  // the store's minimum and a replay a little later was accepted.
  it('refuses an expiresAt in seconds (a JWT exp) with a TypeError naming the fix, never the jti', async () => {
    const clock = manualClock(START);
    const store = new InMemoryReplayStore({ clock });
    const expSeconds = Math.floor(clock.now() / 1000) + 300;
    for (const expiresAt of [expSeconds, 0, -1, 1e11 - 1]) {
      const claim = store.claim('jti-secret-7', expiresAt);
      await expect(claim).rejects.toThrow(
        new TypeError(
          'expiresAt is epoch milliseconds; got a value that looks like seconds (a JWT exp?): pass exp * 1000',
        ),
      );
      await expect(claim).rejects.not.toThrow(/jti-secret-7/);
    }
    for (const expiresAt of [Number.NaN, Number.POSITIVE_INFINITY]) {
      await expect(store.claim('jti-secret-7', expiresAt)).rejects.toThrow(TypeError);
    }
    // Nothing was remembered: the same jti with its expiry in milliseconds is a first use.
    expect(store.size).toBe(0);
    expect(await store.claim('jti-secret-7', expSeconds * 1000)).toBe(true);
    clock.advance(60_000);
    expect(await store.claim('jti-secret-7', expSeconds * 1000)).toBe(false);
  });

  it('rejects bad options with TypeError', () => {
    expect(() => new InMemoryReplayStore({ maxEntries: 0 })).toThrow(TypeError);
    expect(() => new InMemoryReplayStore({ maxEntries: 1.5 })).toThrow(TypeError);
    expect(() => new InMemoryReplayStore({ maxEntries: '10' as never })).toThrow(TypeError);
    expect(() => new InMemoryReplayStore({ clock: {} as never })).toThrow(/clock/);
    expect(() => new InMemoryReplayStore(null as never)).toThrow(TypeError);
  });
});

describe('InMemoryReplayStore: a clock that goes back', () => {
  it('refuses a claim that may replay a jti swept while the clock was ahead, never accepts it', async () => {
    const clock = manualClock(START);
    const store = new InMemoryReplayStore({ clock });
    const expiresAt = clock.now() + 60_000;
    expect(await store.claim('seen', expiresAt)).toBe(true);
    clock.advance(3_600_000); // the clock jumps an hour ahead: 'seen' is swept as expired
    expect(await store.claim('other', clock.now() + 60_000)).toBe(true);
    expect(store.size).toBe(1);
    clock.advance(-3_600_000 + 1_000); // and is set right: 'seen' is valid again for 59 s
    const replay = await store.claim('seen', expiresAt).catch((error: unknown) => error);
    // Before: true, the replay accepted.
    expect(ReplayStoreFullError.isInstance(replay)).toBe(true);
    expect((replay as Error).message).toMatch(/clock went back from .*Check the host's clock/);
    // A credential expiring after the latest time read is decidable: accepted once.
    const later = clock.now() + 3_600_000 + 60_000;
    expect(await store.claim('fresh', later)).toBe(true);
    expect(await store.claim('fresh', later)).toBe(false);
  });

  // Lock-out (session 33, wave33/reviewb): every claim expiring by the latest time read was
  // refused, so an hour's jump set right refused every fresh credential for the hour after.
  it('after a jump ahead set right, refuses only claims expiring by the latest expiry it swept', async () => {
    const clock = manualClock(START);
    const store = new InMemoryReplayStore({ clock });
    const expiresAt = clock.now() + 300_000;
    expect(await store.claim('seen', expiresAt)).toBe(true);
    clock.advance(3_600_000); // 'seen' is swept at the jump
    expect(await store.claim('other', clock.now() + 60_000)).toBe(true);
    clock.advance(-3_600_000 + 1_000); // set right
    await expect(store.claim('seen', expiresAt)).rejects.toSatisfy(ReplayStoreFullError.isInstance);
    // Before: ReplayStoreFullError ("clock went back"), for every claim until the hour passed.
    const fresh = clock.now() + 300_000;
    expect(await store.claim('fresh', fresh)).toBe(true);
    expect(await store.claim('fresh', fresh)).toBe(false);
  });

  it('a clock stepped back a few seconds: a jti that expired and was swept is not taken again', async () => {
    const clock = manualClock(START);
    const store = new InMemoryReplayStore({ clock });
    expect(await store.claim('old', clock.now() + 1_000)).toBe(true);
    clock.advance(1_500);
    expect(await store.claim('new', clock.now() + 60_000)).toBe(true); // sweeps 'old'
    clock.advance(-2_000); // NTP steps back 2 s: 'old' would verify again
    await expect(store.claim('old', clock.now() + 1_500)).rejects.toSatisfy(
      ReplayStoreFullError.isInstance,
    );
    expect(await store.claim('new', clock.now() + 60_500)).toBe(false);
  });
});
