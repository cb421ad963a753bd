import { describe, expect, it } from 'vitest';
import { createDualSubjectToken, shownScopeOf } from './dual-subject-token.js';

const FIELDS = { accessToken: 'at', tokenType: 'Bearer', expiresIn: 60, issuedAt: 0 };

describe('shownScope and shownScopeOf', () => {
  it('carry the blanked scope to a copy made without people, emails blanked again', () => {
    const original = createDualSubjectToken({
      ...FIELDS,
      scope: 'files:aliddell',
      people: ['aliddell'],
    });
    expect(shownScopeOf(original)).toBe('files:***REDACTED***');
    const copy = createDualSubjectToken({
      ...FIELDS,
      scope: original.scope,
      shownScope: `${shownScopeOf(original)} mail:a@corp.example`,
    });
    expect(copy.scope).toBe('files:aliddell');
    expect(String(copy)).toContain('scope=files:***REDACTED*** mail:***REDACTED***');
  });

  it('refuses a shownScope that is not a string, and reads none from a plain object', () => {
    expect(() => createDualSubjectToken({ ...FIELDS, scope: 's', shownScope: 1 as never })).toThrow(
      new TypeError('shownScope must be a string (the scope an earlier token showed)'),
    );
    const plain = { ...FIELDS, scope: 's', expiresAt: 60_000 };
    expect(shownScopeOf(plain)).toBeUndefined();
    const throwing = {
      ...plain,
      toJSON: () => {
        throw new Error('no');
      },
    };
    expect(shownScopeOf(throwing)).toBeUndefined();
  });

  it('reads the shown scope from a symbol-keyed property no string form lists, not from toJSON', () => {
    const token = createDualSubjectToken({ ...FIELDS, scope: 'files:u-1', people: ['u-1'] });
    const key = Symbol.for('dual-auth.token.shownScope');
    expect(Object.getOwnPropertyDescriptor(token, key)).toEqual({
      value: 'files:***REDACTED***',
      enumerable: false,
      writable: false,
      configurable: false,
    });
    // A hand-made token's toJSON is its own business: its copy blanks emails in `scope`.
    const handMade = { ...FIELDS, scope: 's', expiresAt: 60_000, toJSON: () => ({ scope: 'x' }) };
    expect(shownScopeOf(handMade)).toBeUndefined();
  });
});
