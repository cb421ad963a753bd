// Every function and class of session's entries, called with a wrong first or second argument
// (`sweepExports`): whatever it throws or rejects with is never a crash from inside, and an error
// class refuses under its own name.
import { describe, expect, it } from 'vitest';
import { sweepExports } from '../../core/test/export-sweep.js';
import * as context from './context/index.js';
import * as session from './index.js';
import * as node from './node/index.js';

describe("session's exports never crash inside on a wrong argument", () => {
  it('every function and class of every entry', async () => {
    expect(await sweepExports({ session, context, node })).toEqual([]);
  }, 60_000);
});
