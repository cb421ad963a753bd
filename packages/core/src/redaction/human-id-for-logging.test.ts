import { describe, expect, it } from 'vitest';
import { createAuditEvent } from '../audit/audit-event.js';
import { humanIdForLogging } from './human-id-for-logging.js';
import { actForLogging } from './redact.js';

const UPN = 'alice@contoso.example';
const OID = '00000000-0000-0000-0000-0000000a11ce';

describe('humanIdForLogging', () => {
  it('names a human with an Entra object id by the oid, never the UPN', () => {
    expect(humanIdForLogging({ sub: UPN, oid: OID })).toBe(OID);
  });

  it('names a human without an oid by a digest when the id looks like an email', () => {
    const id = humanIdForLogging({ sub: UPN });
    expect(id).toMatch(/^sha256:[0-9a-f]{32}$/);
    expect(id).not.toContain('alice');
    // The same human, the same digest: log lines still correlate.
    expect(humanIdForLogging({ sub: UPN })).toBe(id);
    expect(humanIdForLogging({ sub: 'bob@contoso.example' })).not.toBe(id);
  });

  it.each([
    '@',
    'alice@contoso.example',
    // 55, 56 and 64 bytes: SHA-256's padding edge cases, one block or two.
    `${'a'.repeat(54)}@`,
    `${'a'.repeat(55)}@`,
    `${'a'.repeat(63)}@`,
    'ünïcödé@例え.jp'.repeat(9),
  ])('digests %j as Web Crypto’s SHA-256 does, cut to 16 bytes', async (sub) => {
    const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(sub));
    const hex = Buffer.from(digest, 0, 16).toString('hex');
    expect(humanIdForLogging({ sub })).toBe(`sha256:${hex}`);
  });

  it('keeps an IAM id that is no email as it is', () => {
    expect(humanIdForLogging({ sub: '00u-alice' })).toBe('00u-alice');
    expect(humanIdForLogging({ sub: 'user-123', oid: '' })).toBe('user-123');
    expect(humanIdForLogging(undefined)).toBeUndefined();
  });
});

describe('where core names a human', () => {
  it('logs the act of a token request without its UPN', () => {
    expect(actForLogging({ sub: UPN, oid: OID })).toMatchObject({ human_id: OID, oid: OID });
    expect(JSON.stringify(actForLogging({ sub: UPN }))).not.toContain('@');
  });

  it('writes no email as the audit record human_id', () => {
    const withOid = createAuditEvent({
      source: 'resource',
      decision: 'ALLOW',
      reason: 'authorized',
      human_id: UPN,
      human_oid: OID,
    });
    expect(withOid).toMatchObject({ human_id: OID, human_oid: OID });
    const withoutOid = createAuditEvent({
      source: 'client',
      decision: 'ALLOW',
      reason: 'authorized',
      human_id: UPN,
    });
    expect(withoutOid.human_id).toBe(humanIdForLogging({ sub: UPN }));
  });
});
