import { describe, expect, it } from 'vitest';
import { findActProblem, validateAct } from './validate-act.js';

describe('validateAct', () => {
  it('returns a valid act unchanged', () => {
    const act = { sub: 'u-1', email: 'a@x.com', extra: 1 };
    expect(validateAct(act)).toBe(act);
  });

  it.each([
    [undefined, 'Act claim cannot be empty'],
    [null, 'Act claim cannot be empty'],
    [{}, 'Act claim cannot be empty'],
    [{ email: 'alice@example.com' }, "Act claim must contain 'sub' field"],
    [{ sub: '' }, "Act claim 'sub' field cannot be empty"],
    [{ sub: '   ' }, "Act claim 'sub' field cannot be empty"],
    [{ sub: null }, "Act claim 'sub' field cannot be empty"],
    [{ sub: 42 }, "Act claim 'sub' field must be a string"],
    ['u-1', 'Act claim must be an object'],
    [['u-1'], 'Act claim must be an object'],
    [{ sub: 'u'.repeat(257) }, "Act claim 'sub' field is longer than 256 characters"],
    [{ sub: 'u-1', email: 42 }, "Act claim 'email' field must be a string"],
    [{ sub: 'u-1', name: ['A'] }, "Act claim 'name' field must be a string"],
    [{ sub: 'u-1', oid: '' }, "Act claim 'oid' field must be a non-empty string"],
    [{ sub: 'u-1', oid: 'o'.repeat(257) }, "Act claim 'oid' field is longer than 256 characters"],
    [{ sub: 'u-1\r\nX: y' }, "Act claim 'sub' field must not contain control characters"],
    [{ sub: 'u-1\u0085' }, "Act claim 'sub' field must not contain control characters"],
    [{ sub: '\u202eu-1' }, "Act claim 'sub' field must not contain control characters"],
    [{ sub: 'u-1', oid: 'o\u2067' }, "Act claim 'oid' field must not contain control characters"],
    [{ sub: 'u-1', oid: 'o\u200b' }, "Act claim 'oid' field must not contain control characters"],
    [
      { sub: 'u-1', act: { sub: 'agent-2' } },
      'Act claim must not contain a nested act: it names the human',
    ],
  ])('refuses %j: %s', (act, message) => {
    expect(() => validateAct(act)).toThrow(new TypeError(message));
  });

  it('names the claim at fault, and tells an absent act from an invalid one', () => {
    expect(findActProblem(undefined)).toMatchObject({ claim: 'act', missing: true });
    expect(findActProblem('u-1')).toMatchObject({ claim: 'act', missing: false });
    expect(findActProblem({ sub: ' ' })).toMatchObject({ claim: 'act.sub', missing: false });
    expect(findActProblem({ sub: 'u', oid: 1 })).toMatchObject({ claim: 'act.oid' });
    expect(findActProblem({ sub: 'u', act: {} })).toMatchObject({ claim: 'act.act' });
    expect(
      findActProblem({ sub: 'u'.repeat(256), email: 'a@x', name: 'A', oid: 'o'.repeat(256) }),
    ).toBe(undefined);
  });

  // "user-123" + U+200B prints as the real user's id in every log line, audit record and
  // dashboard, while every id-keyed store (delegation cut-off, caches, allow lists) sees another id.
  it.each([
    ['ZERO WIDTH SPACE', '\u200b'],
    ['ZERO WIDTH NON-JOINER', '\u200c'],
    ['ZERO WIDTH JOINER', '\u200d'],
    ['WORD JOINER', '\u2060'],
    ['ZERO WIDTH NO-BREAK SPACE (BOM)', '\ufeff'],
    ['SOFT HYPHEN', '\u00ad'],
    ['TAG LATIN CAPITAL LETTER A', '\u{E0041}'],
    ['a private-use character', '\ue000'],
    ['a lone surrogate', '\ud800'],
  ])('refuses an act.sub with an invisible %s, like a control character', (_name, character) => {
    expect(findActProblem({ sub: `user-123${character}` })).toMatchObject({
      claim: 'act.sub',
      message: "Act claim 'sub' field must not contain control characters",
    });
  });

  it('accepts ids of every script, and emoji', () => {
    for (const sub of ['auth0|65f0c1', 'josé.müller', '用户-123', 'Ωmega', 'u-🙂']) {
      expect(findActProblem({ sub })).toBe(undefined);
    }
  });

  it('never echoes the act in its message', () => {
    expect(() => validateAct({ email: 'alice@example.com', name: 'Alice' })).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining('alice') }),
    );
  });
});
