import {
  createDualSubjectToken,
  type DualSubjectToken,
  type TokenCacheKey,
  TokenRequestError,
} from '@dual-auth/core';
import { describe, expect, it, vi } from 'vitest';
import { ManualClock, unsignedJwtIssuedAt } from '../../test/counting-adapter.js';
import { InMemoryTokenCache } from './in-memory-token-cache.js';
import { type GetOrRequestOptions, SingleFlightTokenCache } from './single-flight-token-cache.js';

const key: TokenCacheKey = {
  adapterId: 'kc|https://idp/token|agent',
  agentId: 'agent',
  sub: 'alice',
  scope: ['finance.read'],
  audience: 'api',
};

/**
 * A cache on a manual clock whose IdP mints a token `mintedMsAgo` before it answers: opaque, or a
 * JWT whose `iat` is the minting second (`'jwt'`) or what `iatOf` makes of the minting time (an
 * IdP clock ahead, or an `iat` that is not a time at all); with `capMs`, capped by an act
 * assertion expiring that long after the answer (Entra's, 300 s against the token's hour).
 */
function setup() {
  const clock = new ManualClock(Date.UTC(2026, 0, 1, 12));
  // One store shared by two instances, as a Redis token cache is.
  const store = new InMemoryTokenCache({ clock });
  const cache = new SingleFlightTokenCache({ clock, store });
  const other = new SingleFlightTokenCache({ clock, store });
  let calls = 0;
  let hold: Promise<void> | undefined;
  let release = () => {};
  const idp =
    (mint: 'jwt' | 'opaque' | ((mintedAtMs: number) => unknown), mintedMsAgo = 0, capMs?: number) =>
    async () => {
      calls += 1;
      const n = calls;
      const mintedAtMs = clock.now() - mintedMsAgo;
      const iatOf = mint === 'jwt' ? (ms: number) => Math.floor(ms / 1000) : mint;
      await hold;
      return createDualSubjectToken({
        accessToken:
          iatOf === 'opaque'
            ? `opaque-${n}`
            : unsignedJwtIssuedAt(iatOf(mintedAtMs) as number, { n }),
        tokenType: 'Bearer',
        expiresIn: 3600,
        scope: 'finance.read',
        // The cache's receive time.
        issuedAt: clock.now(),
        // Entra's: capped by the expiry of the act assertion sent with it.
        ...(capMs === undefined
          ? {}
          : { actAssertion: 'assertion', notAfter: clock.now() + capMs }),
      });
    };
  const get = (fetcher: () => Promise<DualSubjectToken>, options: GetOrRequestOptions = {}) =>
    cache.getOrRequest(key, fetcher, options);
  const holdIdp = () => {
    hold = new Promise((resolve) => {
      release = () => {
        hold = undefined;
        resolve();
      };
    });
  };
  const getOther = (fetcher: () => Promise<DualSubjectToken>, options: GetOrRequestOptions = {}) =>
    other.getOrRequest(key, fetcher, options);
  /**
   * Instance one asks without a cut-off (an in-session request); the IdP is held until `release`
   * and the clock is a minute on once it has been asked.
   */
  const slowRequest = async (fetcher: () => Promise<DualSubjectToken>) => {
    holdIdp();
    const first = get(fetcher);
    await vi.waitFor(() => expect(calls).toBe(1));
    const startedAtMs = clock.now();
    clock.advance(60);
    return { first, startedAtMs };
  };
  return {
    clock,
    cache,
    idp,
    get,
    getOther,
    slowRequest,
    release: () => release(),
    calls: () => calls,
  };
}

describe('SingleFlightTokenCache and a delegation cut-off (notIssuedAtOrBeforeMs)', () => {
  it('does not serve a stored JWT minted before the cut-off though it was received after it', async () => {
    const { clock, idp, get, calls } = setup();
    // Minted at 12:00:00, received 1.5 s later; the cut-off falls between the two.
    clock.advance(1.5);
    const old = await get(idp('jwt', 1500));
    const cutoffMs = clock.now() - 500;
    clock.advance(60);
    const fresh = await get(idp('jwt', 0), { notIssuedAtOrBeforeMs: cutoffMs });
    expect(fresh.accessToken).not.toBe(old.accessToken);
    expect(calls()).toBe(2);
    // The new token replaced the old one: served from the cache from now on.
    expect((await get(idp('jwt', 0), { notIssuedAtOrBeforeMs: cutoffMs })).accessToken).toBe(
      fresh.accessToken,
    );
    expect(calls()).toBe(2);
  });

  it('keeps the clock tolerance of the cut-off: a JWT issued within it after the cut-off is not served, one issued later is', async () => {
    const { clock, idp, get, calls } = setup();
    const cutoffMs = clock.now();
    clock.advance(3);
    const within = await get(idp('jwt', 0));
    const options = { notIssuedAtOrBeforeMs: cutoffMs, clockToleranceSeconds: 5 };
    clock.advance(3);
    const later = await get(idp('jwt', 0), options);
    expect(later.accessToken).not.toBe(within.accessToken);
    expect((await get(idp('jwt', 0), options)).accessToken).toBe(later.accessToken);
    expect(calls()).toBe(2);
  });

  it('a human back right after the cut-off is not locked out: tokens issued within the tolerance are asked anew, not refused, and cached from cut-off + tolerance on', async () => {
    const { clock, idp, get, calls } = setup();
    const options = { notIssuedAtOrBeforeMs: clock.now(), clockToleranceSeconds: 15 };
    clock.advance(5);
    const first = await get(idp('opaque'), options);
    clock.advance(1);
    const second = await get(idp('opaque'), options);
    expect(second.accessToken).not.toBe(first.accessToken);
    expect(calls()).toBe(2);
    clock.advance(10);
    const settled = await get(idp('opaque'), options);
    expect((await get(idp('opaque'), options)).accessToken).toBe(settled.accessToken);
    expect(calls()).toBe(3);
  });

  it('keeps the receive time for an opaque token', async () => {
    const { clock, idp, get, calls } = setup();
    clock.advance(1.5);
    const stored = await get(idp('opaque', 1500));
    clock.advance(60);
    const cutoffMs = Date.UTC(2026, 0, 1, 12) + 1000;
    expect((await get(idp('opaque', 0), { notIssuedAtOrBeforeMs: cutoffMs })).accessToken).toBe(
      stored.accessToken,
    );
    expect(calls()).toBe(1);
  });

  it.each([
    [
      'later: an IdP clock 10 minutes ahead',
      (mintedAtMs: number) => Math.floor(mintedAtMs / 1000) + 600,
    ],
    ['far in the future', () => 1e15],
    ['a string', () => '1767268800'],
    ['a negative number', () => -1],
    ['null', () => null],
  ])(
    'does not serve a stored JWT received before the cut-off whose iat is %s: the receive time bounds the issue time',
    async (_name, iatOf) => {
      const { clock, idp, get, calls } = setup();
      const old = await get(idp(iatOf));
      clock.advance(30);
      const cutoffMs = clock.now();
      clock.advance(30);
      // The new request's JWT is an ordinary one: one with that iat may be refused in its turn.
      const fresh = await get(idp('jwt'), {
        notIssuedAtOrBeforeMs: cutoffMs,
        clockToleranceSeconds: 5,
      });
      expect(fresh.accessToken).not.toBe(old.accessToken);
      expect(calls()).toBe(2);
    },
  );

  it.each(['jwt', 'opaque'] as const)(
    'does not hand a caller with a cut-off the %s token of a request it joined that began before the cut-off, though received after it: it asks anew',
    async (mint) => {
      const { cache, idp, get, slowRequest, release, calls } = setup();
      // The request starts at 12:00:00; the IdP may mint its token any time before it answers,
      // before the cut-off too.
      const { first, startedAtMs } = await slowRequest(idp(mint));
      const cutoffMs = startedAtMs + 500;
      const joined = get(idp(mint), { notIssuedAtOrBeforeMs: cutoffMs });
      expect(cache.stats().coalesced).toBe(1);
      release();
      const [minted, served] = await Promise.all([first, joined]);
      expect(served.accessToken).not.toBe(minted.accessToken);
      expect(calls()).toBe(2);
    },
  );

  it('refuses once, with a TokenRequestError, a JWT its own request got whose iat is more than the 5-minute backdating allowance before the cut-off (an IdP reusing its tokens)', async () => {
    const { clock, idp, get, calls } = setup();
    const cutoffMs = clock.now() - 60_000;
    // Minted 6 minutes before the cut-off: older than Entra's 5-minute backdating of iat.
    const served = get(idp('jwt', 420_000), { notIssuedAtOrBeforeMs: cutoffMs });
    await expect(served).rejects.toThrow(TokenRequestError);
    await expect(served).rejects.toMatchObject({ status: 200 });
    expect(calls()).toBe(1);
    // A JWT minted after the cut-off is handed out.
    const fresh = await get(idp('jwt', 0), { notIssuedAtOrBeforeMs: cutoffMs });
    expect(fresh.accessToken).toBeDefined();
    expect(calls()).toBe(2);
  });

  it("serves Entra's own answer to a human who delegated again after the cut-off, though Entra backdates iat 5 minutes", async () => {
    // Entra dates iat (and nbf) 5 minutes before it mints a token; the request starts after the
    // cut-off, only its answer's iat reads before it.
    const { clock, idp, get, calls } = setup();
    const cutoffMs = clock.now() - 120_000;
    const served = await get(idp('jwt', 300_000), {
      notIssuedAtOrBeforeMs: cutoffMs,
      iatBackdateSeconds: 300,
    });
    expect(served.accessToken).toBeDefined();
    expect(calls()).toBe(1);
  });

  it("hands out its own request's token capped by an act assertion's expiry (Entra), whose issue time reads nearly a lifetime early", async () => {
    const { clock, get, calls } = setup();
    const cutoffMs = clock.now() - 60_000;
    const capped = async () =>
      createDualSubjectToken({
        accessToken: 'opaque-entra',
        tokenType: 'Bearer',
        expiresIn: 3600,
        scope: 'finance.read',
        actAssertion: 'assertion',
        issuedAt: clock.now(),
        notAfter: clock.now() + 300_000,
      });
    expect((await get(capped, { notIssuedAtOrBeforeMs: cutoffMs })).accessToken).toBe(
      'opaque-entra',
    );
    expect(calls()).toBe(0);
  });

  it('serves from the store, to the next call and to another instance, a token capped by an act assertion (Entra) whose request began after the cut-off', async () => {
    const { clock, idp, get, getOther, calls } = setup();
    const cutoffMs = clock.now() - 60_000;
    const first = await get(idp('opaque', 0, 300_000), { notIssuedAtOrBeforeMs: cutoffMs });
    clock.advance(10);
    const again = await get(idp('opaque', 0, 300_000), { notIssuedAtOrBeforeMs: cutoffMs });
    const elsewhere = await getOther(idp('opaque', 0, 300_000), {
      notIssuedAtOrBeforeMs: cutoffMs,
    });
    expect([again.accessToken, elsewhere.accessToken]).toEqual([
      first.accessToken,
      first.accessToken,
    ]);
    expect(calls()).toBe(1);
  });

  it.each(['this instance', 'another instance sharing the store'])(
    'still refuses, to %s, a capped token (Entra) whose request began before the cut-off, though received after it',
    async (asker) => {
      const { clock, idp, get, getOther, slowRequest, release, calls } = setup();
      const entra = idp('opaque', 0, 300_000);
      const { first, startedAtMs } = await slowRequest(entra);
      const cutoffMs = startedAtMs + 500;
      release();
      const stored = await first;
      clock.advance(1);
      const ask = asker === 'this instance' ? get : getOther;
      const served = await ask(entra, { notIssuedAtOrBeforeMs: cutoffMs });
      expect(served.accessToken).not.toBe(stored.accessToken);
      expect(calls()).toBe(2);
    },
  );

  it('refuses the answer of the request it starts after refusing a joined one, when that request too began before the cut-off', async () => {
    const { clock, cache, idp, get, slowRequest, release, calls } = setup();
    const { first, startedAtMs } = await slowRequest(idp('jwt'));
    // A cut-off ahead of this clock (recorded by an instance whose clock runs ahead).
    const cutoffMs = startedAtMs + 120_000;
    const joined = get(idp('jwt'), { notIssuedAtOrBeforeMs: cutoffMs });
    expect(cache.stats().coalesced).toBe(1);
    clock.advance(1);
    release();
    await first;
    await expect(joined).rejects.toThrow(TokenRequestError);
    expect(calls()).toBe(2);
  });

  it.each([
    ['an opaque token', 'opaque' as const],
    [
      'a JWT whose iat is after the cut-off (an IdP clock 10 minutes ahead)',
      (mintedAtMs: number) => Math.floor(mintedAtMs / 1000) + 600,
    ],
  ])(
    'does not serve another instance sharing the store %s whose request began before its cut-off, though received after it',
    async (_name, mint) => {
      const { clock, idp, getOther, slowRequest, release, calls } = setup();
      // Instance one's request starts at 12:00:00; the IdP may mint the token then, before the
      // cut-off instance two knows of, and answers a minute later.
      const { first, startedAtMs } = await slowRequest(idp(mint));
      const cutoffMs = startedAtMs + 500;
      release();
      const stored = await first;
      clock.advance(1);
      const served = await getOther(idp(mint), { notIssuedAtOrBeforeMs: cutoffMs });
      expect(served.accessToken).not.toBe(stored.accessToken);
      expect(calls()).toBe(2);
    },
  );

  it("counts a stored token's lifetime from its request's start, not from when the answer came (RFC 6749 §5.1)", async () => {
    const { clock, idp, getOther, slowRequest, release, calls } = setup();
    const { first, startedAtMs } = await slowRequest(idp('opaque'));
    release();
    const stored = await first;
    expect(stored.expiresAt).toBe(startedAtMs + 3600 * 1000);
    // Served until the 30 s refresh margin before an hour counted from the start…
    clock.ms = startedAtMs + 3569 * 1000;
    expect((await getOther(idp('opaque'))).accessToken).toBe(stored.accessToken);
    expect(calls()).toBe(1);
    // …not up to an hour after the answer came.
    clock.ms = startedAtMs + 3571 * 1000;
    expect((await getOther(idp('opaque'))).accessToken).not.toBe(stored.accessToken);
    expect(calls()).toBe(2);
  });

  it.each([
    [
      // Its issue time as the cache reads it, `expiresAt - expiresIn × 1000`, is NaN, which no
      // `<=` refuses.
      'whose expiry overflows (expiresIn 1e306, expiresAt Infinity)',
      () => ({ expiresIn: 1e306, expiresAt: Number.POSITIVE_INFINITY }),
    ],
    [
      'whose issuedAt is not a finite number',
      (nowMs: number) => ({ expiresIn: 3600, expiresAt: nowMs + 3_600_000, issuedAt: Number.NaN }),
    ],
  ])('neither keeps nor serves after the cut-off a token %s', async (_name, times) => {
    const { clock, get } = setup();
    // A fetcher not built on createDualSubjectToken (which refuses such times).
    let n = 0;
    const fetcher = async (): Promise<DualSubjectToken> => {
      n += 1;
      return {
        accessToken: `opaque-${n}`,
        tokenType: 'Bearer',
        scope: 'finance.read',
        ...times(clock.now()),
      };
    };
    const before = await get(fetcher);
    clock.advance(10);
    // Before either request: only the unreadable issue time refuses the first token.
    const cutoffMs = clock.now() - 120_000;
    const after = await get(fetcher, { notIssuedAtOrBeforeMs: cutoffMs });
    expect(after.accessToken).not.toBe(before.accessToken);
    expect(n).toBe(2);
  });

  it.each([
    ['a NaN cut-off', { notIssuedAtOrBeforeMs: Number.NaN }],
    [
      'a cut-off given as a string',
      { notIssuedAtOrBeforeMs: '1767268830000' as unknown as number },
    ],
    [
      'a negative clock tolerance',
      { notIssuedAtOrBeforeMs: 1_767_268_830_000, clockToleranceSeconds: -60 },
    ],
  ])('rejects %s with a TypeError rather than serve the stored token', async (_name, options) => {
    const { clock, idp, get, calls } = setup();
    await get(idp('jwt'));
    clock.advance(60);
    await expect(get(idp('jwt'), options)).rejects.toThrow(TypeError);
    expect(calls()).toBe(1);
  });
});
