import { beforeAll, describe, expect, it } from 'vitest';
import { standardGuardOptions, standardToken } from '../test/support/standard-idp.js';
import { createSigningKey, type SigningKey } from '../test/support/token-kit.js';
import type { HopCheck, SubjectCheck } from './authorize.js';
import { cachedCheck } from './cached-check.js';
import { createDualAuthGuard } from './dual-auth-guard.js';
import { actorIn } from './subject-checks.js';

// Attack (session 39): `cachedCheck` files an answer under the subject (vendor, issuer, agent,
// human), never under the hop a hop check is asked about, and the guard asks about every actor
// of a chain at once: wrapped around `actorIn` (JavaScript, or a cast: its type is a HopCheck), it
// answered every actor with the first one's answer, so an untrusted earlier actor passed
// `hopAllowed` behind a trusted agent. An id list is a set lookup: there is nothing to cache.

let idpKey: SigningKey;
beforeAll(async () => {
  idpKey = await createSigningKey('std-1');
});

describe('cachedCheck around a hop check', () => {
  it('refuses actorIn at creation, saying to give it unwrapped', () => {
    const hop = actorIn(['finance-agent']) as unknown as SubjectCheck;
    expect(() => cachedCheck(hop, { ttlMs: 60_000 })).toThrow(TypeError);
    expect(() => cachedCheck(hop, { ttlMs: 60_000 })).toThrow(
      /actorIn is a hop check.*give it to hopAllowed unwrapped/,
    );
  });

  it('actorIn unwrapped refuses the untrusted earlier actor the wrapper let through', async () => {
    const guard = createDualAuthGuard({
      ...standardGuardOptions(idpKey),
      hopAllowed: actorIn(['finance-agent']) satisfies HopCheck,
    });
    const token = await standardToken(idpKey, {
      sub: 'user-1',
      client_id: 'finance-agent',
      act: { sub: 'finance-agent', act: { sub: 'untrusted-agent' } },
    });
    const decision = await guard.checkRequest(
      new Request('https://api.test/accounts', { headers: { authorization: `Bearer ${token}` } }),
    );
    expect(decision).toMatchObject({ decision: 'DENY', status: 403 });
  });
});
