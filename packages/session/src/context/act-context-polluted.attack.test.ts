import type { DualSubjectToken } from '@dual-auth/core';
import { describe, expect, it } from 'vitest';
import { polluted } from '../../../core/test/polluted-prototype.js';
import { UserSession } from '../user-session.js';
import { createActContext } from './act-context.js';
import { withDualSubjectToken } from './with-dual-subject-token.js';

// Review (wave 32, ownoptions): runWithAct read its options through the prototype. A
// prototype-pollution bug elsewhere in the process that set signedInAtMs on Object.prototype gave
// every context a sign-in time after any cut-off, so InSessionTokenRequest with a cutoffStore took
// every session as begun after the human's last endDelegation (the kill switch undone).
describe('runWithAct: own options only, never a polluted Object.prototype', () => {
  it('an inherited signedInAtMs is no sign-in time of the context', async () => {
    const context = createActContext();
    const seen = await polluted({ signedInAtMs: 9e15 }, () =>
      context.run({ sub: 'u-1' }, () => context.signedInAtMs?.(), {}),
    );
    expect(seen).toBeUndefined();
  });

  it('an own signedInAtMs is the sign-in time of the context', async () => {
    const context = createActContext();
    const seen = await polluted({ signedInAtMs: 9e15 }, () =>
      context.run({ sub: 'u-1' }, () => context.signedInAtMs?.(), { signedInAtMs: 1_000 }),
    );
    expect(seen).toBe(1_000);
  });
});

// Review (wave 32, ownoptions): withDualSubjectToken read options.act through the prototype: an
// act set on Object.prototype (a JSON value) was the human of every call made outside runWithAct,
// where there is none. (InSessionTokenRequest then refused it only because the act inherits
// itself as a nested act.)
describe('withDualSubjectToken: own options only', () => {
  it('an inherited act is no human for a call outside runWithAct', async () => {
    const asked: unknown[] = [];
    const tokenRequest = {
      requestToken: async (request: { act: unknown }) => {
        asked.push(request.act);
        return { accessToken: 't', tokenType: 'Bearer', expiresIn: 60 } as DualSubjectToken;
      },
    };
    const call = withDualSubjectToken(async ({ act }) => act, {
      tokenRequest,
      agentId: 'finance-agent',
      scope: ['finance.read'],
      context: createActContext(),
    });
    const called = polluted({ act: { sub: 'mallory' } }, () => call());
    await expect(called).rejects.toThrow('no human in context');
    expect(asked).toStrictEqual([]);
  });
});

// Review (wave 32, ownoptions): UserSession read its init through the prototype: a userOid set on
// Object.prototype by a pollution bug elsewhere was the Entra object id of every human whose
// session had none, and so the oid of every act the sender extracted.
describe('UserSession: own fields only', () => {
  it('an inherited userOid or userEmail is no field of the session', async () => {
    const session = await polluted(
      { userOid: 'victim-oid', userEmail: 'victim@example.com' },
      () => new UserSession({ userId: 'u-1' }),
    );
    expect(session.userOid).toBeUndefined();
    expect(session.userEmail).toBeUndefined();
  });
});
