import { InMemoryDelegationCutoffStore } from '@dual-auth/core';
import { expect, it } from 'vitest';
import { CountingAdapter, ManualClock } from '../test/counting-adapter.js';
import { endDelegation } from './end-delegation.js';

// Journey 8: a team follows "Ending a delegation" and passes the adapter so that the human's tokens
// are revoked at the IdP, but no `cache` (their OutOfSessionTokenRequest uses its default cache,
// which they have no handle on). endDelegation answers `revocations: []`, which reads as "there
// was nothing to revoke"; nothing was even looked for. It should say so (an outcome, or a
// TypeError naming `cache`).
it('does not answer an empty revocation list when given an adapter but no cache to list tokens from', async () => {
  const clock = new ManualClock(Date.UTC(2026, 0, 1, 12));
  const adapter = new CountingAdapter({ now: () => clock.now() });
  const outcome = await endDelegation({
    human: 'alice',
    cutoffStore: new InMemoryDelegationCutoffStore({ clock }),
    adapter,
    clock,
  }).then(
    (ended) => ended.revocations,
    (error: Error) => error.message,
  );
  if (typeof outcome === 'string') {
    expect(outcome).toMatch(/cache/);
  } else {
    expect(outcome).not.toEqual([]);
  }
});
