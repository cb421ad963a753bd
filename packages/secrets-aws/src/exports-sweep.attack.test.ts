// Every function and class of secrets-aws's entries, called with a wrong first or second argument
// (`sweepExports`): whatever it throws or rejects with is never a crash from inside, and an error
// class refuses under its own name.
import { describe, expect, it } from 'vitest';
import { sweepExports } from '../../core/test/export-sweep.js';
import * as secrets from './index.js';

describe("secrets-aws's exports never crash inside on a wrong argument", () => {
  it('every function and class of every entry', async () => {
    expect(await sweepExports({ secrets })).toEqual([]);
  }, 60_000);

  it('awsSecretName names the argument that is not a string', () => {
    expect(() => secrets.awsSecretName(undefined as never, 'dual-auth/')).toThrow(
      /^key must be a string, got undefined$/,
    );
    expect(() => secrets.awsSecretName('AGENT_CLIENT_ID', 42 as never)).toThrow(
      /^prefix must be a string, got number$/,
    );
  });
});
