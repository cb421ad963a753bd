import { describe, expect, it } from 'vitest';
import { setBounded } from './set-bounded.js';

describe('setBounded', () => {
  it('drops the oldest entry once the map is full, and a key set again becomes the newest', () => {
    const map = new Map<string, number>();
    setBounded(map, 'a', 1, 2);
    setBounded(map, 'b', 2, 2);
    setBounded(map, 'a', 3, 2);
    expect([...map]).toEqual([
      ['b', 2],
      ['a', 3],
    ]);
    setBounded(map, 'c', 4, 2);
    expect([...map]).toEqual([
      ['a', 3],
      ['c', 4],
    ]);
  });
});
