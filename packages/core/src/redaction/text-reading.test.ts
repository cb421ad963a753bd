import { expect, it } from 'vitest';
import { redactMatches, tracked } from './text-reading.js';

// `redactMatches` searches with `exec` on the pattern itself (session 31) and must step past an
// empty match as `matchAll` does: a whole code point in a `u` or `v` pattern, never into the
// middle of a surrogate pair (which would cut a character of the text in two).
it.each([
  ['u', /(?:)/gu],
  // biome-ignore lint/complexity/useRegexLiterals: the `v` flag as a literal needs an ES2024 target
  ['v', new RegExp('(?:)', 'gv')],
])('steps past an empty match by a whole code point with the %s flag', (_, pattern) => {
  const text = 'a😀b';
  const expected = [...text.matchAll(new RegExp(pattern))].map((match) => match.index);
  // A step into the pair found the empty match before it again, for ever: stopped after 10.
  let calls = 0;
  const redacted = redactMatches(tracked(text), pattern, () => {
    calls += 1;
    if (calls > 10) throw new Error('the search did not move on');
    return true;
  }).text;
  expect(redacted.split('***REDACTED***')).toEqual(['', 'a', '😀', 'b', '']);
  expect(expected).toEqual([0, 1, 3, 4]);
});

it('leaves the pattern searching from the start after a `redacts` that threw', () => {
  const pattern = /o/g;
  expect(() =>
    redactMatches(tracked('foo'), pattern, () => {
      throw new Error('logger failed');
    }),
  ).toThrow('logger failed');
  expect(redactMatches(tracked('foo'), pattern).text).toBe('f***REDACTED******REDACTED***');
});
