import { describe, expect, it } from 'vitest';
import { InMemoryTokenCache } from './in-memory-token-cache.js';
import { SingleFlightTokenCache } from './single-flight-token-cache.js';

// A misspelled option was dropped without a word: `refreshMarginSecond: 120` served tokens 30 s
// from expiry, `maxEntry` kept the default 1000, and a misspelled `store` kept tokens per process.
describe('the session token caches refuse unknown options', () => {
  it('new InMemoryTokenCache names maxEntries', () => {
    expect(() => new InMemoryTokenCache({ maxEntry: 10 } as never)).toThrow(
      /^new InMemoryTokenCache: maxEntry is not an option \(did you mean maxEntries\?\)/,
    );
  });

  it('new SingleFlightTokenCache names refreshMarginSeconds and store', () => {
    expect(() => new SingleFlightTokenCache({ refreshMarginSecond: 120 } as never)).toThrow(
      /^new SingleFlightTokenCache: refreshMarginSecond is not an option \(did you mean refreshMarginSeconds\?\)/,
    );
    const store = new InMemoryTokenCache();
    expect(() => new SingleFlightTokenCache({ stor: store } as never)).toThrow(
      'did you mean store?',
    );
  });

  it('every option each takes is still accepted', () => {
    const clock = { now: () => 0 };
    const store = new InMemoryTokenCache({ maxEntries: 10, clock, logger: undefined });
    expect(
      () =>
        new SingleFlightTokenCache({ store, refreshMarginSeconds: 60, clock, logger: undefined }),
    ).not.toThrow();
  });
});
