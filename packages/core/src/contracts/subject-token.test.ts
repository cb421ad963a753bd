import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import {
  createSubjectToken,
  isSubjectToken,
  readSubjectTokenOnce,
  TOKEN_TYPE,
} from './subject-token.js';

const TOKEN = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1LTEifQ.c2lnbmF0dXJl';

describe('createSubjectToken', () => {
  it('keeps the token readable and redacts it in every string form', () => {
    const token = createSubjectToken(TOKEN, TOKEN_TYPE.idToken);
    expect(token.value).toBe(TOKEN);
    expect(token.type).toBe('urn:ietf:params:oauth:token-type:id_token');
    for (const shown of [
      String(token),
      JSON.stringify(token),
      inspect(token),
      JSON.stringify({ token }),
    ]) {
      expect(shown).not.toContain(TOKEN);
      expect(shown).toContain('REDACTED');
    }
    expect(Object.keys(token)).not.toContain('value');
    expect(isSubjectToken(token)).toBe(true);
  });

  it('defaults to an access token', () => {
    expect(createSubjectToken(TOKEN).type).toBe(TOKEN_TYPE.accessToken);
  });

  it('refuses what is not a token, without quoting it', () => {
    for (const bad of ['', 'has space', 'ü', 'x'.repeat(16_385), 42 as unknown as string]) {
      const error = (() => {
        try {
          createSubjectToken(bad);
        } catch (e) {
          return e as Error;
        }
      })();
      expect(error).toBeInstanceOf(TypeError);
      if (typeof bad === 'string' && bad.length > 2) expect(error?.message).not.toContain(bad);
    }
    expect(() => createSubjectToken(TOKEN, 'not a uri')).toThrow('must be a URI');
    expect(isSubjectToken({ value: 1 })).toBe(false);
  });
});

describe('readSubjectTokenOnce', () => {
  it("keeps createSubjectToken's token, and copies another object's fields once, redacted, unchecked", () => {
    const made = createSubjectToken(TOKEN);
    expect(readSubjectTokenOnce(made)).toBe(made);
    const given = { value: 'not checked: spaces', type: 'not a uri' };
    const copy = readSubjectTokenOnce(given);
    given.value = 'changed';
    expect([copy?.value, copy?.type]).toEqual(['not checked: spaces', 'not a uri']);
    expect(Object.isFrozen(copy)).toBe(true);
    for (const shown of [String(copy), JSON.stringify(copy), inspect(copy)]) {
      expect(shown).not.toContain('spaces');
    }
  });

  it('answers undefined for what is no SubjectToken', () => {
    for (const value of [undefined, null, 'token', { value: 1, type: 't' }, { value: 'v' }]) {
      expect(readSubjectTokenOnce(value)).toBeUndefined();
    }
  });
});
