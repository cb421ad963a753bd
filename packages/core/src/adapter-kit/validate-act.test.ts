import { describe, expect, it } from 'vitest';
import { validateAct } from './validate-act.js';

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
  ])('refuses %j: %s', (act, message) => {
    expect(() => validateAct(act)).toThrow(new TypeError(message));
  });

  it('never echoes the act in its message', () => {
    expect(() => validateAct({ email: 'alice@example.com', name: 'Alice' })).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining('alice') }),
    );
  });
});
