import { describe, expect, it } from 'vitest';
import { deepFreeze } from './deep-freeze.js';

describe('deepFreeze', () => {
  it('freezes every nested object and array, and returns its argument', () => {
    const answer = { act: { sub: 'u-1' }, realm_access: { roles: ['FinanceAgent'] } };
    expect(deepFreeze(answer)).toBe(answer);
    expect(Object.isFrozen(answer.act)).toBe(true);
    expect(Object.isFrozen(answer.realm_access.roles)).toBe(true);
  });

  it('walks an answer nested far deeper than a 16 KiB body allows without overflowing the stack', () => {
    const deep = JSON.parse(`${'['.repeat(100_000)}${']'.repeat(100_000)}`) as unknown[];
    expect(() => deepFreeze(deep)).not.toThrow();
    let inner: unknown = deep;
    for (let depth = 0; depth < 100_000 && Array.isArray(inner); depth++) inner = inner[0];
    expect(Object.isFrozen(inner)).toBe(true);
  });
});
