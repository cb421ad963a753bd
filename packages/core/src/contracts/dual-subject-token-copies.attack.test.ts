import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { createDualSubjectToken } from './dual-subject-token.js';

// A per-user scope as an IdP may grant it: the human's email, name and id in it.
const SCOPE = 'files:alice@example.com read people:Alice-Smith u-1';
const PERSONAL = ['alice@example.com', 'Alice-Smith', 'u-1', 'AT.SECRET', 'AA.SECRET'];

function token() {
  return createDualSubjectToken({
    accessToken: 'AT.SECRET.SIG',
    actAssertion: 'AA.SECRET.SIG',
    tokenType: 'Bearer',
    expiresIn: 300,
    issuedAt: 1_800_000_000_000,
    scope: SCOPE,
    people: ['Alice-Smith', 'u-1'],
  });
}

describe('a DualSubjectToken copied the ways code copies objects shows no personal text', () => {
  // Once, `scope` was an own enumerable property: each of these showed it as granted.
  const COPIES: [string, (t: ReturnType<typeof token>) => string][] = [
    ['a spread, logged', (t) => inspect({ ...t })],
    ['Object.entries', (t) => JSON.stringify(Object.entries(t))],
    ['Object.assign', (t) => JSON.stringify(Object.assign({}, t))],
    ['structuredClone, logged', (t) => inspect(structuredClone(t))],
    ['util.inspect without custom inspect', (t) => inspect(t, { customInspect: false })],
  ];

  it.each(COPIES)('%s', (_name, copy) => {
    const shown = copy(token());
    for (const text of PERSONAL) expect(shown).not.toContain(text);
    expect(shown).toContain('Bearer');
  });

  it('still reads the scope as granted through the property', () => {
    const t = token();
    expect(t.scope).toBe(SCOPE);
    expect(`${t}`).not.toContain('alice@example.com');
  });
});
