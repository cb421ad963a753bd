import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createAuditEvent } from '../src/audit/audit-event.js';
import {
  humanIdForLogging,
  loggableId,
  prepareHumanIdForLogging,
} from '../src/redaction/human-id-for-logging.js';

// Node only (test/ does not run under the edge runtime): the synchronous path through
// `node:crypto`, checked against node:crypto's own SHA-256 of the id.
function nodeDigest(id: string): string {
  return `sha256:${createHash('sha256').update(id, 'utf8').digest('hex').slice(0, 32)}`;
}

describe('humanIdForLogging on Node', () => {
  it.each(['alice@contoso.example', `${'a'.repeat(55)}@`, 'ünïcödé@例え.jp'.repeat(9)])(
    'digests %j at once, with nothing to prepare',
    (sub) => {
      expect(prepareHumanIdForLogging({ sub })).toBeUndefined();
      expect(humanIdForLogging({ sub })).toBe(nodeDigest(sub));
      expect(humanIdForLogging({ sub: 'bob', oid: sub })).toBe(nodeDigest(sub));
      expect(loggableId(sub)).toBe(nodeDigest(sub));
    },
  );

  it('writes the digest as the audit record human_id and human_oid', () => {
    const record = createAuditEvent({
      source: 'client',
      decision: 'ALLOW',
      reason: 'authorized',
      human_id: 'alice@contoso.example',
    });
    expect(record.human_id).toBe(nodeDigest('alice@contoso.example'));
    const withOid = createAuditEvent({
      source: 'resource',
      decision: 'ALLOW',
      reason: 'authorized',
      human_id: 'user-1',
      human_oid: 'jane@corp.example',
    });
    expect(withOid).toMatchObject({
      human_id: nodeDigest('jane@corp.example'),
      human_oid: nodeDigest('jane@corp.example'),
    });
  });
});
