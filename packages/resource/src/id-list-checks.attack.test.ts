import { describe, expect, it } from 'vitest';
import { createDualSubject } from './dual-subject.js';
import { actorIn, agentIn, humanIn } from './subject-checks.js';

function subjectOf(agentId: string, humanSub: string) {
  return createDualSubject({
    vendor: 'keycloak',
    layout: 'legacy',
    agent: { id: agentId, roles: [], scopes: [], raw: {} },
    human: { sub: humanSub, raw: { sub: humanSub } },
    chain: [{ id: agentId, raw: { sub: agentId } }],
  });
}
const signal = new AbortController().signal;

// wave32/newuser: a string is an Iterable<string> to TypeScript, so `humanIn(process.env.FINANCE_USERS)`
// or `agentIn('finance-agent')` typechecked and made a set of the string's CHARACTERS: the id
// itself was refused, and any human or agent whose id is one of those characters ('a', '5', ',')
// was allowed. A list given as one string is refused when the rule is built.
describe('humanIn, agentIn and actorIn given one string instead of a list of ids', () => {
  it.each([
    ['humanIn', humanIn],
    ['agentIn', agentIn],
    ['actorIn', actorIn],
  ] as const)('%s refuses a string, saying to pass a list or split the variable', (call, make) => {
    expect(() => make('5b1f0c2e-7d4a,finance-agent' as never)).toThrow(
      new TypeError(
        `${call} takes a list of ids (an array or another iterable of strings), got a string: ${call}(['id']); split a comma-separated variable first: ${call}(value.split(','))`,
      ),
    );
  });

  it('the one-character ids a string stood for are never allowed', async () => {
    let check: ReturnType<typeof humanIn> | undefined;
    try {
      check = humanIn('5b1f0c2e' as never);
    } catch {
      // refused at creation: nothing is allowed by mistake
    }
    if (check !== undefined) {
      expect(await check({ subject: subjectOf('finance-agent', '5'), signal })).toBe(false);
    }
    expect(check).toBeUndefined();
  });

  it.each([
    ['undefined (an unset variable split with ?.)', undefined],
    ['null', null],
    ['a number', 42],
  ])('refuses %s', (_label, ids) => {
    expect(() => humanIn(ids as never)).toThrow(TypeError);
  });

  // The message said "got a undefined" and "got a object": for an unset variable (the case the
  // TSDoc names) it did not say the variable was unset.
  it.each([
    [undefined, 'undefined (an unset variable?)'],
    [null, 'null (an unset variable?)'],
    [{ ids: ['alice-id'] }, 'an object'],
    [42, 'a number'],
  ])('names what it got instead of a list (%s)', (ids, got) => {
    expect(() => humanIn(ids as never)).toThrow(
      new TypeError(
        `humanIn takes a list of ids (an array or another iterable of strings), got ${got}: humanIn(['id']); split a comma-separated variable first: humanIn(value.split(','))`,
      ),
    );
  });

  it('refuses an entry that is not a non-empty string, never echoing it', () => {
    expect(() => agentIn(['finance-agent', 7] as never)).toThrow(
      new TypeError('agentIn: every id must be a non-empty string'),
    );
    expect(() => humanIn(['alice-id', ''])).toThrow(
      new TypeError('humanIn: every id must be a non-empty string'),
    );
  });

  it('takes arrays, sets and other iterables of ids, and an empty list (no one)', async () => {
    const asked = (check: ReturnType<typeof humanIn>, agent: string, human: string) =>
      check({ subject: subjectOf(agent, human), signal });
    expect(await asked(humanIn(['alice-id']), 'a1', 'alice-id')).toBe(true);
    expect(await asked(agentIn(new Set(['finance-agent'])), 'finance-agent', 'h')).toBe(true);
    const ids = function* () {
      yield 'bob-id';
    };
    expect(await asked(humanIn(ids()), 'a1', 'bob-id')).toBe(true);
    expect(await asked(humanIn([]), 'a1', 'alice-id')).toBe(false);
  });
});
