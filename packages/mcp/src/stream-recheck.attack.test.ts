import {
  type DelegationCutoffStore,
  delegationCutoffVerdict,
  InMemoryDelegationCutoffStore,
} from '@dual-auth/core';
import type { DualSubject } from '@dual-auth/resource';
import { describe, expect, it } from 'vitest';
import { offlineGuard } from '../test/support/offline-guard.js';
import { atDelegationCutoff, atStreamEnd, bodyEndingAt } from './at-token-expiry.js';

const IAT_MS = 1_800_000_000_000;

const subjectOf = (sub: string, raw: Record<string, unknown> = {}): DualSubject =>
  ({
    agent: { id: 'finance-agent', raw: { iat: IAT_MS / 1000, exp: IAT_MS / 1000 + 3600, ...raw } },
    human: { sub, raw: { sub } },
  }) as unknown as DualSubject;

/** A clock at `IAT_MS + 60 s` whose armed timers the test sees and fires. */
function controlledClock() {
  const armed = new Set<{ atMs: number; fire: () => void }>();
  return {
    armed,
    now: () => IAT_MS + 60_000,
    setTimer(atMs: number, fire: () => void) {
      const timer = { atMs, fire };
      armed.add(timer);
      return () => void armed.delete(timer);
    },
    /** Fires the one timer armed. */
    fireOnly() {
      expect(armed.size).toBe(1);
      const [timer] = armed;
      armed.delete(timer as never);
      timer?.fire();
    },
  };
}

function logged() {
  const warnings: { event: string; fields: unknown }[] = [];
  const logger = {
    debug() {},
    info() {},
    warn(event: string, fields: unknown) {
      warnings.push({ event, fields });
    },
    error() {},
  };
  return { logger, warnings };
}

/**
 * The stream of `subject` (default: alice's) re-checked in `store` every second on a controlled
 * clock, judged as a guard of an IdP dating `iat` back `iatBackdateSeconds` (default 0) with a
 * 60 s tolerance: its clock, its warnings and how often it ended.
 */
function watched(
  store: DelegationCutoffStore,
  { subject = subjectOf('00u-alice'), iatBackdateSeconds = 0 } = {},
) {
  const clock = controlledClock();
  const { logger, warnings } = logged();
  let ended = 0;
  const cutoff = {
    cutoffOf: store.cutoffOf.bind(store),
    iatBackdateSeconds,
    clockToleranceSeconds: 60,
  };
  atDelegationCutoff(subject, clock, { cutoff, intervalMs: 1_000, logger }, () => void ended++);
  return { clock, warnings, ended: () => ended };
}

describe('attack: a cut-off store that never answers a re-check', () => {
  it('ends the stream one interval later (fail closed), with one timer armed at a time', async () => {
    let reads = 0;
    const store = {
      endDelegation: async () => undefined,
      cutoffOf: (): Promise<number | undefined> =>
        ++reads === 1 ? Promise.resolve(undefined) : new Promise<never>(() => undefined),
    };
    const { clock, warnings, ended } = watched(store);
    await expect.poll(() => reads).toBe(1);
    await new Promise((resolve) => setImmediate(resolve));
    clock.fireOnly();
    await expect.poll(() => reads).toBe(2);
    expect(ended()).toBe(0);
    clock.fireOnly();
    await expect.poll(() => ended()).toBe(1);
    expect(clock.armed.size).toBe(0);
    expect(reads).toBe(2);
    expect(warnings).toEqual([
      {
        event: 'dual_auth_stream_cutoff_unavailable',
        fields: {
          agent_id: 'finance-agent',
          human_id: '00u-alice',
          error_type: 'StoreUnavailableError',
        },
      },
    ]);
  });

  it('ends the stream when the read as it opens never answers', async () => {
    const store = {
      endDelegation: async () => undefined,
      cutoffOf: (): Promise<number | undefined> => new Promise<never>(() => undefined),
    };
    const { clock, ended } = watched(store);
    await new Promise((resolve) => setImmediate(resolve));
    clock.fireOnly();
    await expect.poll(() => ended()).toBe(1);
    expect(clock.armed.size).toBe(0);
  });
});

describe('attack: the re-check interval at its edges', () => {
  it.each([0, -1, Number.NaN, 1.5, 99, 2 ** 31, Number.POSITIVE_INFINITY, '15000'])(
    'refuses %o at creation (Node would fire a timer past 2^31-1 ms after 1 ms)',
    async (intervalMs) => {
      const { requireDualAuth } = await import('./express/require-dual-auth.js');
      const { dualAuthMcpHandler } = await import('./fetch/dual-auth-mcp-handler.js');
      const resourceServerUrl = new URL('https://mcp.example.com/mcp');
      const cutoffStore = new InMemoryDelegationCutoffStore();
      const options = {
        guard: offlineGuard(resourceServerUrl, { cutoffStore }),
        resourceServerUrl,
        delegationRecheckIntervalMs: intervalMs as number,
      };
      expect(() => requireDualAuth(options)).toThrow(/options\.delegationRecheckIntervalMs/);
      expect(() => dualAuthMcpHandler(options, () => new Response(''))).toThrow(
        /options\.delegationRecheckIntervalMs/,
      );
    },
  );
});

describe('attack: which cut-offs end the stream', () => {
  async function endedAfterRecheck(
    record: (store: InMemoryDelegationCutoffStore) => Promise<void>,
    subject = subjectOf('00u-alice'),
  ) {
    const store = new InMemoryDelegationCutoffStore();
    const { clock, ended } = watched(store, { subject });
    await new Promise((resolve) => setImmediate(resolve));
    await record(store);
    clock.fireOnly();
    await new Promise((resolve) => setImmediate(resolve));
    return { ended: ended(), armed: clock.armed.size };
  }

  it("another human's cut-off (or the agent's id as a human) leaves this stream open", async () => {
    expect(
      await endedAfterRecheck(async (store) => {
        await store.endDelegation('00u-bob', IAT_MS + 120_000, 86_400_000);
        await store.endDelegation('finance-agent', IAT_MS + 120_000, 86_400_000);
        await store.endDelegation('00U-ALICE', IAT_MS + 120_000, 86_400_000);
      }),
    ).toEqual({ ended: 0, armed: 1 });
  });

  it('a cut-off dated before the token was issued leaves it open; one at its iat ends it', async () => {
    expect(
      await endedAfterRecheck((store) => store.endDelegation('00u-alice', IAT_MS - 1, 86_400_000)),
    ).toEqual({ ended: 0, armed: 1 });
    expect(
      await endedAfterRecheck((store) => store.endDelegation('00u-alice', IAT_MS, 86_400_000)),
    ).toEqual({ ended: 1, armed: 0 });
  });

  it('a cut-off recorded twice ends the stream once', async () => {
    expect(
      await endedAfterRecheck(async (store) => {
        await store.endDelegation('00u-alice', IAT_MS + 120_000, 86_400_000);
        await store.endDelegation('00u-alice', IAT_MS + 120_000, 86_400_000);
      }),
    ).toEqual({ ended: 1, armed: 0 });
  });

  it("a cut-off under the human's oid only (Entra ID's pairwise sub) ends it", async () => {
    const subject = {
      ...subjectOf('pairwise-sub'),
      human: { sub: 'pairwise-sub', oid: 'oid-alice', raw: { sub: 'pairwise-sub' } },
    } as unknown as DualSubject;
    expect(
      await endedAfterRecheck(
        (store) => store.endDelegation('oid-alice', IAT_MS + 120_000, 86_400_000),
        subject,
      ),
    ).toEqual({ ended: 1, armed: 0 });
  });

  it('a store that throws on a re-check ends the stream once, logged with its class only', async () => {
    let reads = 0;
    const store = {
      endDelegation: async () => undefined,
      cutoffOf: async (): Promise<number | undefined> => {
        if (++reads > 1) throw new TypeError('redis://user:secret@host refused alice@corp.example');
        return undefined;
      },
    };
    const { clock, warnings, ended } = watched(store);
    await new Promise((resolve) => setImmediate(resolve));
    clock.fireOnly();
    await expect.poll(() => ended()).toBe(1);
    expect(clock.armed.size).toBe(0);
    expect(JSON.stringify(warnings)).not.toMatch(/secret|corp\.example/);
    expect(warnings).toHaveLength(1);
  });
});

describe('attack: timers left behind by hundreds of streams (real timers, system clock)', () => {
  const timeouts = () =>
    process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length;

  it('none stays once the streams close by themselves or are cancelled by their clients', async () => {
    const before = timeouts();
    const store = new InMemoryDelegationCutoffStore();
    const now = Date.now();
    const subject = {
      agent: {
        id: 'finance-agent',
        raw: { iat: Math.floor(now / 1000), exp: Math.floor(now / 1000) + 3600 },
      },
      human: { sub: '00u-alice', raw: { sub: '00u-alice' } },
    } as unknown as DualSubject;
    const cutoff = {
      cutoffOf: store.cutoffOf.bind(store),
      iatBackdateSeconds: 0,
      clockToleranceSeconds: 15,
    };
    const recheck = { cutoff, intervalMs: 60_000, logger: logged().logger };
    const bodies: ReadableStream<Uint8Array>[] = [];
    const sources: ReadableStreamDefaultController<Uint8Array>[] = [];
    for (let i = 0; i < 300; i++) {
      const inner = new ReadableStream<Uint8Array>({
        start: (controller) => void sources.push(controller),
      });
      const response = bodyEndingAt(new Response(inner), (end) =>
        atStreamEnd(subject, { now: () => Date.now() }, recheck, end),
      );
      bodies.push(response.body as ReadableStream<Uint8Array>);
    }
    await new Promise((resolve) => setImmediate(resolve));
    // Two timers a stream: its token's exp, its next re-read (the runner's own come and go).
    expect(timeouts() - before).toBeGreaterThanOrEqual(590);
    // Half end by themselves (the server's stream closes), half are cancelled by their clients.
    await Promise.all(
      bodies.map(async (body, i) => {
        const reader = body.getReader();
        if (i % 2 === 0) {
          sources[i]?.close();
          expect((await reader.read()).done).toBe(true);
        } else {
          await reader.cancel();
        }
      }),
    );
    await new Promise((resolve) => setImmediate(resolve));
    expect(timeouts()).toBeLessThanOrEqual(before);
  });
});

// The gap: a cut-off recorded after the guard read the store but before the stream's first read,
// less than 600 s after the token's `iat`, let the stream run to its `exp`. With how the guard
// judges a token against a cut-off (its IdP's backdate, its clock tolerance), the first read ends
// the stream exactly when the guard would now refuse its token, and never a fresh one's.
describe('attack: a cut-off recorded between the guard’s read and the stream’s first one', () => {
  async function firstRead(cutoffAfterIatMs: number, iatBackdateSeconds: number) {
    const store = new InMemoryDelegationCutoffStore();
    await store.endDelegation('00u-alice', IAT_MS + cutoffAfterIatMs, 86_400_000);
    const { ended } = watched(store, { iatBackdateSeconds });
    await new Promise((resolve) => setImmediate(resolve));
    return ended();
  }

  it('ends the stream of a token the guard would now refuse under it', async () => {
    expect(await firstRead(100_000, 0)).toBe(1);
    expect(await firstRead(-59_000, 0)).toBe(1); // within the tolerance after the cut-off
    expect(await firstRead(250_000, 300)).toBe(1);
  });

  it('leaves open the stream of a token minted after it (a new sign-in), as the guard admits it', async () => {
    expect(await firstRead(-61_000, 0)).toBe(0);
    // Entra ID dates iat 5 min back: a cut-off 100 s "after" iat was before the token was minted.
    expect(await firstRead(100_000, 300)).toBe(0);
  });

  // Review (wave 29, reviewd): both sides of each edge agree with the guard's own verdict (core's
  // `delegationCutoffVerdict`), with and without an IdP's backdate.
  it.each([
    [-60_000, 0, 1],
    [-60_001, 0, 0],
    [240_000, 300, 1],
    [239_999, 300, 0],
  ])(
    'a cut-off %i ms after iat, backdate %i s: ends %i stream, as the guard refuses',
    async (after, backdate, ends) => {
      expect(await firstRead(after, backdate)).toBe(ends);
      const store = new InMemoryDelegationCutoffStore();
      await store.endDelegation('00u-alice', IAT_MS + after, 86_400_000);
      const verdict = await delegationCutoffVerdict({
        store,
        human: { sub: '00u-alice' },
        iatSeconds: IAT_MS / 1000,
        iatBackdateSeconds: backdate,
        clockToleranceSeconds: 60,
      });
      expect(verdict.state).toBe(ends === 1 ? 'ended' : 'open');
    },
  );
});
