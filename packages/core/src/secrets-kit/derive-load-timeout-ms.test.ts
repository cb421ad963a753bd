import { describe, expect, it } from 'vitest';
import { deriveLoadTimeoutMs, SECRET_LOAD_MARGIN_MS } from './derive-load-timeout-ms.js';

describe('deriveLoadTimeoutMs', () => {
  it('adds every request at its deadline, the waits and the margin', () => {
    expect(deriveLoadTimeoutMs({ requests: 3, timeoutMs: 10_000 })).toBe(35_000);
    expect(deriveLoadTimeoutMs({ requests: 5, timeoutMs: 10_000, waitMs: 125_600 })).toBe(
      50_000 + 125_600 + SECRET_LOAD_MARGIN_MS,
    );
    expect(deriveLoadTimeoutMs({ requests: 1, timeoutMs: 60_000 })).toBe(65_000);
  });

  it('gives the largest timer for requests without a deadline, and never more', () => {
    expect(deriveLoadTimeoutMs({ requests: 3, timeoutMs: 0 })).toBe(2_147_483_647);
    expect(deriveLoadTimeoutMs({ requests: 4, timeoutMs: 2_000_000_000 })).toBe(2_147_483_647);
  });
});
