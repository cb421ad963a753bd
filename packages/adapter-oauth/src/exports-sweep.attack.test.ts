// Every function and class of adapter-oauth's entries, called with a wrong first or second argument
// (`sweepExports`): whatever it throws or rejects with is never a crash from inside, and an error
// class refuses under its own name.
import { describe, expect, it } from 'vitest';
import { sweepExports } from '../../core/test/export-sweep.js';
import * as doctor from './doctor.js';
import * as adapter from './index.js';
import * as testing from './testing/index.js';

describe("adapter-oauth's exports never crash inside on a wrong argument", () => {
  it('every function and class of every entry', async () => {
    expect(await sweepExports({ adapter, doctor, testing })).toEqual([]);
  }, 60_000);
});
