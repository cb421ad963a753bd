import { describe, expect, it } from 'vitest';
import { InMemoryDelegationCutoffStore } from './in-memory-delegation-cutoff-store.js';
import { InMemoryReplayStore } from './in-memory-replay-store.js';

describe("core's stores refuse options they do not know", () => {
  it('names the store and the option meant', () => {
    expect(() => new InMemoryReplayStore({ maxEntry: 10 } as never)).toThrow(
      new TypeError(
        'new InMemoryReplayStore: maxEntry is not an option (did you mean maxEntries?); pass only the options it takes, and install every @dual-auth package from one release line',
      ),
    );
    expect(() => new InMemoryDelegationCutoffStore({ clocks: { now: () => 0 } } as never)).toThrow(
      'new InMemoryDelegationCutoffStore: clocks is not an option (did you mean clock?)',
    );
  });
});
