import { createDualSubjectToken } from '@dual-auth/core';
import { describe, expect, it } from 'vitest';
import { countedFromRequestStart } from './counted-from-request-start.js';

const RECEIVED_MS = Date.UTC(2026, 0, 1, 12, 1);
const STARTED_MS = RECEIVED_MS - 60_000;

function token(notAfter?: number) {
  return createDualSubjectToken({
    accessToken: 'opaque-secret',
    tokenType: 'Bearer',
    expiresIn: 3600,
    scope: 'finance.read',
    actAssertion: 'assertion-secret',
    issuedAt: RECEIVED_MS,
    notAfter,
  });
}

describe('countedFromRequestStart', () => {
  it('counts expires_in from the request start, keeping every field and the redaction', () => {
    const counted = countedFromRequestStart(token(), STARTED_MS);
    expect(counted.expiresAt).toBe(STARTED_MS + 3600 * 1000);
    expect(counted).toMatchObject({
      accessToken: 'opaque-secret',
      actAssertion: 'assertion-secret',
      tokenType: 'Bearer',
      expiresIn: 3600,
      scope: 'finance.read',
    });
    expect(`${counted} ${JSON.stringify(counted)}`).not.toMatch(/secret/);
  });

  it('keeps an earlier cap (an Entra act assertion) as it is', () => {
    const capped = token(RECEIVED_MS + 300_000);
    expect(countedFromRequestStart(capped, STARTED_MS).expiresAt).toBe(RECEIVED_MS + 300_000);
  });

  it('carries the request start as issuedAt, a cap by an act assertion or not', () => {
    expect(countedFromRequestStart(token(), STARTED_MS).issuedAt).toBe(STARTED_MS);
    const capped = countedFromRequestStart(token(RECEIVED_MS + 300_000), STARTED_MS);
    expect(capped.issuedAt).toBe(STARTED_MS);
  });

  it('keeps who the token was asked for (humanId, agentId), which the client checks its identity by', () => {
    const asked = createDualSubjectToken({
      accessToken: 'opaque-secret',
      tokenType: 'Bearer',
      expiresIn: 3600,
      scope: 'finance.read',
      issuedAt: RECEIVED_MS,
      humanId: 'u-1',
      agentId: 'finance-agent',
    });
    const counted = countedFromRequestStart(asked, STARTED_MS);
    expect(counted).not.toBe(asked);
    expect(counted).toMatchObject({ humanId: 'u-1', agentId: 'finance-agent' });
  });

  it('gives back a token counted from its start or earlier unchanged, never moving its expiry later', () => {
    const received = token();
    expect(countedFromRequestStart(received, RECEIVED_MS)).toBe(received);
    expect(countedFromRequestStart(received, RECEIVED_MS + 5_000)).toBe(received);
  });
});
