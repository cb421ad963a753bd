import { expectTypeOf, it } from 'vitest';
import type { HopCheck, SubjectCheck } from './authorize.js';
import { actorIn, agentIn, humanIn } from './subject-checks.js';

// wave32/firstrun: a string is an Iterable<string>, so `humanIn('alice')` and
// `humanIn(process.env.FINANCE_USERS!)` typechecked and were refused only at run time.
it('humanIn, agentIn and actorIn refuse one string at compile time', () => {
  const fromEnv = 'alice-id,bob-id' as string;
  // @ts-expect-error one string is not a list of ids: split it first
  humanIn(fromEnv);
  // @ts-expect-error one string is not a list of ids
  agentIn('finance-agent');
  // @ts-expect-error one string is not a list of ids
  actorIn('planner-agent');
});

it('they take arrays, readonly arrays, sets and other iterables of ids', () => {
  const readonlyIds: readonly string[] = ['alice-id'];
  const generated = (function* () {
    yield 'bob-id';
  })();
  expectTypeOf(humanIn(['alice-id'])).toEqualTypeOf<SubjectCheck>();
  expectTypeOf(humanIn(readonlyIds)).toEqualTypeOf<SubjectCheck>();
  expectTypeOf(humanIn('alice-id,bob-id'.split(','))).toEqualTypeOf<SubjectCheck>();
  expectTypeOf(agentIn(new Set(['finance-agent']))).toEqualTypeOf<SubjectCheck>();
  expectTypeOf(agentIn(new Map([['finance-agent', 1]]).keys())).toEqualTypeOf<SubjectCheck>();
  expectTypeOf(actorIn(generated)).toEqualTypeOf<HopCheck>();
});
