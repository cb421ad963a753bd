import { describe, expect, it } from 'vitest';
import { peopleOf } from '../adapter-kit/people-of.js';
import { peopleBesideScopes } from './people-beside-scopes.js';
import { scopeNamesForLogging } from './scope-names-for-logging.js';
import { withoutPersonalText } from './without-personal-text.js';

describe('peopleBesideScopes', () => {
  it('drops a person that is a requested scope name, in any case, and keeps the rest in order', () => {
    expect(
      peopleBesideScopes(['u-1', 'Admin', 'Alice Liddell'], ['ADMIN', 'finance.read']),
    ).toEqual(['u-1', 'Alice Liddell']);
    expect(peopleBesideScopes(['42'], [42])).toEqual([]);
  });

  it('is the rule of peopleOf and of the scope names logs show: a kept role stays in both', () => {
    const scope = ['Admin', 'files:u-1'];
    const people = peopleOf({ act: { sub: 'u-1', role: 'admin' }, scope });
    expect(people).toEqual(['u-1']);
    // Given every act string, the log rule drops the same one that peopleOf dropped.
    expect(scopeNamesForLogging(scope, ['u-1', 'admin'], scope)).toEqual(
      scopeNamesForLogging(scope, people, scope),
    );
  });

  // Session 29: a word of a name is blanked alone (`Admin` of `Mark Admin`); a requested scope
  // name is still a scope name, in the scope logs and in the IdP's text alike.
  it('keeps a requested scope name that is one word of a name of the act', () => {
    const scope = ['Admin', 'files:Liddell'];
    const act = { sub: 'u-1', name: 'Mark Admin', nickname: 'Alice Liddell' };
    expect(scopeNamesForLogging(scope, Object.values(act), scope)).toEqual([
      'Admin',
      'files:***REDACTED***',
    ]);
    expect(withoutPersonalText('scope Admin refused for Mark', peopleOf({ act, scope }))).toBe(
      'scope Admin refused for ***REDACTED***',
    );
  });
});
