import { describe, expect, it } from 'vitest';
import { findActProblem } from './validate-act.js';

// Attack: `act.sub` (and client ids, `sub` in the rfc8693 layout) are refused when they hold a
// control or bidirectional character, "so that it can reach no log line or audit record" in a form
// that reads as something else. Invisible format characters pass: an `act.sub` of
// "user-123" + U+200B prints exactly as the real user's id in every log line, audit record and
// dashboard, while every id-keyed store (delegation cut-off, caches, allow lists) sees another id.
const INVISIBLE = [
  ['ZERO WIDTH SPACE', '\u200b'],
  ['ZERO WIDTH NON-JOINER', '\u200c'],
  ['ZERO WIDTH JOINER', '\u200d'],
  ['WORD JOINER', '\u2060'],
  ['ZERO WIDTH NO-BREAK SPACE (BOM)', '\ufeff'],
  ['SOFT HYPHEN', '\u00ad'],
  ['TAG LATIN CAPITAL LETTER A', '\u{E0041}'],
] as const;

describe.each(INVISIBLE)('act.sub with an invisible %s', (_name, character) => {
  it('is refused like a control character', () => {
    expect(findActProblem({ sub: `user-123${character}` })?.claim).toBe('act.sub');
  });
});
