import { expect, it } from 'vitest';
import { withoutPersonalText } from './without-personal-text.js';

// A caller that holds its people (the client's route asks once per URL segment with one array)
// gets the patterns made for that array again: they must follow the array's entries, never
// another array's, and an array changed in place blanks whom it holds now.

const TEXT = 'Alice Liddell (aliddell) and Bob Stone (bstone) asked';

it('the same array asked twice blanks the same people', () => {
  const people = ['Alice Liddell', 'aliddell'];
  const once = withoutPersonalText(TEXT, people);
  expect(once).toBe('***REDACTED*** (***REDACTED***) and Bob Stone (bstone) asked');
  expect(withoutPersonalText(TEXT, people)).toBe(once);
});

it('an array whose entries changed in place blanks whom it holds now', () => {
  const people = ['Alice Liddell', 'aliddell'];
  withoutPersonalText(TEXT, people);
  people[0] = 'Bob Stone';
  expect(withoutPersonalText(TEXT, people)).toBe(
    'Alice Liddell (***REDACTED***) and ***REDACTED*** (bstone) asked',
  );
  people.push('bstone');
  expect(withoutPersonalText(TEXT, people)).toBe(
    'Alice Liddell (***REDACTED***) and ***REDACTED*** (***REDACTED***) asked',
  );
  people.length = 0;
  expect(withoutPersonalText(TEXT, people)).toBe(TEXT);
});

it('two arrays of other people asked in turn each blank their own', () => {
  const alice = ['aliddell'];
  const bob = ['bstone'];
  for (let i = 0; i < 2; i++) {
    expect(withoutPersonalText(TEXT, alice)).toBe(
      'Alice Liddell (***REDACTED***) and Bob Stone (bstone) asked',
    );
    expect(withoutPersonalText(TEXT, bob)).toBe(
      'Alice Liddell (aliddell) and Bob Stone (***REDACTED***) asked',
    );
  }
});
