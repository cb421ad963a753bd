import { describe, expect, it } from 'vitest';
import { peopleOf } from '../adapter-kit/people-of.js';
import { peopleBesideScopes } from './people-beside-scopes.js';
import { scopeNamesForLogging } from './scope-names-for-logging.js';

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
});
