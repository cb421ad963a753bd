import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { createDualSubjectToken, type DualSubjectTokenInit } from './dual-subject-token.js';

const FIELDS = {
  accessToken: 'AT.SECRET.SIG',
  tokenType: 'Bearer',
  expiresIn: 300,
  issuedAt: 1_800_000_000_000,
  scope: 'finance.read',
};

function token(init: Partial<DualSubjectTokenInit> = {}) {
  return createDualSubjectToken({ ...FIELDS, ...init });
}

describe('who a DualSubjectToken was asked for', () => {
  it('is read as humanId and agentId; toJSON and util.inspect show the agent only', () => {
    const t = token({ humanId: 'u-1', agentId: 'finance-agent' });
    expect(t.humanId).toBe('u-1');
    expect(t.agentId).toBe('finance-agent');
    expect(JSON.parse(JSON.stringify(t))).toMatchObject({ agentId: 'finance-agent' });
    expect(inspect(t)).toContain('"agentId":"finance-agent"');
  });

  it('is undefined, and not shown, for a token made without it', () => {
    const t = token();
    expect(t.humanId).toBeUndefined();
    expect(t.agentId).toBeUndefined();
    expect(JSON.stringify(t)).not.toContain('agentId');
  });

  // The string forms name no human: they blank the human in a per-user scope, and the id may be
  // an email (an Entra UPN, an Okta login).
  it.each(['u-1', 'alice@example.com'])(
    'shows human id %s in no string form or copy',
    (humanId) => {
      const t = token({ humanId, agentId: 'finance-agent' });
      expect(t.humanId).toBe(humanId);
      const shown = [
        `${t}`,
        JSON.stringify(t),
        inspect(t),
        inspect({ ...t }),
        JSON.stringify(Object.entries(t)),
        inspect(structuredClone(t)),
        inspect(t, { customInspect: false }),
      ];
      for (const text of shown) expect(text).not.toContain(humanId);
    },
  );

  it.each([
    ['humanId', 42],
    ['humanId', ''],
    ['agentId', { id: 'finance-agent' }],
    ['agentId', ''],
  ])('refuses %s %o with a TypeError', (field, value) => {
    expect(() => token({ [field]: value } as Partial<DualSubjectTokenInit>)).toThrow(
      new TypeError(`${field} must be a non-empty string (an IAM id: who the token was asked for)`),
    );
  });
});
