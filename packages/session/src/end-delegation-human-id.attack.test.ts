import { InMemoryDelegationCutoffStore } from '@dual-auth/core';
import { describe, expect, it } from 'vitest';
import { endDelegation } from './end-delegation.js';

// A kill switch given an id that no credential can carry ('alice\n' read from a line, a blank
// placeholder) recorded a cut-off under it and answered as if the human's delegations had ended.
describe('endDelegation given a human id no credential carries', () => {
  it("refuses it by the act rules (as act.sub's), recording no cut-off", async () => {
    const cases: [string, string][] = [
      ['alice\n', "Act claim 'sub' field must not contain control characters"],
      ['alice\u200b', "Act claim 'sub' field must not contain control characters"],
      ['   ', "Act claim 'sub' field cannot be empty"],
      ['x'.repeat(1_000_000), "Act claim 'sub' field is longer than 256 characters"],
    ];
    for (const [human, why] of cases) {
      const cutoffStore = new InMemoryDelegationCutoffStore();
      await expect(endDelegation({ human, cutoffStore })).rejects.toThrow(
        new TypeError(`options.human must be the human's act or IAM id: ${why}`),
      );
      expect(await cutoffStore.cutoffOf(human)).toBeUndefined();
    }
  });

  it('takes an id as the IdP sends it', async () => {
    const cutoffStore = new InMemoryDelegationCutoffStore();
    await endDelegation({ human: 'auth0|65f0c1', cutoffStore });
    expect(await cutoffStore.cutoffOf('auth0|65f0c1')).toBeTypeOf('number');
  });
});
