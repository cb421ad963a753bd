import { createLocalJWKSet } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { createSigningKey, fixedClock, type SigningKey } from '../test/support/token-kit.js';
import { REALM_A, REALM_B, requestFrom, twoRealmGuard } from '../test/support/two-realms.js';
import type { SubjectCheck } from './authorize.js';
import { cachedCheck } from './cached-check.js';

// A guard that trusts two issuers (two Keycloak realms, two tenants of a multi-tenant API): client
// ids are admin-chosen names and `act.sub` is whatever the issuing realm writes, so without the
// issuer in its built-in keys cachedCheck would hand realm B the answer it gave for realm A's
// same-named agent and human.
let keyA: SigningKey;
let keyB: SigningKey;

beforeAll(async () => {
  [keyA, keyB] = await Promise.all([createSigningKey('realm-a'), createSigningKey('realm-b')]);
});

// Each realm's own keys: one realm's key must not verify the other's tokens.
const guardWith = (humanAllowed: SubjectCheck) =>
  twoRealmGuard(
    new Map([
      [REALM_A, createLocalJWKSet({ keys: [keyA.publicJwk] })],
      [REALM_B, createLocalJWKSet({ keys: [keyB.publicJwk] })],
    ]),
    humanAllowed,
  );

// Only realm A's agent and user-123 pass: the check reads the issuer, as it must.
const onlyRealmAUser: SubjectCheck = ({ subject }) =>
  subject.agent.raw.iss === REALM_A && subject.human.sub === 'user-123';

describe.each(['pair', 'human', 'agent'] as const)('cachedCheck key %s across issuers', (key) => {
  it('does not hand realm A’s cached ALLOW to a same-named agent or human of realm B', async () => {
    const guard = guardWith(cachedCheck(onlyRealmAUser, { ttlMs: 60_000, key, clock: fixedClock }));
    // Uncached, realm B is refused: the check itself is right.
    const fresh = guardWith(onlyRealmAUser);
    expect((await fresh.checkRequest(await requestFrom(REALM_B, keyB))).decision).toBe('DENY');

    expect((await guard.checkRequest(await requestFrom(REALM_A, keyA))).decision).toBe('ALLOW');
    const fromB = await guard.checkRequest(await requestFrom(REALM_B, keyB));
    expect(fromB.decision).toBe('DENY');
  });
});

describe('cachedCheck while an abandoned lookup deaf to its signal hangs', () => {
  const subject = (sub: string) =>
    ({
      vendor: 'keycloak',
      agent: { id: 'agent', raw: { iss: REALM_A } },
      human: { sub },
    }) as never;

  it('requests that gave up share one waiting lookup, run with the latest request once the hung one settles', async () => {
    const held: Array<(value: boolean) => void> = [];
    const asked: string[] = [];
    const hangs: SubjectCheck = ({ subject: s }) => {
      asked.push(s.human.sub);
      return new Promise<boolean>((resolve) => held.push(resolve));
    };
    const check = cachedCheck(hangs, { ttlMs: 60_000, key: 'agent', clock: fixedClock });
    const request = (sub: string) => {
      const deadline = new AbortController();
      const answer = Promise.resolve(
        check({ subject: subject(sub), signal: deadline.signal } as never),
      );
      return { answer, giveUp: () => deadline.abort(new DOMException('deadline', 'TimeoutError')) };
    };
    const first = request('user-1');
    first.giveUp();
    await expect(first.answer).rejects.toThrow('deadline');
    for (const sub of ['user-2', 'user-3']) {
      const gone = request(sub);
      gone.giveUp();
      await expect(gone.answer).rejects.toThrow('deadline');
    }
    const waiting = request('user-4');
    expect(asked).toEqual(['user-1']); // never two lookups at once for one key
    held[0]?.(true);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(asked).toEqual(['user-1', 'user-4']); // one successor, with the latest request
    held[1]?.(false);
    expect(await waiting.answer).toBe(false);
    expect(
      await check({ subject: subject('user-5'), signal: new AbortController().signal } as never),
    ).toBe(false); // cached
    expect(asked).toHaveLength(2);
  });
});

describe('cachedCheck on a clock stepped back', () => {
  it('asks again rather than reuse an answer past ttlMs: a role taken away is seen', async () => {
    let nowMs = Date.UTC(2026, 11, 5, 12);
    const clock = { now: () => nowMs };
    let roles = ['FinanceUser'];
    const lookups: string[] = [];
    const check = cachedCheck(
      ({ subject }) => {
        lookups.push(subject.human.sub);
        return roles.includes('FinanceUser');
      },
      { ttlMs: 60_000, key: 'human', clock },
    );
    const subject = {
      vendor: 'keycloak',
      agent: { id: 'agent', raw: { iss: REALM_A } },
      human: { sub: 'user-123' },
    } as never;
    const ask = () =>
      Promise.resolve(check({ subject, signal: new AbortController().signal } as never));
    expect(await ask()).toBe(true);
    roles = []; // taken away in the directory
    nowMs += 30_000;
    expect(await ask()).toBe(true); // within ttlMs: the cached answer, as documented
    // NTP steps the clock back 10 minutes: the answer would be reused 10 minutes past ttlMs.
    nowMs -= 600_000;
    expect(await ask()).toBe(false);
    expect(lookups).toHaveLength(2);
  });
});
