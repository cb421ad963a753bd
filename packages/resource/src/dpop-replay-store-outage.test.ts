import { InMemoryReplayStore, type ReplayStore, StoreUnavailableError } from '@dual-auth/core';
import { expect, it } from 'vitest';
import {
  DPOP_HTU,
  dpopFixture,
  dpopGuardInput,
  fixedClock,
  NOW_S,
  proofFor,
} from '../test/support/dpop-fixture.js';
import { keycloakGuardOptions } from '../test/support/keycloak-guard-options.js';
import { createDualAuthGuard } from './dual-auth-guard.js';

// The proof's jti is claimed after the token verified and was found bound to the proof's key: a
// store that does not answer leaves only the replay undecided. The 503's audit record names who
// the token was verified for (IAM ids, as any record does), not `agent_id: null`.

const { idpKey, key, token } = await dpopFixture();

it('a replay store that throws StoreUnavailableError: 503, audited with the verified agent and human', async () => {
  const down: ReplayStore = {
    claim: () => Promise.reject(new StoreUnavailableError('claim', 'Redis did not answer')),
  };
  const guard = createDualAuthGuard({
    ...keycloakGuardOptions(idpKey.publicJwk),
    dpop: { replayStore: down },
  });
  const decision = await guard.check(
    dpopGuardInput('https://api.example.com/api/balance', token, await proofFor(key, token)),
  );
  expect(decision).toMatchObject({
    decision: 'DENY',
    status: 503,
    headers: { 'retry-after': '5' },
    body: { error: 'temporarily_unavailable' },
  });
  expect(decision.audit).toMatchObject({
    reason: 'dpop_proof.replay_store_unavailable',
    failed_side: 'credentials',
    agent_id: 'finance-agent',
    human_id: 'user-123',
    status: 503,
  });
});

it('a proof refused before the token verified: no one is named', async () => {
  const guard = createDualAuthGuard({ ...keycloakGuardOptions(idpKey.publicJwk), dpop: {} });
  const decision = await guard.check(
    dpopGuardInput(
      'https://api.example.com/api/balance',
      token,
      await proofFor(key, token, { htm: 'POST' }),
    ),
  );
  expect(decision.audit).toMatchObject({
    reason: 'dpop_proof.binding_mismatch',
    agent_id: null,
    human_id: null,
  });
});

it('an in-memory replay store whose agent share is full: 503 replay_store_unavailable naming the agent, not an anonymous verification_unavailable', async () => {
  // One entry per agent: a second proof that expires sooner is taken and forgotten at once, so a
  // third expiring no later cannot be told from a replay of it (ReplayStoreFullError).
  const guard = createDualAuthGuard({
    ...keycloakGuardOptions(idpKey.publicJwk),
    dpop: { replayStore: new InMemoryReplayStore({ maxEntries: 1, clock: fixedClock }) },
  });
  const check = async (iat: number) =>
    guard.check(dpopGuardInput(DPOP_HTU, token, await proofFor(key, token, { iat })));
  expect((await check(NOW_S)).decision).toBe('ALLOW');
  expect((await check(NOW_S - 10)).decision).toBe('ALLOW');
  const decision = await check(NOW_S - 20);
  expect(decision).toMatchObject({
    decision: 'DENY',
    status: 503,
    body: { error: 'temporarily_unavailable' },
  });
  expect(decision.audit).toMatchObject({
    reason: 'dpop_proof.replay_store_unavailable',
    agent_id: 'finance-agent',
  });
});

it('an in-memory replay store whose clock jumped ahead and was set right: a replayed proof is 503, never admitted', async () => {
  let nowMs = NOW_S * 1000;
  const storeClock = { now: () => nowMs };
  const guard = createDualAuthGuard({
    ...keycloakGuardOptions(idpKey.publicJwk),
    dpop: { replayStore: new InMemoryReplayStore({ clock: storeClock }) },
  });
  const proof = await proofFor(key, token);
  const check = async (dpop: string) => guard.check(dpopGuardInput(DPOP_HTU, token, dpop));
  expect((await check(proof)).decision).toBe('ALLOW');
  nowMs += 3_600_000; // the store's clock jumps an hour ahead: the next claim sweeps the first
  expect((await check(await proofFor(key, token))).decision).toBe('ALLOW');
  nowMs -= 3_600_000; // set right
  const replay = await check(proof);
  // Before core's fix: ALLOW, the replayed proof admitted.
  expect(replay).toMatchObject({ decision: 'DENY', status: 503 });
  expect(replay.audit).toMatchObject({ reason: 'dpop_proof.replay_store_unavailable' });
});
