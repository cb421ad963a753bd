import { ActVerificationError, createAdapter, type DualSubjectToken } from '@dual-auth/core';
import { endDelegation, InSessionTokenRequest, SingleFlightTokenCache } from '@dual-auth/session';
import { createRecordingLogger } from '@dual-auth/testing';
import { describe, expect, it, vi } from 'vitest';
import { PLUGINS } from '../test/support/adapter-plugins.js';
import { useLocalIdpProcesses } from '../test/support/local-idp-processes.js';
import { cutoffStoreFor, tokenCacheFor } from '../test/support/stores.js';
import {
  TEST_ENCRYPTION_KEY,
  type TokenCacheRedis,
  useTokenCacheRedis,
} from '../test/support/token-cache-scenario.js';

// Attack (several processes, time): agent instance A asks the IdP for the human's token, holding
// the shared cache's lock; instance B, asked for the same token, read the human's cut-off (none
// yet) and waits for that lock. The human's delegations are ended meanwhile. Once A lets go, B
// went on with the cut-off it read before the wait: it asked the IdP for the ended human anyway
// (the token only refused afterwards), and it took the token A stored, requested before the
// cut-off, as fresh. Each instance has its own Redis connection, adapter and cache; they share a
// process only to keep the test light. The IdP is the local one (opaque tokens: judged by when
// their request started, on the test's clock).

const at: TokenCacheRedis = useTokenCacheRedis();
let run = 0;

describe('attack: a delegation ended while another instance waited for the shared token lock (local keycloak IdP, real redis-server)', () => {
  const local = useLocalIdpProcesses(at);

  /** The token requests the IdP received so far. */
  const idpCalls = () => local.idp.requests.length;

  /** The scenario's clock, stores under one prefix, and a fetch to the IdP the test can hold. */
  function scenario() {
    const prefix = `cutoff-lock${++run}:`;
    const time = { ms: Date.now() };
    const clock = { now: () => time.ms };
    let held: Promise<void> | undefined;
    let release = () => {};
    let waiting = 0;
    /** Holds the next request to the IdP through a held instance until `answer()`. */
    const hold = () => {
      held = new Promise((resolve) => {
        release = resolve;
      });
    };
    const heldFetch: typeof fetch = async (input, init) => {
      const gate = held;
      held = undefined;
      if (gate !== undefined) {
        waiting += 1;
        await gate;
      }
      return local.idp.fetch(input, init);
    };
    /** One agent instance: its own Redis connection, adapter, shared cache and cut-off store. */
    async function instance(held = false) {
      const client = await local.connect();
      const adapter = await createAdapter(undefined, {
        env: local.idp.env('finance-agent'),
        plugins: PLUGINS,
        fetch: held ? heldFetch : local.idp.fetch,
        // Its answers dated on the scenario's clock, as the cut-offs are.
        clock,
      });
      const logger = createRecordingLogger();
      // Lock waits far longer than the test: B waits for A's lock, never past it.
      const store = tokenCacheFor(client, {
        prefix,
        encryptionKeys: [TEST_ENCRYPTION_KEY],
        clock,
        lockWaitMs: 120_000,
        lockTtlMs: 120_000,
      });
      const cache = new SingleFlightTokenCache({ store, clock, logger });
      const cutoffStore = cutoffStoreFor(client, { prefix, clock });
      const tokens = new InSessionTokenRequest({ adapter, cache, cutoffStore, clock, logger });
      return { cache, cutoffStore, logger, tokens };
    }
    return {
      time,
      clock,
      hold,
      answer: () => release(),
      heldRequests: () => waiting,
      instance,
    };
  }

  const human = () => {
    const first = [...local.idp.humans.values()][0];
    if (first === undefined) throw new Error('no human');
    return first.sub;
  };

  type Instance = Awaited<ReturnType<ReturnType<typeof scenario>['instance']>>;
  const ask = (of: Instance, sub: string, signedInAtMs: number): Promise<DualSubjectToken> =>
    of.tokens.requestToken({
      agentId: 'finance-agent',
      act: { sub },
      scope: ['finance.read'],
      signedInAtMs,
    });
  const refusal = (error: unknown) =>
    ActVerificationError.isInstance(error) ? error.reason : String(error);
  /** Resolves once `of`'s cache has read the store and started its request (it then locks). */
  const started = (of: Instance) =>
    vi.waitFor(
      () => expect(of.logger.records.some((r) => r.event === 'token_cache_miss')).toBe(true),
      { timeout: 60_000 },
    );

  it('gives the waiting instance no IdP request and no token: a typed refusal, audited DENY', async () => {
    const { time, clock, hold, answer, heldRequests, instance } = scenario();
    const [a, b] = [await instance(true), await instance()];
    const sub = human();
    const signedInAtMs = time.ms - 60_000;
    const before = idpCalls();
    hold();
    const atA = ask(a, sub, signedInAtMs).catch(refusal);
    await vi.waitFor(() => expect(heldRequests()).toBe(1), { timeout: 60_000 });
    // B read no cut-off and waits for A's lock.
    const atB = ask(b, sub, signedInAtMs).catch(refusal);
    await started(b);
    time.ms += 1_000;
    await endDelegation({ human: sub, cache: a.cache, cutoffStore: a.cutoffStore, clock });
    time.ms += 1_000;
    answer();
    expect({ a: await atA, b: await atB, idpCalls: idpCalls() - before }).toEqual({
      a: 'revoked',
      b: 'revoked',
      idpCalls: 1,
    });
    const denied = b.logger.records.filter((r) => r.event === 'dual_auth_decision');
    expect(denied.map((r) => [r.fields?.decision, r.fields?.reason])).toEqual([
      ['DENY', 'act_jwt.revoked'],
    ]);
  });

  it("does not take the token another instance stored, requested before a cut-off the waiting instance's delegation postdates", async () => {
    const { time, hold, answer, heldRequests, instance } = scenario();
    const [a, b] = [await instance(true), await instance()];
    const sub = human();
    const before = idpCalls();
    hold();
    // Instance A: a delegation of a sign-in a minute old; its request goes out now.
    const atA = ask(a, sub, time.ms - 60_000).catch(refusal);
    await vi.waitFor(() => expect(heldRequests()).toBe(1), { timeout: 60_000 });
    time.ms += 100_000;
    // Instance B: the human signed in again; B read no cut-off and waits for A's lock.
    const signedInAgainMs = time.ms;
    const atB = ask(b, sub, signedInAgainMs);
    await started(b);
    time.ms += 2_000;
    // An admin service ends the delegations of the sign-in A's request is for; its clock runs 50 s
    // behind, so the cut-off falls between A's request and B's sign-in. It keeps no token cache.
    const behind = { now: () => time.ms - 50_000 };
    const { cutoffMs } = await endDelegation({
      human: sub,
      cutoffStore: a.cutoffStore,
      clock: behind,
    });
    expect(cutoffMs).toBeLessThan(signedInAgainMs);
    answer();
    expect(await atA).toBe('revoked');
    const token = await atB;
    // A's token (its request started before the cut-off) was stored; B asked for its own.
    expect(idpCalls() - before).toBe(2);
    expect(token.issuedAt).toBeGreaterThan(cutoffMs);
  });
});
