import { inspect } from 'node:util';
import { createDualSubjectToken } from '@dual-auth/core';
import { describe, expect, it } from 'vitest';
import { countedFromRequestStart } from './counted-from-request-start.js';

const RECEIVED_MS = Date.UTC(2026, 0, 1, 12, 1);

describe('countedFromRequestStart and a per-user scope', () => {
  it('shows the scope as the token it recounts showed it: the human blanked, not only emails', () => {
    const token = createDualSubjectToken({
      accessToken: 'opaque-secret',
      tokenType: 'Bearer',
      expiresIn: 3600,
      scope: 'finance.read files:aliddell',
      issuedAt: RECEIVED_MS,
      people: ['00u7q2w9', 'aliddell'],
    });
    const counted = countedFromRequestStart(token, RECEIVED_MS - 60_000);
    expect(counted.expiresAt).toBe(RECEIVED_MS - 60_000 + 3600 * 1000);
    expect(counted.scope).toBe('finance.read files:aliddell');
    for (const shown of [String(counted), JSON.stringify(counted), inspect(counted)]) {
      expect(shown).toContain('finance.read files:***REDACTED***');
      expect(shown).not.toContain('aliddell');
    }
  });
});
