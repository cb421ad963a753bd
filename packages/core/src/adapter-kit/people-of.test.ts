import { describe, expect, it } from 'vitest';
import type { Act } from '../contracts/act.js';
import { peopleOf } from './people-of.js';

describe('peopleOf', () => {
  it("gives the act's strings, but not one that is a requested scope name (any case)", () => {
    const act = { sub: 'u-1', name: 'Alice Liddell', role: 'Admin', level: 3 } as unknown as Act;
    expect(peopleOf({ act, scope: ['admin', 'finance.read'] })).toEqual(['u-1', 'Alice Liddell']);
  });

  it('holds no one for an act that is not an object, and reads a scope that is not an array as none', () => {
    expect(peopleOf({ act: null as unknown as Act, scope: [] })).toEqual([]);
    expect(peopleOf({ act: { sub: 'u-1' }, scope: 'u-1' as unknown as string[] })).toEqual(['u-1']);
  });
});
