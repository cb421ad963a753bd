import { InMemoryReplayStore } from '@dual-auth/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { entraBoundOptions } from '../test/support/entra-bound-options.js';
import {
  accessToken,
  actAssertion,
  createSigningKeys,
  fixedClock,
  NOW_S,
  type SigningKey,
  VENDOR_SETUP,
} from '../test/support/token-kit.js';
import {
  type VerifyDualSubjectTokenOptions,
  verifyDualSubjectToken,
} from './verify-dual-subject-token.js';
import type { AppKeyMap } from './verify-options.js';

// Attack on bounds (Session 10, breaker18): ONE agent application with a key of its own in
// `appKeys` mints as many valid act assertions as it likes. Each fresh `jti` takes a place in the
// replay store the API shares between all agent applications; once the store is full, the
// in-memory store forgets the entries that expire first — other applications' — and then
// refuses (ReplayStoreFullError) every claim that expires no later than what it forgot.
// Concrete impact: another agent application's valid token + assertion pair, sent again as the
// adapter does (cached pair, retry), is refused; with a larger burst, even its fresh assertions
// are. Cost to the attacker: `maxEntries` valid requests within an assertion's life (default
// 100 000 in 300 s ≈ 333 requests/s) for the first; 2 × `maxEntries` within
// `clockToleranceSeconds` for the second. The store is made small here so the test is fast; the
// arithmetic is the same at any size.
// Suggested fix: give each agent application (the key prefix `act-assertion:<appId>:`) its own
// share of the store — a partition option on `claim`, or one store per application — so a full
// share refuses only its own application's new claims and never forgets another's entries.

const ENTRA = VENDOR_SETUP.entraid;
const VICTIM_APP = ENTRA.agentId;
const ATTACKER_APP = '99999999-8888-7777-6666-555555555555';
const MAX_ENTRIES = 40;
const TOLERANCE_S = 5;

let idpKey: SigningKey;
let victimKey: SigningKey;
let attackerKey: SigningKey;

beforeAll(async () => {
  [idpKey, victimKey, attackerKey] = await createSigningKeys(
    'entra-idp',
    'victim-app',
    'attacker-app',
  );
});

function options(replayStore: InMemoryReplayStore): VerifyDualSubjectTokenOptions {
  const appKeys: AppKeyMap = new Map([
    [VICTIM_APP, victimKey.publicKey],
    [ATTACKER_APP, attackerKey.publicKey],
  ]);
  return {
    ...entraBoundOptions(idpKey, appKeys, replayStore),
    clockToleranceSeconds: TOLERANCE_S,
  };
}

/** Issued as late as the tolerance allows, living the longest allowed: they expire last. */
const LATEST = { iat: NOW_S + TOLERANCE_S, exp: NOW_S + TOLERANCE_S + 300 };

/** The attacker's own valid token, and `count` valid assertions for it, each a fresh `jti`. */
async function flood(
  store: InMemoryReplayStore,
  count: number,
  times: { iat: number; exp: number } = LATEST,
): Promise<void> {
  const token = await accessToken('entraid', idpKey, { appid: ATTACKER_APP });
  const claims = { iss: ATTACKER_APP, sub: ATTACKER_APP, ...times };
  for (let i = 0; i < count; i += 1) {
    const subject = await verifyDualSubjectToken(token, {
      ...options(store),
      actAssertion: await actAssertion(attackerKey, claims),
    });
    expect(subject.agent.id).toBe(ATTACKER_APP);
  }
}

describe('attack: one agent application crowds the shared in-memory replay store', () => {
  it("another application's cached token + assertion pair is still accepted after one application's flood of valid assertions", async () => {
    const store = new InMemoryReplayStore({ maxEntries: MAX_ENTRIES, clock: fixedClock });
    const victimToken = await accessToken('entraid', idpKey);
    const victimAssertion = await actAssertion(victimKey);
    const victim = () =>
      verifyDualSubjectToken(victimToken, { ...options(store), actAssertion: victimAssertion });
    expect((await victim()).agent.id).toBe(VICTIM_APP);
    expect((await victim()).agent.id).toBe(VICTIM_APP); // the same pair again: allowed by design

    await flood(store, MAX_ENTRIES);

    // Today: ReplayStoreFullError — the victim's entry was forgotten to make room for the attacker's.
    expect((await victim()).agent.id).toBe(VICTIM_APP);
  });

  it("another application's FRESH assertion is accepted after one application's burst of maxEntries + 1 valid assertions", async () => {
    const store = new InMemoryReplayStore({ maxEntries: MAX_ENTRIES, clock: fixedClock });

    await flood(store, MAX_ENTRIES);
    // One more, minted like the adapter mints (now, 300 s): it expires first, so the store
    // forgets it at once (and accepts it) and from then on refuses every claim expiring no later.
    await flood(store, 1, { iat: NOW_S, exp: NOW_S + 300 });

    // The victim's assertion, minted now the way the adapter mints: today refused as undecidable
    // (ReplayStoreFullError), for every application, until the forgotten entry would have expired.
    const subject = await verifyDualSubjectToken(await accessToken('entraid', idpKey), {
      ...options(store),
      actAssertion: await actAssertion(victimKey),
    });
    expect(subject.agent.id).toBe(VICTIM_APP);
  });
});
